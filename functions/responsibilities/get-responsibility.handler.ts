import { identityOf } from '../../shared/auth/identity';
import { catalogueVersionInForce } from '../../shared/catalogue/catalogue';
import { getResponsibility } from '../../shared/catalogue/catalogue.repository';
import { config } from '../../shared/config';
import { httpHandler, json } from '../../shared/http/handler';
import { NotFoundError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { GetResponsibilityQuery, ResponsibilityPath } from './responsibilities.schemas';

/** GET /responsibilities/{id}?version= */
export const handler = httpHandler().handler(async (event) => {
  identityOf(event);
  const { TABLE_NAME } = config();
  const { id } = parseRequestPart(ResponsibilityPath, 'path', event.pathParameters);
  const query = parseRequestPart(GetResponsibilityQuery, 'query', event.queryStringParameters);
  const version = query.version ?? catalogueVersionInForce();
  const responsibility = await getResponsibility(TABLE_NAME, version, id);
  if (!responsibility) throw new NotFoundError(`No responsibility ${id} in catalogue ${version}.`);
  return json(200, responsibility);
});
