import { identityOf } from '../../shared/auth/identity';
import { commitmentView } from '../../shared/commitments/commitment.model';
import { MyCommitmentsQuery } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import type { PartState } from '../../shared/db/merge-pages';
import { httpHandler, json } from '../../shared/http/handler';
import { pageBody, resumeFrom } from '../../shared/http/pagination';
import { parseRequestPart } from '../../shared/http/validation';

/** GET /me/commitments?status=&overdue=&dueAfter=&dueBefore=&limit=&cursor= */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { cursor, ...query } = parseRequestPart(MyCommitmentsQuery, 'query', event.queryStringParameters);
  // Bound to the caller: someone else's cursor must not page through this person's list.
  const scope = { ...query, me: identity.userId };
  const resume = (await resumeFrom(cursor, scope)) as { parts: PartState[] } | undefined;
  const page = await commitmentsService().mine(identity, query, resume?.parts);
  const items = page.items.map((c) => commitmentView(c));
  return json(200, await pageBody(items, page.state ? { parts: page.state } : undefined, scope));
});
