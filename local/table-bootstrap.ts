import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { IDEMPOTENCY_TABLE, INDEX_LIST, KEY, TTL_ATTRIBUTE } from '../shared/db/table';

const indexSpec = (index: (typeof INDEX_LIST)[number]) => ({
  IndexName: index.name,
  KeySchema: [
    { AttributeName: index.pk, KeyType: 'HASH' as const },
    { AttributeName: index.sk, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

/** The table as the CDK app declares it, with these indexes (all of them, unless a test says otherwise). */
export function tableDefinition(tableName: string, indexes: readonly (typeof INDEX_LIST)[number][]) {
  const attributes = new Set<string>([KEY.pk, KEY.sk, ...indexes.flatMap((i) => [i.pk, i.sk])]);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: KEY.pk, KeyType: 'HASH' as const },
      { AttributeName: KEY.sk, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: indexes.map(indexSpec),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' as const },
  };
}

/**
 * Adds the indexes a table made by an older version lacks (a `.data/` folder from before an index
 * existed), one at a time as DynamoDB requires, waiting for each to become active.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, existing: Set<string>) {
  for (const index of INDEX_LIST.filter((i) => !existing.has(i.name))) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.pk, index.sk].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [{ Create: indexSpec(index) }],
      }),
    );
    for (let waited = 0; ; waited += 250) {
      const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
      const status = out.Table?.GlobalSecondaryIndexes?.find((g) => g.IndexName === index.name)?.IndexStatus;
      if (status === 'ACTIVE') break;
      if (waited > 120_000)
        throw new Error(`Index ${index.name} of ${tableName} is still ${status} after 2 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Creates the table with its indexes and stream, as the CDK app declares them, unless it exists (then
 * adds any index it lacks). Safe to call on every start and from several processes at once.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'existed'> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const existing = new Set((out.Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName ?? ''));
    await addMissingIndexes(client, tableName, existing);
    return 'existed';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName, INDEX_LIST)));
  } catch (error) {
    if (error instanceof ResourceInUseException) return 'existed';
    throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
  return 'created';
}

/** The idempotency table, as the CDK app declares it. */
export async function ensureIdempotencyTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE.key, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.key, KeyType: 'HASH' }],
      }),
    );
  } catch (error) {
    if (error instanceof ResourceInUseException) return;
    throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: IDEMPOTENCY_TABLE.ttlAttribute, Enabled: true },
    }),
  );
}
