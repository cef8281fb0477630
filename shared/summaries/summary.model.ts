import { ORG_UNITS, ORG_UNITS_BY_ID } from '../catalogue/catalogue';
import type { Responsibility, Tier } from '../catalogue/types';
import { PRINCIPLES } from '../catalogue/vocabularies';
import { escalationChain, escalationOf, missedOnResponse } from '../commitments/assurance';
import { type Action, type Commitment, isOpen, notMeasurable, RAGS } from '../commitments/commitment.model';
import { ESCALATION_THRESHOLDS } from '../commitments/overdue-sweep';
import type { OrgSnapshot } from '../org/org-map';
import type { MeasureChart } from '../spc/measures';
import { addDays, daysBetween, londonDate, type Period } from './period';

export type SummaryKind = 'digest' | 'report';

/**
 * What a summary's content holds grows between releases; each record keeps the version it was made
 * with, and verifying recomputes exactly that content, so finals made by an earlier release still
 * verify. 1: totals, lists, trend (records without `contentVersion`); 2: adds the SPC charts of
 * reports and the assurance sections (measurability, confidence, sign-off, acknowledgement).
 */
export const SUMMARY_CONTENT_VERSION = 2;

export interface ItemRow {
  commitmentId: string;
  title: string;
  ownerUnitId: string;
  ownerName: string;
  tier: Tier;
  dueDate: string;
  status: string;
  rag: string;
  daysOverdue?: number;
  escalationLevel?: number;
  /** Not measurable: what it lacks (deliverable, measure, dueDate, accountableUserId). */
  missing?: string[];
  /** Escalated (content version 2 on): the unit holding it at that level, and whether it acknowledged. */
  heldBy?: string;
  acknowledged?: boolean;
  /** Awaiting sign-off: of what, and for how many days at the period's end. */
  awaiting?: 'completion' | 'green';
  awaitingDays?: number;
  /** Delivery confidence (content version 2 on): the owner's and the assurer's, where rated. */
  ownerConfidence?: string;
  assurerConfidence?: string;
}

export const CONFIDENCE_LEVELS = ['green', 'amber', 'red', 'unrated'] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

/** An open response to red as at the period's end. */
export interface ResponseRow extends ItemRow {
  openedBy: 'owner' | 'assurer';
  openedAt: string;
  recoveryDue: string;
  recoveryLogged: boolean;
  reReviewDate: string;
  /** Deadlines passed by the period's end without what they asked for. */
  missed: Array<'recovery-action' | 're-review'>;
}

/** Content version 2 on: delivery confidence from both sides, and the responses to red. */
export interface AssuranceSection {
  /** Open commitments by the owner's rating (rows) and the assurer's (columns), unrated included. */
  confidenceMatrix: Array<{ owner: ConfidenceLevel; assurer: Record<ConfidenceLevel, number> }>;
  /** Both rated, the owner's rating better than the assurer's. */
  ownerMoreOptimistic: ItemRow[];
  responsesToRed: ResponseRow[];
}

export interface Totals {
  commitments: number;
  open: number;
  overdue: number;
  newlyOverdue: number;
  escalated: number;
  dueSoon: number;
  completed: number;
  atRisk: number;
  offTrack: number;
  actionsLogged: number;
  coverageGaps: number;
  /** Content version 2 on: open commitments lacking a deliverable, measure, due date or accountable person. */
  notMeasurable?: number;
  /** Content version 2 on: completions and owner Greens awaiting a reviewer's sign-off. */
  awaitingSignOff?: number;
}

/**
 * A summary's content: everything is computed from the record as at the period's end, so the same
 * history always gives the same content (and the same content hash), whenever it is generated.
 */
export interface Summary {
  kind: SummaryKind;
  scope: string;
  scopeName: string;
  period: Period;
  /** The instant the figures describe: the last millisecond of the period in Europe/London. */
  asAt: string;
  totals: Totals;
  actionsByUnit: Array<{ unitId: string; unitName: string; count: number }>;
  newlyOverdue: ItemRow[];
  escalated: ItemRow[];
  dueSoon: ItemRow[];
  completed: ItemRow[];
  atRisk: ItemRow[];
  offTrack: ItemRow[];
  /** Content version 2 on: open commitments that are not measurable, and what each lacks. */
  notMeasurable?: ItemRow[];
  /** Content version 2 on: what awaits sign-off and for how long, longest first. */
  awaitingSignOff?: ItemRow[];
  /** Content version 2 on: confidence matrix and responses to red. */
  assurance?: AssuranceSection;
  coverageGaps: Array<{ tier: Tier; responsibilityId: string; text: string }>;
  changes: null | {
    previousPeriod: string;
    deltas: Array<{ metric: keyof Totals; previous: number; current: number }>;
  };
  report?: {
    ragByTier: Record<Tier, Record<string, number>>;
    ragByRegion: Array<{ regionId: string; regionName: string; red: number; amber: number; green: number }>;
    overdueTrend: Array<{ period: string; overdue: number }>;
    coverageMatrix: { columns: string[]; rows: Array<{ responsibilityId: string; counts: number[] }> };
    topOverdue: ItemRow[];
    byPrinciple: Array<{ principle: string; open: number }>;
  };
  /**
   * Reports: an XmR chart (Making Data Count) of each of the tracker's measures over the weeks to the
   * period's end, each week's value as at that week's end.
   */
  spc?: { grain: 'week'; charts: MeasureChart[] };
  /** The org changes of the window (mergers, moves...), when there were any. */
  orgChanges?: Array<{ id: string; kind: string; effectiveDate: string; text: string }>;
  narrative: string[];
}

export type SummaryStatus = 'draft' | 'final';

/** What identifies one generated document of a summary: shown on every page and in every format. */
export interface SummaryEnvelope {
  id: string;
  status: SummaryStatus;
  /** Finals: 1, then 2, 3... for corrections. */
  revision?: number;
  /** A correction: the id of the revision it replaces, and why. */
  replaces?: string;
  reason?: string;
  /** SHA-256 of the content (canonical JSON of the Summary). */
  contentHash: string;
  /** Which release's content it holds (see SUMMARY_CONTENT_VERSION); absent: 1. */
  contentVersion?: number;
  generatedAt: string;
}

/** The final summary of a kind, scope and period (revision 1), and its corrections (`-r2`, ...). */
export const finalSummaryId = (kind: SummaryKind, scope: string, period: string, revision = 1) =>
  `sum-${kind}-${scope}-${period}-final${revision > 1 ? `-r${revision}` : ''}`;

/** A draft: a summary of a period that has not ended, its own id each time. */
export const draftSummaryId = (kind: SummaryKind, scope: string, period: string, at: Date, nonce: string) =>
  `sum-${kind}-${scope}-${period}-draft-${at.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${nonce}`;

const TIER_OF_KIND: Record<string, Tier> = { ics: 'ics', region: 'region', national: 'national' };
const unitName = (id: string) => ORG_UNITS_BY_ID.get(id)?.name ?? id;

function row(c: Commitment, asOf: string, nameOf: (id: string) => string = unitName): ItemRow {
  const overdueDays = isOpen(c.status) ? daysBetween(c.dueDate, asOf) : 0;
  return {
    commitmentId: c.id,
    title: c.title,
    ownerUnitId: c.ownerUnitId,
    ownerName: nameOf(c.ownerUnitId),
    tier: c.tier,
    dueDate: c.dueDate,
    status: c.status,
    rag: c.rag,
    ...(overdueDays > 0 ? { daysOverdue: overdueDays } : {}),
  };
}

const byDue = (a: ItemRow, b: ItemRow) =>
  a.dueDate.localeCompare(b.dueDate) || a.commitmentId.localeCompare(b.commitmentId);
const inRange = (date: string, start: string, end: string) => date >= start && date <= end;

export interface SummaryInput {
  /** The org map on the period's last day (names, regions); default: today's. */
  units?: OrgSnapshot;
  /** Org changes to mention (effective in the report's window, touching its scope), as sentences. */
  orgChanges?: ReadonlyArray<{ id: string; kind: string; effectiveDate: string; text: string }>;
  kind: SummaryKind;
  scope: string;
  period: Period;
  /** The period's last instant (Europe/London). */
  asAt: string;
  /** Every commitment owned by a unit in scope, as it was at `asAt`. */
  commitments: readonly Commitment[];
  /** Every action logged in scope during the period (only its unit is read). */
  actions: ReadonlyArray<Pick<Action, 'unitId'>>;
  responsibilities: readonly Responsibility[];
  /** The totals of the period before, as at its end, for "what changed". */
  previous?: { period: string; totals: Totals };
  /** Which content to compute (see SUMMARY_CONTENT_VERSION); default: the current. */
  contentVersion?: number;
  /** Reports: the SPC charts of the tracker's measures (see Summary.spc). */
  spc?: Summary['spc'];
  /** Overdue at the end of each earlier period, oldest first (reports' trend), from the record as at each end. */
  trend?: ReadonlyArray<{ period: string; overdue: number }>;
}

/**
 * Computes a digest or report from what was read for its scope and period. Figures are "as at the
 * end of the period": the commitments are their versions at its last instant; overdue means open
 * and due before its last day; days overdue count to it.
 */
export function computeSummary(input: SummaryInput): Summary {
  const { period, commitments, actions } = input;
  const nameOf = (id: string) => input.units?.byId.get(id)?.name ?? unitName(id);
  const rowOf = (c: Commitment) => row(c, asOf, nameOf);
  // As at the last day of the period: due before it and still open is overdue.
  const asOf = period.end;
  const open = commitments.filter((c) => isOpen(c.status));
  const overdue = open.filter((c) => c.dueDate < asOf);
  const newlyOverdue = overdue.filter((c) => inRange(addDays(c.dueDate, 1), period.start, period.end));
  const v2 = (input.contentVersion ?? SUMMARY_CONTENT_VERSION) >= 2;
  const escalated: ItemRow[] = [];
  for (const c of overdue) {
    if (v2) {
      // Moved up a tier during the period (no acknowledgement within the grace), as at its end.
      const escalation = escalationOf(c, addDays(period.end, 1));
      escalation?.reachedOn.forEach((day, level) => {
        if (level > 0 && inRange(day, period.start, period.end))
          escalated.push({
            ...rowOf(c),
            escalationLevel: level,
            heldBy: escalationChain(c)[level] as string,
            acknowledged: Boolean(escalation.acknowledgement && escalation.acknowledgement.level >= level),
          });
      });
      continue;
    }
    ESCALATION_THRESHOLDS.forEach((threshold, level) => {
      if (level > 0 && inRange(addDays(c.dueDate, threshold), period.start, period.end)) {
        escalated.push({ ...rowOf(c), escalationLevel: level });
      }
    });
  }
  const dueSoon = open.filter((c) => inRange(c.dueDate, addDays(period.end, 1), addDays(period.end, 14)));
  const completed = commitments.filter(
    (c) =>
      c.status === 'completed' &&
      c.completedAt &&
      inRange(londonDate(c.completedAt), period.start, period.end),
  );

  const tiersInScope: Tier[] = input.scope === 'national' ? ['national', 'region', 'ics'] : ['region', 'ics'];
  const covered = new Set(
    open.flatMap((c) =>
      c.responsibilityIds.filter((id) =>
        id.startsWith({ ics: 'ICS-', region: 'REG-', national: 'NAT-' }[c.tier]),
      ),
    ),
  );
  const coverageGaps = input.responsibilities
    .filter((r) => tiersInScope.includes(r.tier) && !covered.has(r.id))
    .map((r) => ({ tier: r.tier, responsibilityId: r.id, text: r.text }));

  const counts = new Map<string, number>();
  for (const a of actions) counts.set(a.unitId, (counts.get(a.unitId) ?? 0) + 1);
  const actionsByUnit = [...counts.entries()]
    .map(([unitId, count]) => ({ unitId, unitName: nameOf(unitId), count }))
    .sort((a, b) => b.count - a.count || a.unitName.localeCompare(b.unitName));

  const unmeasurable = v2
    ? open
        .filter((c) => notMeasurable(c).length > 0)
        .map((c) => ({ ...rowOf(c), missing: notMeasurable(c) }))
        .sort(byDue)
    : [];
  const awaitingSignOff = v2
    ? open
        .filter((c) => c.signOff?.state === 'awaiting')
        .map((c) => ({
          ...rowOf(c),
          awaiting: c.signOff?.kind as 'completion' | 'green',
          awaitingDays: daysBetween(londonDate(c.signOff?.requestedAt as string), period.end),
        }))
        .sort((a, b) => b.awaitingDays - a.awaitingDays || byDue(a, b))
    : [];
  const assurance = v2 ? assuranceSection(open, period, rowOf) : undefined;
  const totals: Totals = {
    commitments: commitments.length,
    open: open.length,
    overdue: overdue.length,
    newlyOverdue: newlyOverdue.length,
    escalated: escalated.length,
    dueSoon: dueSoon.length,
    completed: completed.length,
    atRisk: open.filter((c) => c.status === 'at_risk').length,
    offTrack: open.filter((c) => c.status === 'off_track').length,
    actionsLogged: actions.length,
    coverageGaps: coverageGaps.length,
    ...(v2 ? { notMeasurable: unmeasurable.length, awaitingSignOff: awaitingSignOff.length } : {}),
  };

  const summary: Summary = {
    kind: input.kind,
    scope: input.scope,
    scopeName: input.scope === 'national' ? 'National (all regions)' : nameOf(input.scope),
    period,
    asAt: input.asAt,
    totals,
    actionsByUnit,
    newlyOverdue: newlyOverdue.map((c) => rowOf(c)).sort(byDue),
    // Unacknowledged escalations first.
    escalated: escalated.sort(
      (a, b) => Number(a.acknowledged ?? false) - Number(b.acknowledged ?? false) || byDue(a, b),
    ),
    dueSoon: dueSoon.map((c) => rowOf(c)).sort(byDue),
    completed: completed.map((c) => rowOf(c)).sort(byDue),
    atRisk: open
      .filter((c) => c.status === 'at_risk')
      .map((c) => rowOf(c))
      .sort(byDue),
    offTrack: open
      .filter((c) => c.status === 'off_track')
      .map((c) => rowOf(c))
      .sort(byDue),
    ...(v2 ? { notMeasurable: unmeasurable, awaitingSignOff, assurance } : {}),
    coverageGaps,
    changes: input.previous
      ? {
          previousPeriod: input.previous.period,
          deltas: (Object.keys(totals) as Array<keyof Totals>).map((metric) => ({
            metric,
            previous: input.previous?.totals[metric] ?? 0,
            current: totals[metric] ?? 0,
          })),
        }
      : null,
    ...(input.spc ? { spc: input.spc } : {}),
    ...(input.orgChanges?.length ? { orgChanges: [...input.orgChanges] } : {}),
    narrative: [],
  };
  if (input.kind === 'report') summary.report = reportSections(input, open, overdue, asOf);
  summary.narrative = narrate(summary);
  return summary;
}

const RANK: Record<string, number> = { green: 0, amber: 1, red: 2 };

function assuranceSection(
  open: readonly Commitment[],
  period: Period,
  rowOf: (c: Commitment) => ItemRow,
): AssuranceSection {
  const level = (r?: { rating: string }): ConfidenceLevel => (r?.rating as ConfidenceLevel) ?? 'unrated';
  const withRatings = (c: Commitment): ItemRow => ({
    ...rowOf(c),
    ownerConfidence: level(c.ownerConfidence),
    assurerConfidence: level(c.assurerConfidence),
  });
  const confidenceMatrix = CONFIDENCE_LEVELS.map((owner) => ({
    owner,
    assurer: Object.fromEntries(
      CONFIDENCE_LEVELS.map((assurer) => [
        assurer,
        open.filter((c) => level(c.ownerConfidence) === owner && level(c.assurerConfidence) === assurer)
          .length,
      ]),
    ) as Record<ConfidenceLevel, number>,
  }));
  const ownerMoreOptimistic = open
    .filter(
      (c) =>
        c.ownerConfidence &&
        c.assurerConfidence &&
        (RANK[c.ownerConfidence.rating] as number) < (RANK[c.assurerConfidence.rating] as number),
    )
    .map(withRatings)
    .sort(byDue);
  const dayAfter = addDays(period.end, 1);
  const responsesToRed = open
    .filter((c) => c.responseToRed && !c.responseToRed.closedAt)
    .map((c) => {
      const r = c.responseToRed as NonNullable<Commitment['responseToRed']>;
      return {
        ...withRatings(c),
        openedBy: r.openedBy,
        openedAt: r.openedAt,
        recoveryDue: r.recoveryDue,
        recoveryLogged: Boolean(r.recoveryActionId),
        reReviewDate: r.reReviewDate,
        missed: missedOnResponse(c, dayAfter),
      };
    })
    .sort((a, b) => b.missed.length - a.missed.length || byDue(a, b));
  return { confidenceMatrix, ownerMoreOptimistic, responsesToRed };
}

function reportSections(
  input: SummaryInput,
  open: Commitment[],
  overdue: Commitment[],
  asOf: string,
): NonNullable<Summary['report']> {
  const ragByTier = Object.fromEntries(
    (['national', 'region', 'ics'] as Tier[]).map((tier) => [
      tier,
      Object.fromEntries(
        RAGS.map((rag) => [rag, open.filter((c) => TIER_OF_KIND[c.tier] === tier && c.rag === rag).length]),
      ),
    ]),
  ) as Record<Tier, Record<string, number>>;
  const nameOf = (id: string) => input.units?.byId.get(id)?.name ?? unitName(id);
  const rowOf = (c: Commitment) => row(c, asOf, nameOf);
  const regions = (input.units?.units ?? ORG_UNITS).filter(
    (u) => u.kind === 'region' && (input.scope === 'national' || u.id === input.scope),
  );
  const ragByRegion = regions.map((r) => {
    const inRegion = open.filter((c) => c.regionId === r.id);
    return {
      regionId: r.id,
      regionName: r.name,
      red: inRegion.filter((c) => c.rag === 'red').length,
      amber: inRegion.filter((c) => c.rag === 'amber').length,
      green: inRegion.filter((c) => c.rag === 'green').length,
    };
  });
  const overdueTrend = [...(input.trend ?? []), { period: input.period.label, overdue: overdue.length }];
  const columns = [...(input.scope === 'national' ? ['national'] : []), ...regions.map((r) => r.id)];
  const coverageMatrix = {
    columns,
    rows: input.responsibilities.map((r) => ({
      responsibilityId: r.id,
      counts: columns.map(
        (col) => open.filter((c) => c.regionId === col && c.responsibilityIds.includes(r.id)).length,
      ),
    })),
  };
  const topOverdue = overdue
    .map((c) => rowOf(c))
    .sort(
      (a, b) => (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0) || a.commitmentId.localeCompare(b.commitmentId),
    )
    .slice(0, 10);
  const byPrinciple = PRINCIPLES.map((p) => ({
    principle: p.name,
    open: open.filter((c) => c.tags.includes(p.id)).length,
  }));
  return { ragByTier, ragByRegion, overdueTrend, coverageMatrix, topOverdue, byPrinciple };
}

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** A few sentences computed from the figures (never free text). */
export function narrate(s: Summary): string[] {
  const t = s.totals;
  const lines = [
    `${s.scopeName}, ${s.period.label} (${s.period.start} to ${s.period.end}): ${plural(t.open, 'open commitment')}, of which ${t.overdue} overdue; ${plural(t.actionsLogged, 'action')} logged.`,
  ];
  if (t.newlyOverdue || t.escalated)
    lines.push(
      `${plural(t.newlyOverdue, 'commitment')} became overdue and ${t.escalated} escalated during the period.`,
    );
  if (t.atRisk || t.offTrack) lines.push(`${t.atRisk} at risk and ${t.offTrack} off track.`);
  const a = s.assurance;
  if (a?.ownerMoreOptimistic.length)
    lines.push(
      `Owners are more optimistic than their assurers about ${plural(a.ownerMoreOptimistic.length, 'open commitment')}.`,
    );
  if (a?.responsesToRed.length) {
    const missed = a.responsesToRed.filter((r) => r.missed.length).length;
    lines.push(
      `${plural(a.responsesToRed.length, 'response', 'responses')} to red open${missed ? `, ${missed} past a deadline` : ''}.`,
    );
  }
  if (t.awaitingSignOff)
    lines.push(
      `${plural(t.awaitingSignOff, 'completion or Green awaits', 'completions or Greens await')} sign-off (not counted as done).`,
    );
  if (t.notMeasurable)
    lines.push(
      `${plural(t.notMeasurable, 'open commitment is', 'open commitments are')} not measurable (no deliverable, measure or target, due date or accountable person).`,
    );
  lines.push(
    t.coverageGaps
      ? `${plural(t.coverageGaps, 'responsibility', 'responsibilities')} had no active commitment.`
      : 'Every responsibility in scope has an active commitment.',
  );
  const overdueDelta = s.changes?.deltas.find((d) => d.metric === 'overdue');
  if (overdueDelta) {
    const change = overdueDelta.current - overdueDelta.previous;
    lines.push(
      change === 0
        ? 'Overdue is unchanged since the previous summary.'
        : `Overdue ${change > 0 ? 'rose' : 'fell'} by ${Math.abs(change)} since the previous summary.`,
    );
  }
  for (const chart of s.spc?.charts ?? [])
    if (chart.variation_icon && chart.variation_icon !== 'common_cause') lines.push(chart.reading);
  for (const c of s.orgChanges ?? []) lines.push(`Org change: ${c.text}`);
  return lines;
}
