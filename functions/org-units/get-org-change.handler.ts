import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { httpHandler, json } from '../../shared/http/handler';
import { NotFoundError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { getOrgChange } from '../../shared/org/org-change.repository';
import { OrgChangePath } from './org-units.schemas';

/** GET /org-changes/{id}: one recorded change and how far it got (scheduled, applying, applied). */
export const handler = httpHandler().handler(async (event) => {
  identityOf(event);
  const { id } = parseRequestPart(OrgChangePath, 'path', event.pathParameters);
  const record = await getOrgChange(config().TABLE_NAME, id);
  if (!record) throw new NotFoundError(`No org change ${id}.`);
  return json(200, record);
});
