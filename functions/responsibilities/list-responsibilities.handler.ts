import { identityOf } from '../../shared/auth/identity';
import { listResponsibilities } from '../../shared/catalogue/catalogue.repository';
import { config } from '../../shared/config';
import { decodeCursor, encodeCursor } from '../../shared/db/cursor';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';
import { ListResponsibilitiesQuery } from './responsibilities.schemas';

/** GET /responsibilities?tier=&area=&version=&limit=&cursor= */
export const handler = httpHandler().handler(async (event) => {
  identityOf(event);
  const { TABLE_NAME, CURSOR_SECRET, CATALOGUE_VERSION } = config();
  const query = parseRequestPart(ListResponsibilitiesQuery, 'query', event.queryStringParameters);
  const filter = { version: query.version ?? CATALOGUE_VERSION, tier: query.tier, area: query.area };
  const startKey = query.cursor ? decodeCursor(CURSOR_SECRET, query.cursor, filter) : undefined;
  const page = await listResponsibilities(TABLE_NAME, filter, query.limit, startKey);
  return json(200, {
    items: page.items,
    nextCursor: page.resumeKey ? encodeCursor(CURSOR_SECRET, page.resumeKey, filter) : null,
  });
});
