import type { Action, Commitment } from '../commitments/commitment.model';
import { MEASURES, type MeasureChart, measureChart, measureValues, STALE_AFTER_DAYS } from '../spc/measures';
import { addDays, londonDate, londonStartOfDay, type Period, periodInstants } from './period';

/** What a series needs read: the record as at each period's end, and the actions from this instant. */
export const seriesReadWindow = (periods: readonly Period[]) => ({
  instants: periods.map((p) => periodInstants(p).to),
  actionsFrom: londonStartOfDay(addDays((periods[0] as Period).start, -STALE_AFTER_DAYS)),
});

/**
 * Every measure's XmR chart over a series of periods, from the scope's commitments as at each
 * period's end (same order as `periods`) and the actions logged from `seriesReadWindow`'s start.
 * The series starts at the first period with anything recorded; `rebase` dates (org changes that
 * reshaped the scope) start a new segment with its own limits.
 */
export function trackerCharts(
  periods: readonly Period[],
  states: ReadonlyArray<readonly Commitment[]>,
  actions: readonly Action[],
  rebase: readonly string[] = [],
): MeasureChart[] {
  const days = actions.map((a) => ({ commitmentId: a.commitmentId, day: londonDate(a.loggedAt) }));
  const first = periods.findIndex(
    (p, i) => (states[i]?.length ?? 0) > 0 || days.some((a) => a.day >= p.start && a.day <= p.end),
  );
  const values = (first < 0 ? [] : periods.slice(first)).map((period, j) => {
    const staleFrom = addDays(period.end, -STALE_AFTER_DAYS);
    return {
      period,
      values: measureValues({
        period,
        commitments: states[first + j] ?? [],
        actionsLogged: days.filter((a) => a.day >= period.start && a.day <= period.end).length,
        recentlyActive: new Set(
          days.filter((a) => a.day > staleFrom && a.day <= period.end).map((a) => a.commitmentId),
        ),
      }),
    };
  });
  return MEASURES.map((m) =>
    measureChart(
      m,
      values.map((v) => ({ period: v.period, value: v.values[m.id] })),
      { rebase: [...rebase] },
    ),
  );
}
