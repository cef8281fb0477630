import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { ensureTable, tableDefinition } from '../../local/table-bootstrap';
import { INDEX_LIST, INDEXES } from '../../shared/db/table';

// An engine of its own: DynamoDB Local builds a new index in the background, which the other test
// files' traffic on the shared engine can hold up for minutes.
let engine: DynamoDbLocal;
beforeAll(async () => {
  engine = await startDynamoDbLocal();
});
afterAll(async () => engine.stop());

describe('ensureTable', () => {
  it('adds the indexes a table from an older version lacks (a .data/ folder kept across upgrades)', async () => {
    const client = new DynamoDBClient({
      endpoint: engine.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const tableName = `old-${randomUUID()}`;
    // The table as the previous release made it: without the accountable-person and parent indexes.
    const older = INDEX_LIST.filter((i) => i !== INDEXES.byAccountable && i !== INDEXES.byParent);
    await client.send(new CreateTableCommand(tableDefinition(tableName, older)));

    expect(await ensureTable(client, tableName)).toBe('existed');
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = described.Table?.GlobalSecondaryIndexes ?? [];
    expect(indexes.map((g) => g.IndexName).sort()).toEqual(INDEX_LIST.map((i) => i.name).sort());
    expect(indexes.every((g) => g.IndexStatus === 'ACTIVE')).toBe(true);
    // A second start finds nothing to add.
    expect(await ensureTable(client, tableName)).toBe('existed');
  }, 180_000);
});
