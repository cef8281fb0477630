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
  actions: ReadonlyArray<Pick<Action, 'commitmentId' | 'loggedAt'>>,
  rebase: readonly string[] = [],
): MeasureChart[] {
  // Actions by London day: each period sums its days (and looks back STALE_AFTER_DAYS for activity).
  const byDay = new Map<string, string[]>();
  for (const a of actions) {
    const day = londonDate(a.loggedAt);
    const list = byDay.get(day);
    if (list) list.push(a.commitmentId);
    else byDay.set(day, [a.commitmentId]);
  }
  const daysOf = (from: string, to: string) => {
    const out: string[][] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) out.push(byDay.get(d) ?? []);
    return out;
  };
  const logged = (p: Period) => daysOf(p.start, p.end).reduce((n, ids) => n + ids.length, 0);
  const first = periods.findIndex((p, i) => (states[i]?.length ?? 0) > 0 || logged(p) > 0);
  const values = (first < 0 ? [] : periods.slice(first)).map((period, j) => ({
    period,
    values: measureValues({
      period,
      commitments: states[first + j] ?? [],
      actionsLogged: logged(period),
      recentlyActive: new Set(daysOf(addDays(period.end, 1 - STALE_AFTER_DAYS), period.end).flat()),
    }),
  }));
  return MEASURES.map((m) =>
    measureChart(
      m,
      values.map((v) => ({ period: v.period, value: v.values[m.id] })),
      { rebase: [...rebase] },
    ),
  );
}
