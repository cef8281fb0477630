import { randomBytes } from 'node:crypto';
import { modelInForce, responsibilitiesOf } from '../catalogue/catalogue';
import { hashRecord } from '../commitments/action-chain';
import { type Commitment, isOpen } from '../commitments/commitment.model';
import { ConflictError, NotFoundError, ValidationError } from '../http/problem';
import { orgMap } from '../org/live-map';
import { listOrgChanges } from '../org/org-change.repository';
import { changesTouching, describeChange, OrgMap } from '../org/org-map';
import { type Grain, type MeasureChart, seriesPeriods } from '../spc/measures';
import { getSnapshots, type MeasureSnapshot, mapFingerprint, putSnapshots } from './measure-snapshots';
import {
  addDays,
  londonDate,
  type Period,
  parsePeriod,
  periodEnded,
  periodInstants,
  previousPeriod,
} from './period';
import { FORMATS, render } from './render';
import { reportStore } from './report-store';
import { chartsFromSnapshots, periodSnapshots, seriesReadWindow, seriesThrough } from './spc-series';
import {
  computeSummary,
  draftSummaryId,
  finalSummaryId,
  SUMMARY_CONTENT_VERSION,
  type Summary,
  type SummaryEnvelope,
  type SummaryKind,
} from './summary.model';

export { SUMMARY_CONTENT_VERSION };

import { getSummaryRecord, putSummaryRecordOnce, readScope, type SummaryRecord } from './summary.repository';

export interface GenerateRequest {
  kind: SummaryKind;
  scope: string;
  period: string;
  correlationId: string;
  /** Who asked (a user id); schedules leave it out. */
  requestedBy?: string;
  onProgress?: (step: string, done: number, total: number) => void;
  /** Called just before real work starts (not for a final that exists): the API's rate limit. */
  beforeGenerating?: () => Promise<void>;
  /** A draft's id chosen when it was asked for asynchronously (the worker makes that one). */
  draftId?: string;
}

/** The id a request makes: a final's is its kind, scope and period; a draft's is new each time. */
export function plannedSummaryId(
  request: Pick<GenerateRequest, 'kind' | 'scope' | 'period' | 'draftId'>,
  now: Date,
): { id: string; final: boolean } {
  const period = parsePeriod(request.period);
  const final = periodEnded(period, now);
  if (final) return { id: finalSummaryId(request.kind, request.scope, period.label), final };
  return {
    id:
      request.draftId ??
      draftSummaryId(request.kind, request.scope, period.label, now, randomBytes(3).toString('hex')),
    final,
  };
}

export interface GenerateResult {
  record: SummaryRecord;
  /** False when the final summary of this scope and period existed already (nothing was written or sent). */
  created: boolean;
  itemsRead: number;
}

/** Coverage is counted against the catalogue in force on the period's last day. */
const responsibilitiesOn = (date: string) => responsibilitiesOf(modelInForce(date));
const TREND_PERIODS = 5;
/** Custom ranges span at most this many days; periods start no earlier than this date. */
export const MAX_CUSTOM_DAYS = 366;
export const EARLIEST_PERIOD_START = '2000-01-01';

/**
 * A period someone may ask a summary of: not starting in the future, not before 2000, and a custom
 * range of at most a year that has not ended in the future.
 */
export function checkPeriod(period: Period, now: Date, field = 'period'): void {
  const today = londonDate(now);
  const refuse = (message: string) =>
    new ValidationError([{ path: field, message, code: 'period_out_of_range' }]);
  if (period.start < EARLIEST_PERIOD_START) throw refuse(`Must not start before ${EARLIEST_PERIOD_START}`);
  if (period.start > today) throw refuse(`Must not start in the future (today is ${today})`);
  if (period.kind === 'custom') {
    const days = Math.round((Date.parse(period.end) - Date.parse(period.start)) / 86_400_000) + 1;
    if (days > MAX_CUSTOM_DAYS)
      throw refuse(`A custom range spans at most ${MAX_CUSTOM_DAYS} days (this one: ${days})`);
    if (period.end > today) throw refuse(`A custom range must not end in the future (today is ${today})`);
  }
}

/** The content of a summary as at its period's end, computed from the record (never from today's state). */
export async function computeAsAt(
  tableName: string,
  kind: SummaryKind,
  scope: string,
  period: Period,
  onProgress: (step: string, done: number, total: number) => void = () => undefined,
  /**
   * Org changes recorded up to this instant shape the summary (the generation time; verifying uses the
   * record's): a merger recorded later does not change a summary made before it was known.
   */
  knownAt: string = new Date().toISOString(),
  contentVersion: number = SUMMARY_CONTENT_VERSION,
  options: { storeSnapshots?: boolean } = {},
): Promise<{ summary: Summary; itemsRead: number }> {
  const map = new OrgMap(
    (await listOrgChanges(tableName)).filter((r) => r.recordedAt <= knownAt).map((r) => r.change),
  );
  const previous = previousPeriod(period);
  const trend: Period[] = [];
  if (kind === 'report') {
    let p = period;
    for (let i = 0; i < TREND_PERIODS; i++) {
      p = previousPeriod(p);
      trend.unshift(p);
    }
  }
  const end = periodInstants(period);
  const before = periodInstants(previous);
  // Reports chart the weekly series of the year to the period's end (SPC), as at each week's end:
  // weeks already worked out are read back; only the others are computed (read with the summary).
  const weeks =
    kind === 'report' && contentVersion >= 2 ? seriesPeriods('week', seriesThrough(period, knownAt)) : [];
  const fingerprint = mapFingerprint(map);
  const known = weeks.length
    ? await getSnapshots(
        tableName,
        scope,
        'week',
        weeks.map((w) => w.label),
        fingerprint,
      )
    : new Map<string, MeasureSnapshot>();
  const missing = weeks.filter((w) => !known.has(w.label));
  const series = missing.length ? seriesReadWindow(missing) : null;
  const instants = [
    end.to,
    before.to,
    ...trend.map((p) => periodInstants(p).to),
    ...(series?.instants ?? []),
  ];
  // The period's actions are read (and, for a report, the series' from its start); the previous
  // period's are only counted (its totals need no more).
  const data = await readScope(
    tableName,
    scope,
    instants,
    { from: series && series.actionsFrom < end.from ? series.actionsFrom : end.from, to: end.to },
    (done, total) => onProgress('reading', done, total),
    before,
    map,
  );
  // Changes to mention: effective from the start of the earliest period the summary shows to its end.
  const windowStart = (trend[0] ?? previous).start;
  const orgChanges = changesTouching(map, scope, windowStart, period.end).map((c) => ({
    id: c.id,
    kind: c.kind,
    effectiveDate: c.effectiveDate,
    text: describeChange(map, c),
  }));
  const [atEnd = [], atPreviousEnd = [], ...rest] = data.states;
  const atTrendEnds = rest.slice(0, trend.length);
  const periodActions = data.actions.filter((a) => a.loggedAt >= end.from && a.loggedAt <= end.to);
  const computed = series ? periodSnapshots(missing, rest.slice(trend.length), data.actions) : [];
  if (computed.length && options.storeSnapshots !== false)
    await putSnapshots(tableName, scope, 'week', fingerprint, computed);
  for (const c of computed) known.set(c.label, c);
  const spc = weeks.length
    ? {
        grain: 'week' as const,
        charts: chartsFromSnapshots(
          weeks,
          known,
          changesTouching(map, scope, (weeks[0] as Period).start, period.end).map((c) => c.effectiveDate),
        ),
      }
    : undefined;
  const previousTotals = {
    ...computeSummary({
      kind: 'digest',
      scope,
      period: previous,
      asAt: before.to,
      commitments: atPreviousEnd,
      actions: [],
      responsibilities: responsibilitiesOn(previous.end),
      contentVersion,
    }).totals,
    actionsLogged: data.actionsCounted,
  };
  const overdueAt = (commitments: readonly Commitment[], p: Period) =>
    commitments.filter((c) => isOpen(c.status) && c.dueDate < p.end).length;
  const summary = computeSummary({
    kind,
    scope,
    period,
    asAt: end.to,
    commitments: atEnd,
    actions: periodActions,
    responsibilities: responsibilitiesOn(period.end),
    ...(spc ? { spc } : {}),
    contentVersion,
    previous: { period: previous.label, totals: previousTotals },
    units: map.at(period.end),
    orgChanges,
    trend: trend.map((p, i) => ({ period: p.label, overdue: overdueAt(atTrendEnds[i] ?? [], p) })),
  });
  return { summary, itemsRead: data.itemsRead };
}

export const contentHashOf = (summary: Summary) => hashRecord(summary);

/** Renders every format into the store, then records the summary once; false if the id was taken. */
async function store(
  tableName: string,
  summary: Summary,
  envelope: SummaryEnvelope,
  request: Pick<GenerateRequest, 'correlationId' | 'requestedBy' | 'onProgress'>,
): Promise<{ record: SummaryRecord; written: boolean }> {
  const files = reportStore();
  for (const [i, format] of FORMATS.entries()) {
    await files.put(envelope.id, format, render(summary, envelope, format));
    request.onProgress?.('rendering', i + 1, FORMATS.length);
  }
  const record: SummaryRecord = {
    id: envelope.id,
    kind: summary.kind,
    scope: summary.scope,
    period: summary.period.label,
    start: summary.period.start,
    end: summary.period.end,
    status: envelope.status,
    ...(envelope.revision ? { revision: envelope.revision } : {}),
    ...(envelope.replaces ? { replaces: envelope.replaces, reason: envelope.reason as string } : {}),
    asAt: summary.asAt,
    ...(envelope.contentVersion ? { contentVersion: envelope.contentVersion } : {}),
    contentHash: envelope.contentHash,
    generatedAt: envelope.generatedAt,
    ...(request.requestedBy ? { requestedBy: request.requestedBy } : {}),
    formats: [...FORMATS],
    totals: summary.totals,
    correlationId: request.correlationId,
  };
  return { record, written: await putSummaryRecordOnce(tableName, record) };
}

/**
 * Generates a digest or report. For a period that has ended: the final summary, once (its id is
 * derived from kind, scope and period, so a repeat returns the first and writes and sends nothing).
 * For a period still running: a draft with an id of its own, which never blocks the final.
 */
export async function generateSummary(
  tableName: string,
  request: GenerateRequest,
  now = new Date(),
): Promise<GenerateResult> {
  const period = parsePeriod(request.period);
  checkPeriod(period, now);
  const closed = orgMap().life(request.scope)?.validTo;
  if (closed && period.start >= closed) {
    const successors = orgMap().life(request.scope)?.successors ?? [];
    throw new ValidationError([
      {
        path: 'body.scope',
        message: `${request.scope} closed on ${closed}${successors.length ? `; its commitments are now ${successors.join(', ')}'s` : ''}: ask for a period before then, or for the successor`,
      },
    ]);
  }
  const { id, final } = plannedSummaryId(request, now);
  if (final || request.draftId) {
    const existing = await getSummaryRecord(tableName, id);
    if (existing) return { record: existing, created: false, itemsRead: 1 };
  }
  await request.beforeGenerating?.();
  const { summary, itemsRead } = await computeAsAt(
    tableName,
    request.kind,
    request.scope,
    period,
    request.onProgress,
    now.toISOString(),
  );
  const envelope: SummaryEnvelope = {
    id,
    contentVersion: SUMMARY_CONTENT_VERSION,
    status: final ? 'final' : 'draft',
    ...(final ? { revision: 1 } : {}),
    contentHash: contentHashOf(summary),
    generatedAt: now.toISOString(),
  };
  const { record, written } = await store(tableName, summary, envelope, request);
  if (written) return { record, created: true, itemsRead: itemsRead + 2 };
  // Someone generated it at the same moment: theirs stands.
  return {
    record: (await getSummaryRecord(tableName, id)) as SummaryRecord,
    created: false,
    itemsRead: itemsRead + 3,
  };
}

/** The newest revision of a final summary (revision 1's id, or any revision's). */
export async function latestRevision(tableName: string, record: SummaryRecord): Promise<SummaryRecord> {
  let latest = record;
  for (let r = (record.revision ?? 1) + 1; ; r++) {
    const next = await getSummaryRecord(
      tableName,
      finalSummaryId(record.kind, record.scope, record.period, r),
    );
    if (!next) return latest;
    latest = next;
  }
}

/**
 * A correction of a final summary: the next revision, recomputed from the record as at the period's
 * end, linked to the revision it replaces with the reason given. Both stay readable.
 */
export async function reviseSummary(
  tableName: string,
  request: { id: string; reason: string; correlationId: string; requestedBy: string },
  now = new Date(),
): Promise<SummaryRecord> {
  const record = await getSummaryRecord(tableName, request.id);
  if (!record) throw new NotFoundError(`No summary ${request.id}.`);
  if (record.status !== 'final')
    throw new ConflictError(
      'not-final',
      'Not a final summary',
      `${request.id} is ${record.status ?? 'legacy'}; only a final summary is corrected by a revision.`,
    );
  const latest = await latestRevision(tableName, record);
  const period = parsePeriod(record.period);
  const { summary } = await computeAsAt(
    tableName,
    record.kind,
    record.scope,
    period,
    undefined,
    now.toISOString(),
  );
  const revision = (latest.revision ?? 1) + 1;
  const envelope: SummaryEnvelope = {
    id: finalSummaryId(record.kind, record.scope, record.period, revision),
    status: 'final',
    revision,
    replaces: latest.id,
    reason: request.reason,
    contentVersion: SUMMARY_CONTENT_VERSION,
    contentHash: contentHashOf(summary),
    generatedAt: now.toISOString(),
  };
  const { record: stored, written } = await store(tableName, summary, envelope, request);
  if (!written)
    throw new ConflictError(
      'revision-conflict',
      'Revision made meanwhile',
      `Revision ${revision} of this summary was made meanwhile; ask again.`,
    );
  return stored;
}

/**
 * Recomputes a summary from the record as at its period's end and compares it with what was stored:
 * the same content hash and, for its JSON form, the same bytes.
 */
export async function verifySummary(tableName: string, id: string) {
  const record = await getSummaryRecord(tableName, id);
  if (!record) throw new NotFoundError(`No summary ${id}.`);
  if (!record.status || !record.contentHash)
    return {
      id,
      status: 'legacy' as const,
      verifiable: false,
      detail: 'Made before summaries were computed as at the period end.',
    };
  const { summary } = await computeAsAt(
    tableName,
    record.kind,
    record.scope,
    parsePeriod(record.period),
    undefined,
    record.generatedAt,
    record.contentVersion ?? 1,
    // Verifying reads the period values already worked out and writes nothing.
    { storeSnapshots: false },
  );
  const recomputedHash = contentHashOf(summary);
  const stored = await reportStore().get(id, 'json');
  const envelope: SummaryEnvelope = {
    id,
    ...(record.contentVersion ? { contentVersion: record.contentVersion } : {}),
    status: record.status,
    ...(record.revision ? { revision: record.revision } : {}),
    ...(record.replaces ? { replaces: record.replaces, reason: record.reason as string } : {}),
    contentHash: record.contentHash,
    generatedAt: record.generatedAt,
  };
  // The stored JSON's own content, hashed: a file edited in the store no longer matches its record.
  let storedContentHash: string | null = null;
  if (stored !== undefined) {
    const {
      id: _i,
      status: _s,
      revision: _r,
      replaces: _p,
      reason: _w,
      contentHash: _h,
      contentVersion: _v,
      ...content
    } = JSON.parse(stored) as Record<string, unknown>;
    storedContentHash = hashRecord(content);
  }
  const { checkSummaryAgainstSeal } = await import('../audit/sealing');
  const seal = record.status === 'final' ? await checkSummaryAgainstSeal(id, record.contentHash) : null;
  return {
    id,
    status: record.status,
    verifiable: true,
    ...(record.status === 'draft'
      ? { detail: 'A draft: its period had not ended, so changes recorded since can make it differ.' }
      : {}),
    contentHash: record.contentHash,
    recomputedHash,
    storedContentHash,
    contentMatches: recomputedHash === record.contentHash,
    storedJsonMatches: stored === render(summary, envelope, 'json'),
    ...(seal ? { seal } : {}),
  };
}

/**
 * Every measure's XmR chart for a scope (national, a region, or an ICS) over the weeks or months
 * ended by `through`, each value as at its period's end, split where an org change reshaped the scope.
 */
export async function measureSeries(
  tableName: string,
  request: { scope: string; grain: Grain; through: string; knownAt?: string },
): Promise<{ charts: MeasureChart[]; periods: Period[]; itemsRead: number }> {
  const knownAt = request.knownAt ?? new Date().toISOString();
  const map = new OrgMap(
    (await listOrgChanges(tableName)).filter((r) => r.recordedAt <= knownAt).map((r) => r.change),
  );
  const periods = seriesPeriods(request.grain, request.through);
  const fingerprint = mapFingerprint(map);
  const known = await getSnapshots(
    tableName,
    request.scope,
    request.grain,
    periods.map((p) => p.label),
    fingerprint,
  );
  const missing = periods.filter((p) => !known.has(p.label));
  let itemsRead = known.size;
  if (missing.length) {
    const window = seriesReadWindow(missing);
    const life = map.life(request.scope);
    // An ICS's series is read with its region (the one it was in on the series' last day) and filtered.
    const ics = request.scope !== 'national' && life?.kind === 'ics' ? request.scope : null;
    const last = (periods.at(-1) as Period).end;
    const closed = life?.validTo && life.validTo <= last ? addDays(life.validTo, -1) : null;
    const readAs = ics ? (map.regionOn(ics, closed ?? last) ?? '') : request.scope;
    const data = await readScope(
      tableName,
      readAs,
      window.instants,
      { from: window.actionsFrom, to: window.actionsTo },
      undefined,
      undefined,
      map,
    );
    const states = ics ? data.states.map((list) => list.filter((c) => c.ownerUnitId === ics)) : data.states;
    const actions = ics ? data.actions.filter((a) => a.unitId === ics) : data.actions;
    const computed = periodSnapshots(missing, states, actions);
    await putSnapshots(tableName, request.scope, request.grain, fingerprint, computed);
    for (const c of computed) known.set(c.label, c);
    itemsRead += data.itemsRead;
  }
  const rebase = changesTouching(map, request.scope, (periods[0] as Period).start, request.through).map(
    (c) => c.effectiveDate,
  );
  return { charts: chartsFromSnapshots(periods, known, rebase), periods, itemsRead };
}
