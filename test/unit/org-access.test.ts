import { afterEach, describe, expect, it } from 'vitest';
import { canRead } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { regionOf } from '../../shared/catalogue/catalogue';
import type { HttpEvent } from '../../shared/http/handler';
import type { HttpProblemError } from '../../shared/http/problem';
import { setOrgChanges } from '../../shared/org/live-map';
import { OrgChangeBody } from '../../shared/org/org-map';
import cloudEvent from '../fixtures/apigw-http-jwt-event.json';

/** Access against the map after each kind of change (all effective well before today). */
const tokenFor = (role: string, unit: string) => {
  const event = structuredClone(cloudEvent) as unknown as HttpEvent;
  const claims = event.requestContext.authorizer.jwt.claims as Record<string, string>;
  claims['custom:role'] = role;
  claims['custom:unit'] = unit;
  return event;
};
const common = { description: 'A change for the test', effectiveDate: '2026-02-01' };
const refusal = (unit: string) => {
  try {
    identityOf(tokenFor('editor', unit));
  } catch (error) {
    return (error as HttpProblemError).status === 403 ? (error as Error).message : `not 403: ${error}`;
  }
  return 'accepted';
};

afterEach(() => setOrgChanges([]));

describe('access after each kind of org change', () => {
  it('rename: the same unit, the same access', () => {
    setOrgChanges([
      OrgChangeBody.parse({
        ...common,
        id: 'test-rename',
        kind: 'rename',
        unitId: 'ics-devon',
        name: 'One Devon',
      }),
    ]);
    expect(identityOf(tokenFor('editor', 'ics-devon')).unitId).toBe('ics-devon');
    expect(canRead(identityOf(tokenFor('reader', 'region-south-west')), 'ics-devon')).toBe(true);
  });

  it('merge with successor access: a merged unit acts as the successor, and its region reads it', () => {
    setOrgChanges([
      OrgChangeBody.parse({
        ...common,
        id: 'test-merge',
        kind: 'merge',
        from: ['ics-devon', 'ics-somerset'],
        into: { id: 'ics-devon-and-somerset', name: 'Devon and Somerset' },
        successorAccess: true,
      }),
    ]);
    expect(identityOf(tokenFor('editor', 'ics-devon'))).toMatchObject({
      unitId: 'ics-devon-and-somerset',
      tokenUnitId: 'ics-devon',
    });
    expect(canRead(identityOf(tokenFor('reader', 'region-south-west')), 'ics-devon-and-somerset')).toBe(true);
    expect(canRead(identityOf(tokenFor('reader', 'region-london')), 'ics-devon-and-somerset')).toBe(false);
  });

  it('split: the closed unit is refused, naming every successor', () => {
    setOrgChanges([
      OrgChangeBody.parse({
        ...common,
        id: 'test-split',
        kind: 'split',
        unitId: 'ics-devon',
        into: [
          { id: 'ics-north-devon', name: 'North Devon' },
          { id: 'ics-south-devon', name: 'South Devon' },
        ],
        commitments: {},
      }),
    ]);
    expect(refusal('ics-devon')).toMatch(/ics-devon closed on 2026-02-01 .*ics-north-devon, ics-south-devon/);
    expect(identityOf(tokenFor('editor', 'ics-south-devon')).unitId).toBe('ics-south-devon');
  });

  it('move: the new region reads the ICS, the old one keeps reading its history only', () => {
    setOrgChanges([
      OrgChangeBody.parse({
        ...common,
        id: 'test-move',
        kind: 'move',
        unitId: 'ics-devon',
        toRegion: 'region-london',
      }),
    ]);
    expect(regionOf('ics-devon')).toBe('region-london');
    expect(canRead(identityOf(tokenFor('reader', 'region-london')), 'ics-devon')).toBe(true);
    expect(canRead(identityOf(tokenFor('reader', 'region-south-west')), 'ics-devon')).toBe(false);
  });

  it('close without successor access: refused, naming the successor; its old region still reads its history', () => {
    setOrgChanges([
      OrgChangeBody.parse({
        ...common,
        id: 'test-close',
        kind: 'close',
        unitId: 'ics-devon',
        successor: 'ics-somerset',
      }),
    ]);
    expect(refusal('ics-devon')).toMatch(/its commitments are now held by ics-somerset/);
    expect(regionOf('ics-devon')).toBe('region-south-west');
    expect(canRead(identityOf(tokenFor('reader', 'region-south-west')), 'ics-devon')).toBe(true);
  });
});
