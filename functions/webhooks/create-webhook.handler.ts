import { identityOf } from '../../shared/auth/identity';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { webhooksService } from '../../shared/webhooks/service.instance';
import { CreateWebhookBody } from './webhooks.schemas';

/** POST /webhooks: an editor registers a receiver for a scope their unit may read; the secret is shown once. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const body = parseJsonBody(event, CreateWebhookBody);
  const webhook = await webhooksService(event).create(identity, body);
  return json(201, webhook, { location: `/webhooks/${webhook.id}`, 'cache-control': 'no-store' });
});
