import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { logger } from '../../shared/observability/logger';
import { orgMap, refreshOrgMap } from '../../shared/org/live-map';
import {
  addDays,
  londonDate,
  parsePeriod,
  periodEnded,
  periodInstants,
  quarterLabel,
  weekLabel,
} from '../../shared/summaries/period';
import { generateSummary, measureSeries } from '../../shared/summaries/summaries.service';
import { anythingRecordedBy } from '../../shared/summaries/summary.repository';
import '../../shared/observability/tracing';

const Env = z.object({ TABLE_NAME: z.string().min(1) });
const Input = z
  .object({
    cadence: z.enum(['weekly-digest', 'monthly-report', 'quarterly-report']),
    today: z.iso.date().optional(),
    /** The instant to run as (tests replay scenarios; the schedule leaves it out). */
    now: z.iso.datetime().optional(),
  })
  .default({ cadence: 'weekly-digest' });

/** The period that ended before `today`: last week, last month or last quarter. */
export function lastCompletedPeriod(cadence: z.infer<typeof Input>['cadence'], today: string): string {
  if (cadence === 'weekly-digest') return weekLabel(addDays(today, -7));
  const previous = addDays(`${today.slice(0, 7)}-01`, -1);
  if (cadence === 'monthly-report') return previous.slice(0, 7);
  const month = Number(today.slice(5, 7));
  const quarterStart = `${today.slice(0, 4)}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  const lastQuarterEnd = addDays(quarterStart, -1);
  return quarterLabel(lastQuarterEnd);
}

/**
 * Scheduled (functions/schedules.ts): the final summaries of the period just ended, for national and
 * every region. Each is generated once (same id), so a retried or repeated run sends nothing twice.
 * Scopes with no commitment recorded by the period's end are skipped (no summaries of nothing).
 * A period that has not ended by the clock (`today` set ahead of it) is skipped: finals are made only
 * after their period, and the schedule makes no drafts.
 */
export const handler = async (raw?: unknown) => {
  const { TABLE_NAME } = Env.parse(process.env);
  await refreshOrgMap(TABLE_NAME);
  const input = Input.parse(raw ?? undefined);
  const now = input.now ? new Date(input.now) : new Date();
  const period = lastCompletedPeriod(input.cadence, input.today ?? londonDate(now));
  if (!periodEnded(parsePeriod(period), now)) {
    logger.info('scheduled summaries skipped: the period has not ended', { cadence: input.cadence, period });
    return { period, generated: 0, skipped: 'the period has not ended yet', results: [] };
  }
  const kind = input.cadence === 'weekly-digest' ? 'digest' : 'report';
  // The regions as the map had them on the period's last day.
  const regions = orgMap()
    .at(parsePeriod(period).end)
    .units.filter((u) => u.kind === 'region');
  const scopes = ['national', ...regions.map((u) => u.id)];
  const runId = `${input.cadence}-${randomUUID()}`;
  const periodEnd = periodInstants(parsePeriod(period)).to;
  const results = [];
  for (const scope of scopes) {
    // Catch-up (a first start, a schedule switched on late) makes no summaries of nothing: a scope
    // with no commitment recorded by the period's end gets none (a person may still ask for one).
    if (!(await anythingRecordedBy(TABLE_NAME, scope, periodEnd))) {
      results.push({ scope, created: false, skipped: 'nothing recorded by the period’s end' });
      continue;
    }
    const r = await generateSummary(TABLE_NAME, { kind, scope, period, correlationId: runId }, now);
    // Each week's measure values are worked out as the week ends, so a report's SPC charts (a year of
    // weeks) only read them back (the first run also works out the weeks before; later runs one).
    if (input.cadence === 'weekly-digest')
      await measureSeries(TABLE_NAME, {
        scope,
        grain: 'week',
        through: parsePeriod(period).end,
        knownAt: now.toISOString(),
      });
    results.push({ scope, id: r.record.id, created: r.created, itemsRead: r.itemsRead });
  }
  logger.info('scheduled summaries', { cadence: input.cadence, period, results });
  return {
    period,
    generated: results.filter((r) => r.created).length,
    emptyScopes: results.filter((r) => 'skipped' in r).length,
    results,
  };
};
