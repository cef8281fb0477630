import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../db/client';
import { queryAll, queryIndexPartition } from '../db/query-page';
import { INDEXES } from '../db/table';
import type { SummaryKind } from './summary.model';

/** Who receives which summaries, by e-mail. */
export interface Subscription {
  id: string;
  userId: string;
  email: string;
  scope: string;
  kind: SummaryKind;
  createdAt: string;
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

export async function putSubscription(tableName: string, s: Subscription): Promise<boolean> {
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
  const { id, userId, email, scope, kind, createdAt } = item as unknown as Subscription;
  return { id, userId, email, scope, kind, createdAt };
};

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

export async function subscribersTo(
  tableName: string,
  kind: SummaryKind,
  scope: string,
): Promise<Subscription[]> {
  return queryAll(
    {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partition(kind, scope) },
    },
    fromItem,
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
