import { config } from '../../shared/config';
import { httpHandler } from '../../shared/http/handler';
import { NotFoundError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { confirmSubscription, deleteSubscription, tokenMatches } from '../../shared/summaries/subscriptions';
import { SubscriptionLinkQuery, SubscriptionPath } from './subscriptions.schemas';

const page = (statusCode: number, message: string) => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Subscription</title></head><body><main><p>${message}</p></main></body></html>`,
});

const esc = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The links in subscription e-mails (no sign-in: the token is the proof of the mailbox). A `GET` only
 * shows a page with a button; the change is the `POST` the button sends, so mail scanners that open
 * links neither confirm nor unsubscribe anyone. `POST .../unsubscribe` is also RFC 8058 one-click
 * unsubscribe (the List-Unsubscribe header). A wrong token is answered like a missing subscription.
 */
export const handler = httpHandler().handler(async (event) => {
  const { id } = parseRequestPart(SubscriptionPath, 'path', event.pathParameters);
  const { token } = parseRequestPart(SubscriptionLinkQuery, 'query', event.queryStringParameters);
  const tableName = config().TABLE_NAME;
  if (!(await tokenMatches(tableName, id, token)))
    throw new NotFoundError(`No subscription ${id} with that link.`);
  const confirming = event.rawPath.endsWith('/confirm');
  if (event.requestContext.http.method === 'GET') {
    const action = `${esc(event.rawPath)}?token=${esc(token)}`;
    return page(
      200,
      `${confirming ? 'Confirm this subscription?' : 'Unsubscribe from these e-mails?'}</p><form method="post" action="${action}"><button type="submit">${confirming ? 'Confirm' : 'Unsubscribe'}</button></form><p>`,
    );
  }
  if (confirming) {
    await confirmSubscription(tableName, id, new Date().toISOString());
    return page(200, 'Subscription confirmed. Summaries will be sent to this address.');
  }
  await deleteSubscription(tableName, id);
  return page(200, 'Unsubscribed. Nothing more will be sent to this address for this subscription.');
});
