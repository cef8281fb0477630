import { identityOf } from '../../shared/auth/identity';
import { ListUnitActionsQuery } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { httpHandler, json } from '../../shared/http/handler';
import { pageBody, resumeFrom } from '../../shared/http/pagination';
import { parseRequestPart } from '../../shared/http/validation';

/** GET /actions?unit=&from=&to=: what a unit logged in a period, oldest first. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { cursor, limit, ...scope } = parseRequestPart(
    ListUnitActionsQuery,
    'query',
    event.queryStringParameters,
  );
  const page = await commitmentsService().unitActions(
    identity,
    scope.unit,
    scope.from,
    scope.to,
    limit,
    await resumeFrom(cursor, scope),
  );
  return json(200, await pageBody(page.items, page.resumeKey, scope));
});
