import type { Action, Commitment } from '../commitments/commitment.model';
import { MEASURES, type MeasureChart, measureChart, measureValues, STALE_AFTER_DAYS } from '../spc/measures';
import type { MeasureSnapshot } from './measure-snapshots';
import { addDays, londonDate, londonStartOfDay, type Period, periodInstants } from './period';

/** What a series needs read: the record as at each period's end, and the actions from this instant. */
export const seriesReadWindow = (periods: readonly Period[]) => ({
  instants: periods.map((p) => periodInstants(p).to),
  actionsFrom: londonStartOfDay(addDays((periods[0] as Period).start, -STALE_AFTER_DAYS)),
  actionsTo: periodInstants(periods.at(-1) as Period).to,
});

/**
 * Each period's measure values, from the scope's commitments as at each period's end (same order as
 * `periods`) and the actions logged from `seriesReadWindow`'s start. A period with nothing recorded
 * by its end and nothing logged in it is `empty` (the series has not started by then).
 */
export function periodSnapshots(
  periods: readonly Period[],
  states: ReadonlyArray<readonly Commitment[]>,
  actions: ReadonlyArray<Pick<Action, 'commitmentId' | 'loggedAt'>>,
): Array<{ label: string } & MeasureSnapshot> {
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
  return periods.map((period, i) => {
    const commitments = states[i] ?? [];
    const logged = daysOf(period.start, period.end).reduce((n, ids) => n + ids.length, 0);
    return {
      label: period.label,
      empty: commitments.length === 0 && logged === 0,
      values: measureValues({
        period,
        commitments,
        actionsLogged: logged,
        recentlyActive: new Set(daysOf(addDays(period.end, 1 - STALE_AFTER_DAYS), period.end).flat()),
      }),
    };
  });
}

/**
 * Every measure's XmR chart over a series of periods from their values. The series starts at the
 * first period that is not empty; `rebase` dates (org changes that reshaped the scope) start a new
 * segment with its own limits.
 */
export function chartsFromSnapshots(
  periods: readonly Period[],
  snapshots: ReadonlyMap<string, MeasureSnapshot>,
  rebase: readonly string[] = [],
): MeasureChart[] {
  const first = periods.findIndex((p) => snapshots.get(p.label)?.empty === false);
  const series = first < 0 ? [] : periods.slice(first);
  return MEASURES.map((m) =>
    measureChart(
      m,
      series.map((period) => ({ period, value: snapshots.get(period.label)?.values[m.id] ?? null })),
      { rebase: [...rebase] },
    ),
  );
}

/** The series' last day: its period's end, or for a period still running the day before `knownAt`. */
export const seriesThrough = (period: Pick<Period, 'end'>, knownAt: string) => {
  const yesterday = addDays(londonDate(knownAt), -1);
  return period.end < yesterday ? period.end : yesterday;
};
