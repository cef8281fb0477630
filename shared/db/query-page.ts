import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client';
import type { ResumeKey } from './cursor';
import type { IndexDefinition } from './table';

export interface Page<T> {
  items: T[];
  /** Where the next page starts, or undefined when the query is exhausted. */
  resumeKey?: ResumeKey;
}

/**
 * Reads up to `limit` items of a Query, following DynamoDB pages when a filter drops items. Each call
 * asks for at most the items still missing, so DynamoDB's LastEvaluatedKey is always exactly after
 * the last item returned and the next page neither skips nor repeats one.
 */
export async function queryPage<T>(
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  limit: number,
  startKey: ResumeKey | undefined,
  fromItem: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const items: T[] = [];
  let resumeKey = startKey;
  do {
    const out = await documentClient.send(
      new QueryCommand({ ...input, Limit: limit - items.length, ExclusiveStartKey: resumeKey }),
    );
    for (const item of out.Items ?? []) items.push(fromItem(item));
    resumeKey = out.LastEvaluatedKey;
  } while (resumeKey && items.length < limit);
  return resumeKey ? { items, resumeKey } : { items };
}

/** Every item of a Query, following DynamoDB pages (for bounded partitions: org units, one chain). */
export async function queryAll<T>(
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  fromItem: (item: Record<string, unknown>) => T,
): Promise<T[]> {
  const items: T[] = [];
  let startKey: ResumeKey | undefined;
  do {
    const out = await documentClient.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(out.Items ?? []).map(fromItem));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Every item of one index partition (`<index pk> = value`), following DynamoDB pages. */
export async function queryIndexPartition<T>(
  tableName: string,
  index: IndexDefinition,
  partition: string,
  fromItem: (item: Record<string, unknown>) => T,
): Promise<T[]> {
  return queryAll(
    {
      TableName: tableName,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.pk },
      ExpressionAttributeValues: { ':pk': partition },
    },
    fromItem,
  );
}
