import { identityOf } from '../../shared/auth/identity';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';
import { webhooksService } from '../../shared/webhooks/service.instance';
import { DeliveriesQuery, WebhookPath } from './webhooks.schemas';

/** GET /webhooks/{id}/deliveries: what is queued (next attempt first), then what was sent, newest first. */
export const handler = httpHandler().handler(async (event) => {
  const { id } = parseRequestPart(WebhookPath, 'path', event.pathParameters);
  const { limit } = parseRequestPart(DeliveriesQuery, 'query', event.queryStringParameters);
  const items = await webhooksService(event).deliveries(identityOf(event), id, limit);
  return json(200, { items, nextCursor: null });
});
