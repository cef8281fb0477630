import { identityOf } from '../../shared/auth/identity';
import { commitmentView } from '../../shared/commitments/commitment.model';
import { ListCommitmentsQuery } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import type { PartState } from '../../shared/db/merge-pages';
import { httpHandler, json } from '../../shared/http/handler';
import { pageBody, resumeFrom } from '../../shared/http/pagination';
import { parseRequestPart } from '../../shared/http/validation';

/** GET /commitments?unit=|region=&responsibility=&status=&overdue=&dueAfter=&dueBefore=&asAt=&limit=&cursor= */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { cursor, ...query } = parseRequestPart(ListCommitmentsQuery, 'query', event.queryStringParameters);
  // The cursor is bound to the caller's unit too: the default scope depends on who asks.
  const scope = { ...query, as: identity.unitId, role: identity.role };
  if (query.asAt) {
    const asAt = query.asAt;
    const resume = (await resumeFrom(cursor, scope)) as { after: string } | undefined;
    const page = await commitmentsService().listAsAt(identity, { ...query, asAt }, resume?.after);
    const items = page.items.map((c) => ({ ...commitmentView(c, asAt.slice(0, 10)), asAt }));
    return json(200, await pageBody(items, page.after ? { after: page.after } : undefined, scope));
  }
  const resume = (await resumeFrom(cursor, scope)) as { parts: PartState[] } | undefined;
  const page = await commitmentsService().list(identity, query, resume?.parts);
  const items = page.items.map((c) => commitmentView(c));
  return json(200, await pageBody(items, page.state ? { parts: page.state } : undefined, scope));
});
