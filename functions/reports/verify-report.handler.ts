import { canReadReport } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { httpHandler, json } from '../../shared/http/handler';
import { NotFoundError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { verifySummary } from '../../shared/summaries/summaries.service';
import { getSummaryRecord } from '../../shared/summaries/summary.repository';
import { ReportPath } from './reports.schemas';

/** GET /reports/{id}/verify: recomputes the summary from the record and compares it with what was stored. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(ReportPath, 'path', event.pathParameters);
  const tableName = config().TABLE_NAME;
  const record = await getSummaryRecord(tableName, id);
  // A summary of a scope the caller may not read is answered as one that does not exist.
  if (!record || !canReadReport(identity, record.scope)) throw new NotFoundError(`No summary ${id}.`);
  return json(200, await verifySummary(tableName, id));
});
