import { identityOf } from '../../shared/auth/identity';
import { httpHandler } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';
import { webhooksService } from '../../shared/webhooks/service.instance';
import { WebhookPath } from './webhooks.schemas';

/** DELETE /webhooks/{id}: stops sending to it (its unit's editors). */
export const handler = httpHandler().handler(async (event) => {
  const { id } = parseRequestPart(WebhookPath, 'path', event.pathParameters);
  await webhooksService(event).remove(identityOf(event), id);
  return { statusCode: 204, headers: {}, body: '' };
});
