import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../auth/identity';
import { documentClient } from '../db/client';
import { queryAll, queryIndexPartition } from '../db/query-page';
import { INDEXES } from '../db/table';
import type { SummaryKind } from './summary.model';

/**
 * Who receives which summaries, by e-mail. `pending` until the address's owner follows the link sent
 * to it; only `confirmed` ones are mailed, and only while their unit and role may still read the scope.
 */
export interface Subscription {
  id: string;
  userId: string;
  /** The subscriber's unit and role when subscribing: access is checked again at every send. */
  unitId: string;
  role: Role;
  email: string;
  scope: string;
  kind: SummaryKind;
  status: 'pending' | 'confirmed';
  createdAt: string;
  confirmedAt?: string;
}

/**
 * The stored item also holds the token of its e-mail links (confirm, unsubscribe), which only the
 * mails carry: the API never returns it.
 */
export type SubscriptionWithLink = Subscription & { linkToken: string };

export const newLinkToken = () => randomBytes(24).toString('base64url');

/** Addresses may be subscribed only at these domains (or their subdomains). */
export function allowedEmailDomains(): string[] {
  return (process.env.ALLOWED_EMAIL_DOMAINS ?? 'nhs.net,nhs.uk')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
}
export function isAllowedEmail(email: string): boolean {
  const domain = email.split('@').at(-1)?.toLowerCase() ?? '';
  return allowedEmailDomains().some((d) => domain === d || domain.endsWith(`.${d}`));
}

const partition = (kind: SummaryKind, scope: string) => `SUBS#${kind}#${scope}`;
const subscriberPartition = (userId: string) => `SUBSCRIBER#${userId}`;

/** Same user, address, scope and kind: same id, so subscribing twice is one subscription. */
export function subscriptionId(userId: string, email: string, scope: string, kind: SummaryKind): string {
  const hash = createHash('sha256')
    .update(`${userId}|${email.toLowerCase()}|${scope}|${kind}`)
    .digest('hex')
    .slice(0, 12);
  return `sub-${kind}-${scope}-${hash}`;
}

export function parseSubscriptionId(id: string): { kind: SummaryKind; scope: string } | undefined {
  const match = /^sub-(digest|report)-([a-z0-9-]+)-[0-9a-f]{12}$/.exec(id);
  return match ? { kind: match[1] as SummaryKind, scope: match[2] as string } : undefined;
}

const keyOf = (id: string) => {
  const parsed = parseSubscriptionId(id);
  return parsed ? { pk: partition(parsed.kind, parsed.scope), sk: id } : undefined;
};

export async function putSubscription(tableName: string, s: Subscription, token: string): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: partition(s.kind, s.scope),
          sk: s.id,
          type: 'Subscription',
          [INDEXES.byUnit.pk]: subscriberPartition(s.userId),
          [INDEXES.byUnit.sk]: `${s.createdAt}#${s.id}`,
          ...s,
          linkToken: token,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

const fromItem = (item: Record<string, unknown>): Subscription => {
  const { id, userId, unitId, role, email, scope, kind, status, createdAt, confirmedAt } =
    item as unknown as Subscription;
  return {
    id,
    userId,
    unitId,
    role,
    email,
    scope,
    kind,
    // Subscriptions from before confirmation existed were never confirmed.
    status: status ?? 'pending',
    createdAt,
    ...(confirmedAt ? { confirmedAt } : {}),
  };
};

/** Whether a link token is the one issued for this subscription (compared in constant time). */
export async function tokenMatches(tableName: string, id: string, token: string): Promise<boolean> {
  const key = keyOf(id);
  if (!key) return false;
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: key }));
  const stored = (out.Item as SubscriptionWithLink | undefined)?.linkToken;
  if (!stored) return false;
  const a = Buffer.from(stored);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Marks a subscription confirmed (once; a second confirmation changes nothing). */
export async function confirmSubscription(tableName: string, id: string, at: string): Promise<void> {
  const key = keyOf(id);
  if (!key) return;
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET #status = :confirmed, confirmedAt = if_not_exists(confirmedAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':confirmed': 'confirmed', ':at': at },
    }),
  );
}

export async function getSubscription(tableName: string, id: string): Promise<Subscription | undefined> {
  const key = keyOf(id);
  if (!key) return undefined;
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: key }));
  return out.Item ? fromItem(out.Item) : undefined;
}

export async function deleteSubscription(tableName: string, id: string): Promise<void> {
  const key = keyOf(id);
  if (key) await documentClient.send(new DeleteCommand({ TableName: tableName, Key: key }));
}

export const subscriptionsOf = (tableName: string, userId: string): Promise<Subscription[]> =>
  queryIndexPartition(tableName, INDEXES.byUnit, subscriberPartition(userId), fromItem);

/** Every subscription to a kind and scope, with its link token (for the mails' unsubscribe links). */
export async function subscribersTo(
  tableName: string,
  kind: SummaryKind,
  scope: string,
): Promise<SubscriptionWithLink[]> {
  return queryAll(
    {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partition(kind, scope) },
    },
    (item) => ({ ...fromItem(item), linkToken: (item.linkToken as string | undefined) ?? '' }),
  );
}

/** Claims the right to send one summary to one subscription; false if it was sent (or is being sent). */
export async function claimDelivery(
  tableName: string,
  summaryId: string,
  subscriptionIdValue: string,
): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: `SENT#${summaryId}`,
          sk: subscriptionIdValue,
          type: 'Delivery',
          sentAt: new Date().toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Gives the claim back when sending failed, so the retried event sends it. */
export async function releaseDelivery(
  tableName: string,
  summaryId: string,
  subscriptionIdValue: string,
): Promise<void> {
  await documentClient.send(
    new DeleteCommand({ TableName: tableName, Key: { pk: `SENT#${summaryId}`, sk: subscriptionIdValue } }),
  );
}
