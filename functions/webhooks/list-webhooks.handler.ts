import { identityOf } from '../../shared/auth/identity';
import { httpHandler, json } from '../../shared/http/handler';
import { webhooksService } from '../../shared/webhooks/service.instance';

/** GET /webhooks: the caller's unit's webhooks (secrets are never shown again). */
export const handler = httpHandler().handler(async (event) => {
  const items = await webhooksService(event).list(identityOf(event));
  return json(200, { items, nextCursor: null });
});
