import { describe, expect, it } from 'vitest';
import { lastCompletedPeriod } from '../../functions/summaries/scheduled-summaries.handler';
import {
  londonDate,
  londonEndOfDay,
  londonStartOfDay,
  parsePeriod,
  periodEnded,
  periodInstants,
  previousPeriod,
  weekLabel,
} from '../../shared/summaries/period';
import { checkPeriod } from '../../shared/summaries/summaries.service';

describe('periods', () => {
  it('parses weeks, months, quarters and ranges into inclusive dates', () => {
    expect(parsePeriod('2026-W48')).toMatchObject({ start: '2026-11-23', end: '2026-11-29' });
    expect(parsePeriod('2026-W01')).toMatchObject({ start: '2025-12-29', end: '2026-01-04' });
    expect(parsePeriod('2026-02')).toMatchObject({ start: '2026-02-01', end: '2026-02-28' });
    expect(parsePeriod('2026-Q3')).toMatchObject({ start: '2026-07-01', end: '2026-09-30' });
    expect(parsePeriod('2026-11-01..2026-11-15')).toMatchObject({
      kind: 'custom',
      start: '2026-11-01',
      end: '2026-11-15',
    });
    for (const bad of ['2026-13', '2026-W54', '2026-Q5', '2026-11-15..2026-11-01', 'last week']) {
      expect(() => parsePeriod(bad)).toThrow();
    }
  });

  it('finds the previous period of the same kind', () => {
    expect(previousPeriod(parsePeriod('2026-01')).label).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026-Q1')).label).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('2026-W01')).label).toBe('2025-W52');
    expect(weekLabel('2026-11-23')).toBe('2026-W48');
  });

  it('schedules summarise the period that just ended', () => {
    expect(lastCompletedPeriod('weekly-digest', '2026-11-23')).toBe('2026-W47');
    expect(lastCompletedPeriod('monthly-report', '2026-12-01')).toBe('2026-11');
    expect(lastCompletedPeriod('quarterly-report', '2026-10-01')).toBe('2026-Q3');
    expect(lastCompletedPeriod('quarterly-report', '2026-01-01')).toBe('2025-Q4');
  });
});

describe('periods in UK time', () => {
  it('starts and ends days in London time, on either side of a clock change', () => {
    // British Summer Time: a day runs 23:00 UTC to 22:59:59.999 UTC.
    expect(londonStartOfDay('2026-10-01')).toBe('2026-09-30T23:00:00.000Z');
    expect(londonEndOfDay('2026-09-30')).toBe('2026-09-30T22:59:59.999Z');
    // 25 October 2026: clocks go back at 01:00 UTC, so the day is 25 hours long.
    expect(londonStartOfDay('2026-10-25')).toBe('2026-10-24T23:00:00.000Z');
    expect(londonEndOfDay('2026-10-25')).toBe('2026-10-25T23:59:59.999Z');
    // 29 March 2026: clocks go forward at 01:00 UTC, a 23-hour day.
    expect(londonStartOfDay('2026-03-29')).toBe('2026-03-29T00:00:00.000Z');
    expect(londonEndOfDay('2026-03-29')).toBe('2026-03-29T22:59:59.999Z');
    expect(londonDate('2026-09-30T23:30:00Z')).toBe('2026-10-01');
    expect(londonDate('2026-12-31T23:30:00Z')).toBe('2026-12-31');
  });

  it('gives a period its first and last instant, and says when it has ended', () => {
    expect(periodInstants(parsePeriod('2026-Q4'))).toEqual({
      from: '2026-09-30T23:00:00.000Z',
      to: '2026-12-31T23:59:59.999Z',
    });
    expect(periodInstants(parsePeriod('2026-W43'))).toEqual({
      from: '2026-10-18T23:00:00.000Z',
      to: '2026-10-25T23:59:59.999Z',
    });
    const q3 = parsePeriod('2026-Q3');
    expect(periodEnded(q3, new Date('2026-09-30T22:59:59.999Z'))).toBe(false);
    expect(periodEnded(q3, new Date('2026-09-30T23:00:00.000Z'))).toBe(true);
  });

  it('refuses periods that start in the future or before 2000, and ranges over a year or into the future', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const refused = (label: string) => () => checkPeriod(parsePeriod(label), now);
    for (const bad of [
      '0001-01-01..9999-12-31',
      '2026-12',
      '2030-Q1',
      '1999-Q4',
      '2025-01-01..2026-01-31',
      '2026-11-20..2026-11-26',
    ])
      expect(refused(bad), bad).toThrow();
    for (const good of ['2026-Q4', '2026-11', '2026-W48', '2025-11-26..2026-11-25', '2000-Q1'])
      expect(refused(good), good).not.toThrow();
  });
});
