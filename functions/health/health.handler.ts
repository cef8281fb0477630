import { catalogueVersionInForce } from '../../shared/catalogue/catalogue';
import { catalogueMeta } from '../../shared/catalogue/catalogue.repository';
import { config } from '../../shared/config';
import { httpHandler, json } from '../../shared/http/handler';
import { ServiceUnavailableError } from '../../shared/http/problem';

/** GET /health: 200 when the table answers and the catalogue is seeded, else 503. */
export const handler = httpHandler().handler(async () => {
  const { TABLE_NAME, SERVICE_VERSION } = config();
  const CATALOGUE_VERSION = catalogueVersionInForce();
  const meta = await catalogueMeta(TABLE_NAME, CATALOGUE_VERSION).catch((cause: unknown) => {
    throw new ServiceUnavailableError('The table cannot be reached.', { cause });
  });
  if (!meta) throw new ServiceUnavailableError(`Catalogue ${CATALOGUE_VERSION} has not been seeded yet.`);
  return json(200, {
    status: 'ok',
    version: SERVICE_VERSION,
    catalogueVersion: CATALOGUE_VERSION,
    catalogueSeededAt: meta.seededAt,
  });
});
