import { assertCanGenerateReport } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { parsePeriod } from '../../shared/summaries/period';
import { generateSummary } from '../../shared/summaries/summaries.service';
import { GenerateReportBody } from './reports.schemas';

/** POST /reports: generates a digest or report for a scope and period (201), or returns the existing one (200). */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const body = parseJsonBody(event, GenerateReportBody);
  parsePeriod(body.period, 'body.period');
  assertCanGenerateReport(identity, body.scope);
  const result = await generateSummary(config().TABLE_NAME, {
    ...body,
    correlationId: identity.correlationId ?? 'api',
  });
  return json(result.created ? 201 : 200, result.record, { location: `/reports/${result.record.id}` });
});
