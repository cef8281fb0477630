import { describe, expect, it } from 'vitest';
import { lastCompletedPeriod } from '../../functions/summaries/scheduled-summaries.handler';
import { parsePeriod, previousPeriod, weekLabel } from '../../shared/summaries/period';

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
