import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { httpHandler, json } from '../../shared/http/handler';
import { listOrgChanges } from '../../shared/org/org-change.repository';

/** GET /org-changes: every recorded org change, by effective date (anyone signed in may read the map). */
export const handler = httpHandler().handler(async (event) => {
  identityOf(event);
  return json(200, { items: await listOrgChanges(config().TABLE_NAME) });
});
