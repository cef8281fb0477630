import { identityOf } from '../../shared/auth/identity';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';
import { webhooksService } from '../../shared/webhooks/service.instance';
import { WebhookPath } from './webhooks.schemas';

/** POST /webhooks/{id}/test: sends a signed test event now and says what the receiver answered. */
export const handler = httpHandler().handler(async (event) => {
  const { id } = parseRequestPart(WebhookPath, 'path', event.pathParameters);
  return json(200, await webhooksService(event).test(identityOf(event), id));
});
