import { identityOf } from '../../shared/auth/identity';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';
import { mailerFromEnvironment } from '../../shared/summaries/mailer';
import { webhooksService } from '../../shared/webhooks/service.instance';
import { ReplayBody, WebhookPath } from './webhooks.schemas';

/** POST /webhooks/{id}/replays: sends again what occurred in a time range (and turns a disabled webhook back on). */
export const handler = httpHandler().handler(async (event) => {
  const { id } = parseRequestPart(WebhookPath, 'path', event.pathParameters);
  const { from, to } = parseJsonBody(event, ReplayBody);
  // A replay drains the queue, and a receiver still failing after a day is disabled with its owner told.
  const result = await webhooksService(event, { mailer: mailerFromEnvironment }).replay(
    identityOf(event),
    id,
    new Date(from).toISOString(),
    new Date(to).toISOString(),
  );
  return json(202, result);
});
