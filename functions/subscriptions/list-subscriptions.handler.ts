import { randomUUID } from 'node:crypto';
import { assertCanReadReport } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { ForbiddenError, NotFoundError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import {
  deleteSubscription,
  getSubscription,
  putSubscription,
  subscriptionId,
  subscriptionsOf,
} from '../../shared/summaries/subscriptions';

import { SubscribeBody, SubscriptionPath } from './subscriptions.schemas';

/** GET /subscriptions: the caller's own subscriptions. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  return json(200, { items: await subscriptionsOf(config().TABLE_NAME, identity.userId), nextCursor: null });
});
