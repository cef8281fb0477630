import { identityOf } from '../../shared/auth/identity';
import { catalogueVersionInForce } from '../../shared/catalogue/catalogue';
import { commitmentView } from '../../shared/commitments/commitment.model';
import { ResponsibilityCommitmentsQuery } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { httpHandler, json } from '../../shared/http/handler';
import { pageBody, resumeFrom } from '../../shared/http/pagination';
import { parseRequestPart } from '../../shared/http/validation';
import { ResponsibilityPath } from '../responsibilities/responsibilities.schemas';

/** GET /responsibilities/{id}/commitments: who is covering this responsibility (that the caller may see). */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(ResponsibilityPath, 'path', event.pathParameters);
  const query = parseRequestPart(ResponsibilityCommitmentsQuery, 'query', event.queryStringParameters);
  const version = query.version ?? catalogueVersionInForce();
  const scope = { id, version, as: identity.unitId, role: identity.role };
  const page = await commitmentsService().coverage(
    identity,
    id,
    version,
    query.limit,
    await resumeFrom(query.cursor, scope),
  );
  return json(
    200,
    await pageBody(
      page.items.map((c) => commitmentView(c)),
      page.resumeKey,
      scope,
    ),
  );
});
