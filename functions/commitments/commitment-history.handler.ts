import { identityOf } from '../../shared/auth/identity';
import { CommitmentPath, HistoryQuery } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { httpHandler, json } from '../../shared/http/handler';
import { pageBody, resumeFrom } from '../../shared/http/pagination';
import { parseRequestPart } from '../../shared/http/validation';

/** GET /commitments/{id}/history: every version of the commitment, oldest first, paginated. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(CommitmentPath, 'path', event.pathParameters);
  const { cursor, limit } = parseRequestPart(HistoryQuery, 'query', event.queryStringParameters);
  const scope = { id, history: true };
  const page = await commitmentsService().history(identity, id, limit, await resumeFrom(cursor, scope));
  return json(200, await pageBody(page.items, page.resumeKey, scope));
});
