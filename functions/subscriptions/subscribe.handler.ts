import { assertCanReadReport } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { ValidationError } from '../../shared/http/problem';
import { mailerFromEnvironment } from '../../shared/summaries/mailer';
import {
  allowedEmailDomains,
  getSubscription,
  isAllowedEmail,
  newLinkToken,
  putSubscription,
  subscriptionId,
} from '../../shared/summaries/subscriptions';
import { SubscribeBody } from './subscriptions.schemas';

/**
 * POST /subscriptions: the caller subscribes an address at an allowed domain to a kind and scope they
 * may read. The subscription is pending until the link e-mailed to the address is followed.
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const body = parseJsonBody(event, SubscribeBody);
  if (!isAllowedEmail(body.email))
    throw new ValidationError([
      {
        path: 'body.email',
        message: `Must be an address at ${allowedEmailDomains().join(' or ')} (or a subdomain)`,
        code: 'email_domain_not_allowed',
      },
    ]);
  assertCanReadReport(identity, body.scope);
  const tableName = config().TABLE_NAME;
  const id = subscriptionId(identity.userId, body.email, body.scope, body.kind);
  const token = newLinkToken();
  const subscription = {
    id,
    userId: identity.userId,
    unitId: identity.unitId,
    role: identity.role,
    ...body,
    status: 'pending' as const,
    createdAt: new Date().toISOString(),
  };
  const created = await putSubscription(tableName, subscription, token);
  if (!created) return json(200, await getSubscription(tableName, id), { location: `/subscriptions/${id}` });
  const base = `https://${event.requestContext.domainName}`.replace(
    /^https:\/\/(localhost|127\.0\.0\.1)/,
    'http://$1',
  );
  const link = `${base}/subscriptions/${id}/confirm?token=${token}`;
  await mailerFromEnvironment().send({
    to: body.email,
    subject: `Confirm your subscription to ${body.kind === 'digest' ? 'accountability digests' : 'governance reports'} for ${body.scope}`,
    text: `Someone (user ${identity.userId}) asked to send ${body.kind}s for ${body.scope} to this address.\n\nTo confirm, open: ${link}\n\nIf this was not you, ignore this message: nothing will be sent.`,
    html: `<p>Someone (user ${identity.userId}) asked to send ${body.kind}s for ${body.scope} to this address.</p><p><a href="${link}">Confirm the subscription</a></p><p>If this was not you, ignore this message: nothing will be sent.</p>`,
  });
  return json(201, subscription, { location: `/subscriptions/${id}` });
});
