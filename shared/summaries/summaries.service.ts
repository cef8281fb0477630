import { OPERATING_MODELS, responsibilitiesOf } from '../catalogue/catalogue';
import { type Period, parsePeriod, previousPeriod } from './period';
import { FORMATS, render } from './render';
import { reportStore } from './report-store';
import { computeSummary, type SummaryKind, summaryId } from './summary.model';
import { getSummaryRecord, putSummaryRecordOnce, readScope, type SummaryRecord } from './summary.repository';

export interface GenerateRequest {
  kind: SummaryKind;
  scope: string;
  period: string;
  correlationId: string;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface GenerateResult {
  record: SummaryRecord;
  /** False when this scope and period had been generated already (nothing was written or sent). */
  created: boolean;
  itemsRead: number;
}

const RESPONSIBILITIES = responsibilitiesOf(
  OPERATING_MODELS[OPERATING_MODELS.length - 1] as (typeof OPERATING_MODELS)[number],
);

/**
 * Generates a digest or report once per kind, scope and period: the id is derived from them, so a
 * second request returns the first record and writes nothing (and so sends no second e-mail).
 */
export async function generateSummary(
  tableName: string,
  request: GenerateRequest,
  now = new Date(),
): Promise<GenerateResult> {
  const period = parsePeriod(request.period);
  const id = summaryId(request.kind, request.scope, period.label);
  const existing = await getSummaryRecord(tableName, id);
  if (existing) return { record: existing, created: false, itemsRead: 1 };

  const progress = request.onProgress ?? (() => undefined);
  const data = await readScope(tableName, request.scope, period, (done, total) =>
    progress('reading', done, total),
  );
  const previous = await getSummaryRecord(
    tableName,
    summaryId(request.kind, request.scope, previousPeriod(period).label),
  );
  const trendPeriods: Period[] = [];
  if (request.kind === 'report') {
    let p = period;
    for (let i = 0; i < 5; i++) {
      p = previousPeriod(p);
      trendPeriods.unshift(p);
    }
  }
  const summary = computeSummary({
    kind: request.kind,
    scope: request.scope,
    period,
    commitments: data.commitments,
    actions: data.actions,
    responsibilities: RESPONSIBILITIES,
    ...(previous ? { previous: { id: previous.id, totals: previous.totals } } : {}),
    trendPeriods,
    generatedAt: now.toISOString(),
  });
  const store = reportStore();
  for (const [i, format] of FORMATS.entries()) {
    await store.put(id, format, render(summary, format));
    progress('rendering', i + 1, FORMATS.length);
  }
  const record: SummaryRecord = {
    id,
    kind: request.kind,
    scope: request.scope,
    period: period.label,
    start: period.start,
    end: period.end,
    generatedAt: summary.generatedAt,
    formats: [...FORMATS],
    totals: summary.totals,
    correlationId: request.correlationId,
  };
  if (await putSummaryRecordOnce(tableName, record))
    return { record, created: true, itemsRead: data.itemsRead + 2 };
  // Someone generated it at the same moment: theirs stands.
  return {
    record: (await getSummaryRecord(tableName, id)) as SummaryRecord,
    created: false,
    itemsRead: data.itemsRead + 3,
  };
}
