import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../db/client';
import { queryAll } from '../db/query-page';
import { ITEM_FAMILIES, withoutKeys } from '../db/table';
import type { OrgChange } from './org-map';

/**
 * Org changes, one partition (a handful of items a year):
 * | org change | ORGCHANGES | CHANGE#<effectiveDate>#<id> | status recorded → applied |
 * An id lookup item (ORGCHANGES / ID#<id>) makes the same id the same change whatever its date, and
 * the map item (ORGCHANGES / MAP) lists every change, so any function reads the map with one GetItem.
 */
export const ORG_CHANGES_PK = ITEM_FAMILIES.orgChange;
const changeSk = (c: Pick<OrgChange, 'effectiveDate' | 'id'>) => `CHANGE#${c.effectiveDate}#${c.id}`;

export type OrgChangeStatus = 'scheduled' | 'applying' | 'applied';

export interface OrgChangeRecord {
  change: OrgChange;
  status: OrgChangeStatus;
  recordedAt: string;
  recordedBy: string;
  appliedAt?: string;
  /** Commitments moved so far (a resumed apply adds to it). */
  moved: number;
  correlationId?: string;
}

const fromItem = (item: Record<string, unknown>) => withoutKeys<OrgChangeRecord>(item);

export async function listOrgChanges(tableName: string): Promise<OrgChangeRecord[]> {
  return queryAll(
    {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': ORG_CHANGES_PK, ':prefix': 'CHANGE#' },
      ConsistentRead: true,
    },
    fromItem,
  );
}

export async function getOrgChange(tableName: string, id: string): Promise<OrgChangeRecord | undefined> {
  const pointer = await documentClient.send(
    new GetCommand({
      TableName: tableName,
      Key: { pk: ORG_CHANGES_PK, sk: `ID#${id}` },
      ConsistentRead: true,
    }),
  );
  const sk = pointer.Item?.changeSk as string | undefined;
  if (!sk) return undefined;
  const out = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: { pk: ORG_CHANGES_PK, sk }, ConsistentRead: true }),
  );
  return out.Item ? fromItem(out.Item) : undefined;
}

/** The one item every function reads the map from (a GetItem): every recorded change, in order. */
const MAP_KEY = { pk: ORG_CHANGES_PK, sk: 'MAP' };

export async function readOrgChanges(tableName: string): Promise<OrgChange[]> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: MAP_KEY }));
  return (out.Item?.changes as OrgChange[] | undefined) ?? [];
}

/**
 * Records a change once, in one transaction: its id (taken once), its record, and its place in the
 * map item. False if its id was taken meanwhile.
 */
export async function putOrgChange(tableName: string, record: OrgChangeRecord): Promise<boolean> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: {
                pk: ORG_CHANGES_PK,
                sk: `ID#${record.change.id}`,
                type: 'OrgChangeId',
                changeSk: changeSk(record.change),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { pk: ORG_CHANGES_PK, sk: changeSk(record.change), type: 'OrgChange', ...record },
            },
          },
          {
            Update: {
              TableName: tableName,
              Key: MAP_KEY,
              UpdateExpression:
                'SET changes = list_append(if_not_exists(changes, :none), :one), #type = :type',
              ExpressionAttributeNames: { '#type': 'type' },
              ExpressionAttributeValues: { ':none': [], ':one': [record.change], ':type': 'OrgMap' },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
    )
      return false;
    throw error;
  }
}

/** Moves a change on (and counts what it moved); announced by the stream when it becomes applied. */
export async function updateOrgChange(
  tableName: string,
  change: OrgChange,
  patch: { status: OrgChangeStatus; movedMore?: number; appliedAt?: string },
): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: ORG_CHANGES_PK, sk: changeSk(change) },
      UpdateExpression: `SET #status = :status, moved = moved + :more${patch.appliedAt ? ', appliedAt = :at' : ''}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': patch.status,
        ':more': patch.movedMore ?? 0,
        ...(patch.appliedAt ? { ':at': patch.appliedAt } : {}),
      },
    }),
  );
}
