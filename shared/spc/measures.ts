import { type Commitment, isOpen } from '../commitments/commitment.model';
import {
  addDays,
  daysBetween,
  londonDate,
  type Period,
  parsePeriod,
  previousPeriod,
  weekLabel,
} from '../summaries/period';
import type { ImprovementDirection, SpecialCauseType, XmrPoint } from './xmr';
import { xmr } from './xmr';

/**
 * The tracker's own measures, each a series of one value per period computed from the record as at
 * the period's end. Each declares its improvement direction; a target (for the assurance icon) is part
 * of the definition, so a report computed again later uses the same one (change it in code, reviewed).
 */
export const MEASURE_IDS = [
  'overdue_share',
  'median_days_overdue',
  'actions_logged',
  'stale_share',
  'median_days_due_to_completion',
  'on_time_share',
] as const;
export type MeasureId = (typeof MEASURE_IDS)[number];

export interface MeasureDefinition {
  id: MeasureId;
  label: string;
  unit: 'percent' | 'days' | 'count';
  improvement_direction: ImprovementDirection;
  target: number | null;
  /** How the value is worked out, for the docs and the report's data tables. */
  definition: string;
}

/** No action logged in this many days makes an open commitment stale. */
export const STALE_AFTER_DAYS = 30;

export const MEASURES: readonly MeasureDefinition[] = [
  {
    id: 'overdue_share',
    label: 'Open commitments overdue',
    unit: 'percent',
    improvement_direction: 'decrease',
    target: 10,
    definition:
      'Open commitments due before the last day of the period, as a percentage of open commitments.',
  },
  {
    id: 'median_days_overdue',
    label: 'Median days overdue',
    unit: 'days',
    improvement_direction: 'decrease',
    target: null,
    definition:
      'The median, over overdue commitments, of days from the due date to the last day (0 when none is overdue).',
  },
  {
    id: 'actions_logged',
    label: 'Actions logged',
    unit: 'count',
    improvement_direction: 'increase',
    target: null,
    definition: 'Actions logged during the period by the units in scope.',
  },
  {
    id: 'stale_share',
    label: `Open commitments with no action in ${STALE_AFTER_DAYS} days`,
    unit: 'percent',
    improvement_direction: 'decrease',
    target: null,
    definition: `Open commitments created at least ${STALE_AFTER_DAYS} days before the last day with no action logged in the ${STALE_AFTER_DAYS} days to it, as a percentage of open commitments.`,
  },
  {
    id: 'median_days_due_to_completion',
    label: 'Median days from due date to completion',
    unit: 'days',
    improvement_direction: 'decrease',
    target: null,
    definition:
      'The median, over commitments completed in the period, of days from the due date to completion (negative: early).',
  },
  {
    id: 'on_time_share',
    label: 'Completed on time',
    unit: 'percent',
    improvement_direction: 'increase',
    target: 90,
    definition:
      'Commitments completed in the period on or before their due date, as a percentage of those completed in it.',
  },
];
export const MEASURES_BY_ID = new Map(MEASURES.map((m) => [m.id, m]));

/** Bump when a measure's definition changes: stored period values of the old definition are then not reused. */
export const MEASURES_VERSION = 1;

/** What one period's values are computed from: the record as at its end. */
export interface PeriodRecord {
  period: Period;
  /** The scope's commitments as they were at the period's last instant. */
  commitments: readonly Commitment[];
  /** Actions the scope's units logged during the period. */
  actionsLogged: number;
  /** Commitments with an action logged in the STALE_AFTER_DAYS days to the period's last day. */
  recentlyActive: ReadonlySet<string>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const share = (part: number, whole: number) => (whole === 0 ? null : round2((part / whole) * 100));
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : round2(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
}

/** Each measure's value for one period (null: nothing to measure, e.g. no commitment completed). */
export function measureValues(r: PeriodRecord): Record<MeasureId, number | null> {
  const end = r.period.end;
  const open = r.commitments.filter((c) => isOpen(c.status));
  const overdue = open.filter((c) => c.dueDate < end);
  const staleFrom = addDays(end, -STALE_AFTER_DAYS);
  const stale = open.filter((c) => londonDate(c.createdAt) <= staleFrom && !r.recentlyActive.has(c.id));
  const completed = r.commitments.filter((c) => {
    if (c.status !== 'completed' || !c.completedAt) return false;
    const day = londonDate(c.completedAt);
    return day >= r.period.start && day <= end;
  });
  const lateness = completed.map((c) => daysBetween(c.dueDate, londonDate(c.completedAt as string)));
  return {
    overdue_share: share(overdue.length, open.length),
    median_days_overdue: open.length ? (median(overdue.map((c) => daysBetween(c.dueDate, end))) ?? 0) : null,
    actions_logged: r.actionsLogged,
    stale_share: share(stale.length, open.length),
    median_days_due_to_completion: median(lateness),
    on_time_share: share(lateness.filter((d) => d <= 0).length, completed.length),
  };
}

export type Grain = 'week' | 'month';
export const SERIES_LENGTH: Record<Grain, number> = { week: 52, month: 24 };

/**
 * The periods of a series, oldest first: `count` weeks or months, the last being the latest one that
 * has ended by `through` (a report's series never shows a day after the report's period).
 */
export function seriesPeriods(grain: Grain, through: string, count = SERIES_LENGTH[grain]): Period[] {
  let last = parsePeriod(grain === 'week' ? weekLabel(through) : through.slice(0, 7));
  if (last.end > through) last = previousPeriod(last);
  const out = [last];
  while (out.length < count) out.unshift(previousPeriod(out[0] as Period));
  return out;
}

/** A point of a measure's chart: the engine's fields, and the period's label (2026-W40, 2026-10). */
export type ChartPoint = Pick<
  XmrPoint,
  'x' | 'y' | 'mean' | 'lpl' | 'upl' | 'point_type' | 'special_cause_type' | 'rebase_group'
> & { period: string };

export interface MeasureChart {
  measure: MeasureId;
  label: string;
  unit: MeasureDefinition['unit'];
  improvement_direction: ImprovementDirection;
  target: number | null;
  points: ChartPoint[];
  /** Limits worked out from fewer than 12 points of the latest segment: shown as trial limits. */
  trialLimits: boolean;
  /** MDC's icons, only from 13 points in the latest segment (null before). */
  variation_icon: string | null;
  assurance_icon: 'pass' | 'fail' | 'inconsistent' | null;
  /** One line a board member reads: the latest point's signal in words. */
  reading: string;
}

/** Icons need at least this many points; limits from fewer than TRIAL_BELOW are trial limits. */
export const ICONS_FROM = 13;
export const TRIAL_BELOW = 12;

const RULE_WORDS: Record<SpecialCauseType, string> = {
  'Common Cause': 'common cause variation',
  'Above UCL': 'above the upper process limit',
  'Below LCL': 'below the lower process limit',
  '7 Point Trend (Increasing)': 'a run of rising points',
  '7 Point Trend (Decreasing)': 'a run of falling points',
  '2 in 3 Above CL': '2 of 3 points close to the upper limit',
  '2 in 3 Below CL': '2 of 3 points close to the lower limit',
  '7 Points Above CL': 'a run of points above the mean',
  '7 Points Below CL': 'a run of points below the mean',
};
const ASSURANCE_WORDS = {
  pass: 'consistently passing the target',
  fail: 'consistently failing the target',
  inconsistent: 'hit and miss against the target',
} as const;

export const formatValue = (value: number, unit: MeasureDefinition['unit']) =>
  unit === 'percent' ? `${value}%` : unit === 'days' ? `${value} days` : String(value);

/**
 * The XmR chart of one measure's series with MDC's rules (run length 7 unless given), split at the
 * rebase dates (org changes that reshaped the scope). Periods with no value are left out.
 */
export function measureChart(
  measure: MeasureDefinition,
  series: ReadonlyArray<{ period: Period; value: number | null }>,
  options: { rebase?: string[]; runLength?: number } = {},
): MeasureChart {
  const present = series.filter((s): s is { period: Period; value: number } => s.value !== null);
  const labels = new Map(present.map((s) => [s.period.end, s.period.label]));
  const chart = xmr(
    present.map((s) => ({ x: s.period.end, y: s.value })),
    {
      improvement_direction: measure.improvement_direction,
      target: measure.target,
      rebase: options.rebase ?? [],
      ...(options.runLength ? { run_length: options.runLength } : {}),
    },
  );
  const lastGroup = chart.points.at(-1)?.rebase_group;
  const inLatestSegment = chart.points.filter((p) => p.rebase_group === lastGroup).length;
  const iconsShown = inLatestSegment >= ICONS_FROM;
  const base = {
    measure: measure.id,
    label: measure.label,
    unit: measure.unit,
    improvement_direction: measure.improvement_direction,
    target: measure.target,
    points: chart.points.map((p) => ({
      x: p.x,
      period: labels.get(p.x) ?? p.x,
      y: p.y,
      mean: p.mean,
      lpl: p.lpl,
      upl: p.upl,
      point_type: p.point_type,
      special_cause_type: p.special_cause_type,
      rebase_group: p.rebase_group,
    })),
    trialLimits: inLatestSegment < TRIAL_BELOW,
    variation_icon: iconsShown ? chart.variation_icon : null,
    assurance_icon: iconsShown ? chart.assurance_icon : null,
  };
  return { ...base, reading: readingOf(base) };
}

const fmt = (n: number) => String(round2(n));

/** "Open commitments overdue: special cause concern, above the upper process limit in 2026-W40 (32%)." */
export function readingOf(c: Omit<MeasureChart, 'reading'>): string {
  const last = c.points.at(-1);
  if (!last) return `${c.label}: no data in the series yet.`;
  const latest = `${last.period}: ${formatValue(last.y, c.unit)}`;
  const n = c.points.filter((p) => p.rebase_group === last.rebase_group).length;
  if (n < ICONS_FROM)
    return `${c.label}: ${n} point${n === 1 ? '' : 's'} so far, too few to read a signal (${ICONS_FROM} needed); latest ${latest}.`;
  const limits =
    last.lpl === null || last.upl === null
      ? ''
      : `, limits ${formatValue(Number(fmt(last.lpl)), c.unit)} to ${formatValue(Number(fmt(last.upl)), c.unit)}`;
  let signal: string;
  if (last.point_type === 'common_cause')
    signal = `common cause variation only (latest ${latest}; mean ${formatValue(Number(fmt(last.mean)), c.unit)}${limits})`;
  else {
    const kind = last.point_type.startsWith('special_cause_neutral')
      ? 'special cause (neutral)'
      : `special cause ${last.point_type.replace('special_cause_', '')}`;
    signal = `${kind}, ${RULE_WORDS[last.special_cause_type]} in ${latest}`;
  }
  const assurance = c.assurance_icon
    ? `; ${ASSURANCE_WORDS[c.assurance_icon]} of ${formatValue(c.target as number, c.unit)}`
    : '';
  return `${c.label}: ${signal}${assurance}.`;
}
