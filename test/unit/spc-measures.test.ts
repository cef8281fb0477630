import { describe, expect, it } from 'vitest';
import type { Commitment } from '../../shared/commitments/commitment.model';
import {
  MEASURES_BY_ID,
  type MeasureDefinition,
  measureChart,
  measureValues,
  seriesPeriods,
} from '../../shared/spc/measures';
import { parsePeriod } from '../../shared/summaries/period';

const commitment = (over: Partial<Commitment>): Commitment =>
  ({
    id: over.id ?? 'cmt-1',
    ownerUnitId: 'region-london',
    tier: 'region',
    regionId: 'region-london',
    status: 'on_track',
    dueDate: '2027-01-01',
    createdAt: '2026-01-01T09:00:00.000Z',
    ...over,
  }) as Commitment;
const measure = (id: string) => MEASURES_BY_ID.get(id as never) as MeasureDefinition;

describe("the tracker's measures, as at a period's end", () => {
  const october = parsePeriod('2026-10');
  it('works out each measure from the commitments and actions of the period', () => {
    const values = measureValues({
      period: october,
      commitments: [
        commitment({ id: 'a', dueDate: '2026-10-21' }), // 10 days overdue at 31 Oct
        commitment({ id: 'b', dueDate: '2026-10-01' }), // 30 days overdue
        commitment({ id: 'c', dueDate: '2026-12-01' }), // open, not overdue, no recent action: stale
        commitment({ id: 'd', dueDate: '2026-12-01', createdAt: '2026-10-20T09:00:00.000Z' }), // too new to be stale
        commitment({
          id: 'e',
          status: 'completed',
          dueDate: '2026-10-10',
          completedAt: '2026-10-05T10:00:00Z',
        }),
        commitment({
          id: 'f',
          status: 'completed',
          dueDate: '2026-10-10',
          completedAt: '2026-10-14T10:00:00Z',
        }),
        commitment({
          id: 'g',
          status: 'completed',
          dueDate: '2026-08-10',
          completedAt: '2026-09-14T10:00:00Z',
        }),
      ],
      actionsLogged: 7,
      recentlyActive: new Set(['a']),
    });
    expect(values).toEqual({
      overdue_share: 50, // a, b of a, b, c, d
      median_days_overdue: 20, // 10 and 30
      actions_logged: 7,
      stale_share: 50, // b and c (a had an action, d is new)
      median_days_due_to_completion: -0.5, // -5 and 4 (g was completed in September)
      on_time_share: 50,
    });
  });

  it('has nothing to measure where nothing is open or completed', () => {
    const values = measureValues({
      period: october,
      commitments: [],
      actionsLogged: 0,
      recentlyActive: new Set(),
    });
    expect(values).toMatchObject({
      overdue_share: null,
      median_days_overdue: null,
      on_time_share: null,
      actions_logged: 0,
    });
  });

  it('makes series of whole weeks or months ended by the date, oldest first', () => {
    const weeks = seriesPeriods('week', '2026-09-30');
    expect(weeks).toHaveLength(52);
    expect(weeks.at(-1)?.label).toBe('2026-W39'); // W40 runs to 4 October, after the date
    expect(weeks[0]?.label).toBe('2025-W40');
    const months = seriesPeriods('month', '2026-09-30');
    expect(months.map((m) => m.label).slice(-2)).toEqual(['2026-08', '2026-09']);
    expect(seriesPeriods('month', '2026-09-29').at(-1)?.label).toBe('2026-08');
  });
});

describe('an XmR chart of a measure', () => {
  const weeks = seriesPeriods('week', '2026-09-30');
  const noise = [9, 11, 10, 12, 8, 10, 11, 9, 10, 12, 9, 11];
  it('shows a planted shift as special cause concern, with a reading in words', () => {
    const values = weeks.map((p, i) => ({
      period: p,
      value: i < 44 ? (noise[i % noise.length] as number) : 30,
    }));
    const chart = measureChart(measure('overdue_share'), values);
    expect(chart.variation_icon).toBe('concern_high');
    expect(chart.points.at(-1)?.special_cause_type).toBe('Above UCL');
    expect(chart.reading).toBe(
      'Open commitments overdue: special cause concern, above the upper process limit in 2026-W39: 30%; hit and miss against the target of 10%.',
    );
    expect(chart.trialLimits).toBe(false);
  });

  it('gives no icon before 13 points and calls limits from fewer than 12 trial limits', () => {
    const values = weeks.slice(0, 11).map((p, i) => ({ period: p, value: noise[i] as number }));
    const chart = measureChart(measure('actions_logged'), values);
    expect(chart.trialLimits).toBe(true);
    expect(chart.variation_icon).toBeNull();
    expect(chart.reading).toMatch(/11 points so far, too few to read a signal \(13 needed\)/);
    const twelve = measureChart(
      measure('actions_logged'),
      weeks.slice(0, 12).map((p, i) => ({ period: p, value: noise[i] as number })),
    );
    expect([twelve.trialLimits, twelve.variation_icon]).toEqual([false, null]);
    const thirteen = measureChart(
      measure('actions_logged'),
      weeks.slice(0, 13).map((p, i) => ({ period: p, value: noise[i % 12] as number })),
    );
    expect(thirteen.variation_icon).toBe('common_cause');
    expect(thirteen.reading).toMatch(
      /^Actions logged: common cause variation only \(latest 2025-W52: 9; mean 10\.08, limits /,
    );
  });

  it('leaves out periods with no value and starts new limits at a rebase date', () => {
    const values = weeks.map((p, i) => ({
      period: p,
      value: i === 3 ? null : i < 26 ? 10 + (i % 3) : 40 + (i % 3),
    }));
    const chart = measureChart(measure('overdue_share'), values, {
      rebase: [(weeks[26] as { end: string }).end],
    });
    expect(chart.points).toHaveLength(51);
    expect(new Set(chart.points.map((p) => p.rebase_group))).toEqual(new Set([0, 1]));
    // After the rebase the new level is its own common cause, not a concern.
    expect(chart.variation_icon).toBe('common_cause');
  });
});
