import { describe, expect, it } from 'vitest';
import { matches } from '../../events/pattern';

/** Examples from AWS's "Amazon EventBridge event patterns" documentation, and their stated results. */
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

describe('event patterns (AWS documentation examples)', () => {
  it('matches exact values, OR within an array, and nested detail fields', () => {
    expect(
      matches({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] }, ec2Event),
    ).toBe(true);
    expect(matches({ detail: { state: ['running', 'terminated'] } }, ec2Event)).toBe(true);
    expect(matches({ detail: { state: ['pending'] } }, ec2Event)).toBe(false);
    expect(matches({ source: ['aws.s3'] }, ec2Event)).toBe(false);
  });

  it('matches an array field in the event when any element matches', () => {
    expect(
      matches(
        { resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0', 'other'] },
        ec2Event,
      ),
    ).toBe(true);
  });

  it('supports prefix, suffix and equals-ignore-case', () => {
    expect(matches({ time: [{ prefix: '2017-12-22' }] }, ec2Event)).toBe(true);
    expect(matches({ detail: { 'instance-id': [{ suffix: 'def0' }] } }, ec2Event)).toBe(true);
    expect(matches({ detail: { state: [{ 'equals-ignore-case': 'TERMINATED' }] } }, ec2Event)).toBe(true);
    expect(matches({ source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] }, ec2Event)).toBe(true);
    expect(matches({ time: [{ prefix: '2018' }] }, ec2Event)).toBe(false);
  });

  it('supports anything-but with values, prefix and suffix', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, ec2Event)).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } }, ec2Event)).toBe(
      false,
    );
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, ec2Event)).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'term' } }] } }, ec2Event)).toBe(false);
    expect(matches({ detail: { 'instance-id': [{ 'anything-but': { suffix: 'def0' } }] } }, ec2Event)).toBe(
      false,
    );
  });

  it('supports numeric matching with ranges', () => {
    const event = { detail: { c_count: 5, d_count: 7, x_limit: 301.8 } };
    expect(
      matches(
        {
          detail: {
            c_count: [{ numeric: ['>', 0, '<=', 5] }],
            d_count: [{ numeric: ['<', 10] }],
            x_limit: [{ numeric: ['=', 3.018e2] }],
          },
        },
        event,
      ),
    ).toBe(true);
    expect(matches({ detail: { c_count: [{ numeric: ['>', 5] }] } }, event)).toBe(false);
    expect(matches({ detail: { c_count: [{ numeric: ['>', 0] }] } }, { detail: { c_count: '5' } })).toBe(
      false,
    );
  });

  it('supports exists', () => {
    expect(matches({ detail: { state: [{ exists: true }] } }, ec2Event)).toBe(true);
    expect(matches({ detail: { 'no-such-field': [{ exists: false }] } }, ec2Event)).toBe(true);
    expect(matches({ detail: { state: [{ exists: false }] } }, ec2Event)).toBe(false);
  });

  it('supports $or across fields', () => {
    const pattern = {
      detail: {
        $or: [{ c_count: [{ numeric: ['>', 0, '<=', 5] }] }, { d_count: [{ numeric: ['<', 10] }] }],
      },
    };
    expect(matches(pattern, { detail: { c_count: 9, d_count: 3 } })).toBe(true);
    expect(matches(pattern, { detail: { c_count: 9, d_count: 30 } })).toBe(false);
  });

  it('supports wildcard and cidr', () => {
    expect(
      matches({ EventSource: [{ wildcard: 'Simple*Service' }] }, { EventSource: 'SimpleQueueService' }),
    ).toBe(true);
    expect(matches({ EventSource: [{ wildcard: 'Simple*Service' }] }, { EventSource: 'SimpleQueue' })).toBe(
      false,
    );
    expect(
      matches(
        { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } },
        { detail: { 'source-ip': '10.0.0.255' } },
      ),
    ).toBe(true);
    expect(
      matches(
        { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } },
        { detail: { 'source-ip': '10.0.1.1' } },
      ),
    ).toBe(false);
  });

  it('rejects a pattern whose leaf is not an array', () => {
    expect(() => matches({ source: 'aws.ec2' }, ec2Event)).toThrow(/array/);
  });
});
