import { assertCanGenerateReport, canReadReport } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { NotFoundError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { takeGenerationSlot } from '../../shared/summaries/generation-limit';
import { reviseSummary } from '../../shared/summaries/summaries.service';
import { getSummaryRecord } from '../../shared/summaries/summary.repository';
import { ReportPath, ReviseReportBody } from './reports.schemas';

/** POST /reports/{id}/revisions: a correction of a final summary, as its next revision (201). */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(ReportPath, 'path', event.pathParameters);
  const body = parseJsonBody(event, ReviseReportBody);
  const tableName = config().TABLE_NAME;
  const record = await getSummaryRecord(tableName, id);
  // A summary of a scope the caller may not read is answered as one that does not exist.
  if (!record || !canReadReport(identity, record.scope)) throw new NotFoundError(`No summary ${id}.`);
  assertCanGenerateReport(identity, record.scope);
  await takeGenerationSlot(tableName, identity.userId);
  const revision = await reviseSummary(tableName, {
    id,
    reason: body.reason,
    correlationId: identity.correlationId ?? 'api',
    requestedBy: identity.userId,
  });
  return json(201, revision, { location: `/reports/${revision.id}` });
});
