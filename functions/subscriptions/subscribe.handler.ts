import { assertCanReadReport } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { getSubscription, putSubscription, subscriptionId } from '../../shared/summaries/subscriptions';

import { SubscribeBody } from './subscriptions.schemas';

/** POST /subscriptions: the caller subscribes an address to a kind and scope they may read. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const body = parseJsonBody(event, SubscribeBody);
  assertCanReadReport(identity, body.scope);
  const id = subscriptionId(identity.userId, body.email, body.scope, body.kind);
  const subscription = { id, userId: identity.userId, ...body, createdAt: new Date().toISOString() };
  const created = await putSubscription(config().TABLE_NAME, subscription);
  const stored = created ? subscription : await getSubscription(config().TABLE_NAME, id);
  return json(created ? 201 : 200, stored, { location: `/subscriptions/${id}` });
});
