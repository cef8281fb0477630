import { randomUUID } from 'node:crypto';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { httpHandler } from '../../shared/http/handler';
import { ForbiddenError, NotFoundError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { deleteSubscription, getSubscription } from '../../shared/summaries/subscriptions';

import { SubscriptionPath } from './subscriptions.schemas';

/** DELETE /subscriptions/{id}: only its owner may remove it. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(SubscriptionPath, 'path', event.pathParameters);
  const subscription = await getSubscription(config().TABLE_NAME, id);
  if (!subscription) throw new NotFoundError(`No subscription ${id}.`);
  if (subscription.userId !== identity.userId)
    throw new ForbiddenError('Only its owner can remove a subscription.');
  await deleteSubscription(config().TABLE_NAME, id);
  return { statusCode: 204, headers: { 'x-request-id': randomUUID() }, body: '' };
});
