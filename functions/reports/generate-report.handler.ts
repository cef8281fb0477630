import { assertCanGenerateReport } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { takeGenerationSlot } from '../../shared/summaries/generation-limit';
import { parsePeriod } from '../../shared/summaries/period';
import { checkPeriod, generateSummary, plannedSummaryId } from '../../shared/summaries/summaries.service';
import {
  getSummaryJob,
  getSummaryRecord,
  putSummaryJobOnce,
  requeueSummaryJob,
} from '../../shared/summaries/summary.repository';
import { GenerateReportBody } from './reports.schemas';

/**
 * POST /reports: the final digest or report of an ended period (201, or 200 with the existing one), or
 * a draft of a period still running (201, a new id each time). Rate-limited per caller (429).
 * With `Prefer: respond-async` (RFC 7240) it answers 202 at once with the summary's id and
 * `Location`, and a worker makes it (large scopes: API Gateway answers a request after 29 s).
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const body = parseJsonBody(event, GenerateReportBody);
  checkPeriod(parsePeriod(body.period, 'body.period'), new Date(), 'body.period');
  assertCanGenerateReport(identity, body.scope);
  const tableName = config().TABLE_NAME;
  const correlationId = identity.correlationId ?? 'api';
  if (/\brespond-async\b/i.test(event.headers?.prefer ?? '')) {
    const now = new Date();
    const { id, final } = plannedSummaryId(body, now);
    const existing = final ? await getSummaryRecord(tableName, id) : undefined;
    if (existing) return json(200, existing, { location: `/reports/${id}` });
    const queued = final ? await getSummaryJob(tableName, id) : undefined;
    if (queued?.status === 'failed') {
      // Asked again after a failure: the same job, queued again (announced again).
      await takeGenerationSlot(tableName, identity.userId);
      await requeueSummaryJob(tableName, id);
    } else if (!queued) {
      await takeGenerationSlot(tableName, identity.userId);
      await putSummaryJobOnce(tableName, {
        id,
        ...body,
        status: 'queued',
        requestedBy: identity.userId,
        requestedAt: now.toISOString(),
        correlationId,
        updatedAt: now.toISOString(),
      });
    }
    return json(
      202,
      {
        id,
        kind: body.kind,
        scope: body.scope,
        period: body.period,
        status: queued && queued.status !== 'failed' ? queued.status : 'queued',
        requestedAt: queued?.requestedAt ?? now.toISOString(),
      },
      { location: `/reports/${id}`, 'retry-after': '5', 'preference-applied': 'respond-async' },
    );
  }
  const result = await generateSummary(tableName, {
    ...body,
    correlationId,
    requestedBy: identity.userId,
    beforeGenerating: () => takeGenerationSlot(tableName, identity.userId),
  });
  return json(result.created ? 201 : 200, result.record, { location: `/reports/${result.record.id}` });
});
