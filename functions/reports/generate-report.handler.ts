import { assertCanGenerateReport } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { takeGenerationSlot } from '../../shared/summaries/generation-limit';
import { parsePeriod } from '../../shared/summaries/period';
import { checkPeriod, generateSummary } from '../../shared/summaries/summaries.service';
import { GenerateReportBody } from './reports.schemas';

/**
 * POST /reports: the final digest or report of an ended period (201, or 200 with the existing one), or
 * a draft of a period still running (201, a new id each time). Rate-limited per caller (429).
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const body = parseJsonBody(event, GenerateReportBody);
  checkPeriod(parsePeriod(body.period, 'body.period'), new Date(), 'body.period');
  assertCanGenerateReport(identity, body.scope);
  const tableName = config().TABLE_NAME;
  const result = await generateSummary(tableName, {
    ...body,
    correlationId: identity.correlationId ?? 'api',
    requestedBy: identity.userId,
    beforeGenerating: () => takeGenerationSlot(tableName, identity.userId),
  });
  return json(result.created ? 201 : 200, result.record, { location: `/reports/${result.record.id}` });
});
