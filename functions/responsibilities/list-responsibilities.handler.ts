import { identityOf } from '../../shared/auth/identity';
import { catalogueVersionInForce } from '../../shared/catalogue/catalogue';
import { listResponsibilities } from '../../shared/catalogue/catalogue.repository';
import { config } from '../../shared/config';
import { httpHandler, json } from '../../shared/http/handler';
import { pageBody, resumeFrom } from '../../shared/http/pagination';
import { parseRequestPart } from '../../shared/http/validation';
import { ListResponsibilitiesQuery } from './responsibilities.schemas';

/** GET /responsibilities?tier=&area=&version=&limit=&cursor= */
export const handler = httpHandler().handler(async (event) => {
  identityOf(event);
  const { TABLE_NAME } = config();
  const query = parseRequestPart(ListResponsibilitiesQuery, 'query', event.queryStringParameters);
  const filter = { version: query.version ?? catalogueVersionInForce(), tier: query.tier, area: query.area };
  const page = await listResponsibilities(
    TABLE_NAME,
    filter,
    query.limit,
    await resumeFrom(query.cursor, filter),
  );
  return json(200, await pageBody(page.items, page.resumeKey, filter));
});
