/**
 * XmR statistical process control charts with NHS England's *Making Data Count* rules, as the
 * NHS-R community's reference implementation (NHSRplotthedots) applies them. Pure: no I/O. Field
 * names and values follow the reference cases in `../shared/reference/spc/` so analysts can compare.
 */

export type ImprovementDirection = 'increase' | 'decrease' | 'neutral';

export interface XmrOptions {
  improvement_direction: ImprovementDirection;
  /** A target for the assurance icon (null: none). */
  target: number | null;
  /** Fix the limits after this many points of each segment (12 or more); null: all points. */
  fix_after_n_points: number | null;
  /** Drop moving ranges of at least 3.267 × the average moving range, once (the package's default). */
  screen_outliers: boolean;
  /** Dates (x values) that start a new segment with its own limits. */
  rebase: string[];
  /** Points in a run or trend that make a special cause: 7 (the default), or 6 as MDC's tool allows. */
  run_length?: number;
}

export const DEFAULT_OPTIONS: XmrOptions = {
  improvement_direction: 'increase',
  target: null,
  fix_after_n_points: null,
  screen_outliers: true,
  rebase: [],
};

export type SpecialCauseType =
  | 'Common Cause'
  | 'Above UCL'
  | 'Below LCL'
  | '7 Point Trend (Increasing)'
  | '7 Point Trend (Decreasing)'
  | '2 in 3 Above CL'
  | '2 in 3 Below CL'
  | '7 Points Above CL'
  | '7 Points Below CL';

export type PointType =
  | 'common_cause'
  | 'special_cause_improvement'
  | 'special_cause_concern'
  | 'special_cause_neutral_high'
  | 'special_cause_neutral_low';

export interface XmrPoint {
  x: string;
  y: number;
  mean: number;
  lpl: number | null;
  upl: number | null;
  point_type: PointType;
  special_cause_type: SpecialCauseType;
  special_cause_flag: boolean;
  relative_to_mean: -1 | 0 | 1;
  outside_limits: boolean | null;
  close_to_limits: boolean | null;
  rebase_group: number;
  short_group_warning: boolean;
}

export type Assurance = 'consistent_pass' | 'consistent_fail' | 'inconsistent' | null;

export interface XmrSegmentSummary {
  rebase_group: number;
  n: number;
  mean: number;
  lpl: number | null;
  upl: number | null;
  common_cause: number;
  special_cause_improvement: number;
  special_cause_concern: number;
  variation_type: PointType;
  assurance_type: Assurance;
}

export interface XmrChart {
  options: XmrOptions;
  points: XmrPoint[];
  assurance: Assurance;
  /** The icon for the last point: common_cause, improvement_high|low, concern_high|low, neutral_high|low. */
  variation_icon: string;
  /** pass, fail, inconsistent, or null without a target (or for a neutral measure). */
  assurance_icon: 'pass' | 'fail' | 'inconsistent' | null;
  summary: XmrSegmentSummary[];
}

const MR_LIMIT = 3.267;
const LIMIT_FACTOR = 2.66;
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Centre line and process limits of one segment (null limits when no moving range is left). */
function limitsOf(ys: readonly number[], options: XmrOptions): { centre: number; averageMr: number | null } {
  const baseline = options.fix_after_n_points ? ys.slice(0, options.fix_after_n_points) : ys;
  const centre = mean(baseline);
  let ranges = baseline.slice(1).map((y, i) => Math.abs(y - (baseline[i] as number)));
  if (ranges.length === 0) return { centre, averageMr: null };
  let averageMr = mean(ranges);
  if (options.screen_outliers) {
    ranges = ranges.filter((r) => r < MR_LIMIT * averageMr);
    if (ranges.length === 0) return { centre, averageMr: null };
    averageMr = mean(ranges);
  }
  return { centre, averageMr };
}

/** The sign of each run of `length` or more consecutive equal, non-zero signs; 0 elsewhere. */
function runs(signs: ReadonlyArray<-1 | 0 | 1>, length: number): Array<-1 | 0 | 1> {
  const out: Array<-1 | 0 | 1> = signs.map(() => 0);
  let start = 0;
  for (let i = 1; i <= signs.length; i++) {
    if (i < signs.length && signs[i] === signs[start]) continue;
    const sign = signs[start] as -1 | 0 | 1;
    if (sign !== 0 && i - start >= length) for (let j = start; j < i; j++) out[j] = sign;
    start = i;
  }
  return out;
}

function classifySegment(
  xs: readonly string[],
  ys: readonly number[],
  group: number,
  options: XmrOptions,
): XmrPoint[] {
  const runLength = options.run_length ?? 7;
  const { centre, averageMr } = limitsOf(ys, options);
  const lpl = averageMr === null ? null : centre - LIMIT_FACTOR * averageMr;
  const upl = averageMr === null ? null : centre + LIMIT_FACTOR * averageMr;
  const near = averageMr === null ? null : (2 / 3) * LIMIT_FACTOR * averageMr;
  const side = ys.map((y) => Math.sign(y - centre) as -1 | 0 | 1);
  const outside = ys.map((y) => (upl === null || lpl === null ? null : y > upl || y < lpl));
  const close = ys.map((y, i) =>
    near === null || outside[i] === null ? null : !outside[i] && (y > centre + near || y < centre - near),
  );

  // Trends: steps in one direction; a run of (runLength - 1) steps covers runLength points. A point
  // shared by a rising and a falling trend takes the direction of the step after it (later runs win).
  const steps = ys.slice(1).map((y, i) => Math.sign(y - (ys[i] as number)) as -1 | 0 | 1);
  const trendSteps = runs(steps, runLength - 1);
  const trend: Array<-1 | 0 | 1> = ys.map(() => 0);
  trendSteps.forEach((sign, j) => {
    if (sign === 0) return;
    trend[j] = sign; // step j runs from point j to point j + 1
    trend[j + 1] = sign;
  });

  // Two of three: in a window of three on one side of the mean, two or more close to a limit.
  const twoOfThree: Array<-1 | 0 | 1> = ys.map(() => 0);
  for (let i = 0; i + 2 < ys.length; i++) {
    const s = side[i] as -1 | 0 | 1;
    if (s === 0 || side[i + 1] !== s || side[i + 2] !== s) continue;
    const closeOnes = [i, i + 1, i + 2].filter((j) => close[j] === true);
    if (closeOnes.length >= 2) for (const j of closeOnes) twoOfThree[j] = s;
  }

  const shift = runs(side, runLength);
  const short = ys.length < 13;
  return ys.map((y, i) => {
    let type: SpecialCauseType = 'Common Cause';
    let high: boolean | undefined;
    if (outside[i]) {
      high = y > (upl as number);
      type = high ? 'Above UCL' : 'Below LCL';
    } else if (trend[i]) {
      high = trend[i] === 1;
      type = high ? '7 Point Trend (Increasing)' : '7 Point Trend (Decreasing)';
    } else if (twoOfThree[i]) {
      high = twoOfThree[i] === 1;
      type = high ? '2 in 3 Above CL' : '2 in 3 Below CL';
    } else if (shift[i]) {
      high = shift[i] === 1;
      type = high ? '7 Points Above CL' : '7 Points Below CL';
    }
    return {
      x: xs[i] as string,
      y,
      mean: centre,
      lpl,
      upl,
      point_type: pointType(high, options.improvement_direction),
      special_cause_type: type,
      special_cause_flag: type !== 'Common Cause',
      relative_to_mean: side[i] as -1 | 0 | 1,
      outside_limits: outside[i] ?? null,
      close_to_limits: close[i] ?? null,
      rebase_group: group,
      short_group_warning: short,
    };
  });
}

function pointType(high: boolean | undefined, direction: ImprovementDirection): PointType {
  if (high === undefined) return 'common_cause';
  if (direction === 'neutral') return high ? 'special_cause_neutral_high' : 'special_cause_neutral_low';
  return high === (direction === 'increase') ? 'special_cause_improvement' : 'special_cause_concern';
}

/** Whether a target is met consistently, by the last point's limits. */
function assuranceOf(last: XmrPoint | undefined, options: XmrOptions): Assurance {
  if (options.target === null || options.improvement_direction === 'neutral' || !last) return null;
  const { target } = options;
  const increase = options.improvement_direction === 'increase';
  if (last.upl !== null && target > last.upl) return increase ? 'consistent_fail' : 'consistent_pass';
  if (last.lpl !== null && target < last.lpl) return increase ? 'consistent_pass' : 'consistent_fail';
  return 'inconsistent';
}

function variationIcon(last: XmrPoint | undefined): string {
  if (!last || last.point_type === 'common_cause') return 'common_cause';
  if (last.point_type.startsWith('special_cause_neutral_'))
    return last.point_type.replace('special_cause_', '');
  const high = /Above|Increasing/.test(last.special_cause_type);
  return `${last.point_type.replace('special_cause_', '')}_${high ? 'high' : 'low'}`;
}

/** The XmR chart of a series of (x, y) points in x order, with MDC's special causes and icons. */
export function xmr(
  points: ReadonlyArray<{ x: string; y: number }>,
  given: Partial<XmrOptions> = {},
): XmrChart {
  const options: XmrOptions = { ...DEFAULT_OPTIONS, ...given };
  if (options.fix_after_n_points !== null && options.fix_after_n_points < 12)
    throw new Error('fix_after_n_points must be 12 or more');
  const rebases = [...options.rebase].sort();
  const segments: Array<{ xs: string[]; ys: number[] }> = [];
  let group = -1;
  for (const p of points) {
    const g = rebases.filter((d) => d <= p.x).length;
    if (g !== group || !segments[g]) {
      group = g;
      segments[g] ??= { xs: [], ys: [] };
    }
    segments[g]?.xs.push(p.x);
    segments[g]?.ys.push(p.y);
  }
  // Groups are numbered by the segments that have points.
  const out: XmrPoint[] = [];
  let index = 0;
  for (const segment of segments) {
    if (!segment || segment.xs.length === 0) continue;
    out.push(...classifySegment(segment.xs, segment.ys, index++, options));
  }
  const last = out.at(-1);
  const assurance = assuranceOf(last, options);
  const summary = [...new Set(out.map((p) => p.rebase_group))].map((g, i, all) => {
    const inGroup = out.filter((p) => p.rebase_group === g);
    const first = inGroup[0] as XmrPoint;
    return {
      rebase_group: g,
      n: inGroup.length,
      mean: first.mean,
      lpl: first.lpl,
      upl: first.upl,
      common_cause: inGroup.filter((p) => p.point_type === 'common_cause').length,
      special_cause_improvement: inGroup.filter((p) => p.point_type === 'special_cause_improvement').length,
      special_cause_concern: inGroup.filter((p) => p.point_type === 'special_cause_concern').length,
      variation_type: (inGroup.at(-1) as XmrPoint).point_type,
      assurance_type: i === all.length - 1 ? assurance : null,
    };
  });
  return {
    options,
    points: out,
    assurance,
    variation_icon: variationIcon(last),
    assurance_icon:
      assurance === null
        ? null
        : assurance === 'inconsistent'
          ? 'inconsistent'
          : assurance === 'consistent_pass'
            ? 'pass'
            : 'fail',
    summary,
  };
}
