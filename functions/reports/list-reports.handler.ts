import { readableReportScopes } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { httpHandler, json } from '../../shared/http/handler';
import { pageBody, resumeFrom } from '../../shared/http/pagination';
import { ForbiddenError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { listSummaryRecords } from '../../shared/summaries/summary.repository';
import { ListReportsQuery } from './reports.schemas';

/** GET /reports?kind=&scope=: generated digests and reports the caller may read, newest first. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { cursor, limit, ...filter } = parseRequestPart(
    ListReportsQuery,
    'query',
    event.queryStringParameters,
  );
  const readable = readableReportScopes(identity);
  if (filter.scope && readable !== 'all' && !readable.includes(filter.scope)) {
    throw new ForbiddenError(`${identity.unitId} may not read summaries for ${filter.scope}.`);
  }
  const scopes = filter.scope ? [filter.scope] : readable === 'all' ? undefined : readable;
  if (scopes?.length === 0) return json(200, { items: [], nextCursor: null });
  const scope = { ...filter, as: identity.unitId, role: identity.role };
  const page = await listSummaryRecords(
    config().TABLE_NAME,
    {
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(scopes ? { scopes } : {}),
    },
    limit,
    await resumeFrom(cursor, scope),
  );
  return json(200, await pageBody(page.items, page.resumeKey, scope));
});
