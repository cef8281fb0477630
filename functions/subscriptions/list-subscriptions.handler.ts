import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { httpHandler, json } from '../../shared/http/handler';
import { subscriptionsOf } from '../../shared/summaries/subscriptions';

/** GET /subscriptions: the caller's own subscriptions. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  return json(200, { items: await subscriptionsOf(config().TABLE_NAME, identity.userId), nextCursor: null });
});
