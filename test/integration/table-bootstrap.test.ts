import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditSchema, CommitmentVersionSchema, pageOf } from '../../functions/openapi/response.schemas';
import { mintDevToken } from '../../local/dev-auth';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { startLocalRuntime } from '../../local/runtime';
import { ensureTable, tableDefinition } from '../../local/table-bootstrap';
import { GENESIS_HASH, hashAction } from '../../shared/commitments/action-chain';
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

describe('upgrading a table from the previous release', () => {
  it('adds the history index and gives each commitment a baseline version on start; changes then chain on', async () => {
    const client = new DynamoDBClient({
      endpoint: engine.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const tableName = `prev-${randomUUID()}`;
    await client.send(
      new CreateTableCommand(
        tableDefinition(
          tableName,
          INDEX_LIST.filter((i) => i !== INDEXES.history),
        ),
      ),
    );
    // A commitment and its action as the previous release wrote them: no versions, no history head.
    const id = 'cmt-from-previous-release';
    const unsigned = {
      id: 'act-1-abcdef0123',
      commitmentId: id,
      seq: 1,
      unitId: 'region-london',
      tier: 'region' as const,
      regionId: 'region-london',
      responsibilityIds: ['REG-WP-1'],
      summary: 'Logged before the upgrade',
      occurredAt: '2026-10-01',
      loggedAt: '2026-10-01T09:00:00.000Z',
      loggedBy: 'alice',
      evidence: [],
      prevHash: GENESIS_HASH,
    };
    const action = { ...unsigned, hash: hashAction(unsigned) };
    const doc = DynamoDBDocumentClient.from(client);
    const put = (Item: Record<string, unknown>) => doc.send(new PutCommand({ TableName: tableName, Item }));
    await put({
      pk: `COMMITMENT#${id}`,
      sk: 'ACTION#000001',
      type: 'Action',
      gsi1pk: 'UNIT#region-london',
      gsi1sk: `A#${action.loggedAt}#${action.id}`,
      ...action,
    });
    await put({
      pk: `COMMITMENT#${id}`,
      sk: 'COMMITMENT',
      type: 'Commitment',
      gsi1pk: 'UNIT#region-london',
      gsi1sk: `C#2027-03-31#${id}`,
      gsi2pk: 'REGION#region-london',
      gsi2sk: `C#2027-03-31#${id}`,
      openpk: 'OPEN',
      opensk: `2027-03-31#${id}`,
      id,
      ownerUnitId: 'region-london',
      tier: 'region',
      regionId: 'region-london',
      accountableRole: 'Head of Workforce',
      title: 'Kept across the upgrade',
      description: '',
      catalogueVersion: 'v1',
      responsibilityIds: ['REG-WP-1'],
      tags: [],
      dueDate: '2027-03-31',
      status: 'on_track',
      rag: 'green',
      progress: 10,
      version: 2,
      actionCount: 1,
      lastActionHash: action.hash,
      lastActionAt: action.loggedAt,
      createdAt: '2026-09-01T09:00:00.000Z',
      createdBy: 'alice',
      updatedAt: action.loggedAt,
      updatedBy: 'alice',
    });

    const runtime = await startLocalRuntime({
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'tracker-upgrade-')),
      dynamoEndpoint: engine.endpoint,
      tableName,
    });
    try {
      const indexes = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table
        ?.GlobalSecondaryIndexes;
      expect(indexes?.map((g) => g.IndexName)).toContain(INDEXES.history.name);
      const token = await mintDevToken(runtime.tokenSigner, {
        sub: 'alice',
        role: 'editor',
        unit: 'region-london',
      });
      const get = async (path: string) =>
        (await fetch(`${runtime.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
      const history = async () =>
        pageOf(CommitmentVersionSchema).parse(await get(`/commitments/${id}/history`));
      expect((await history()).items.map((v) => [v.version, v.change])).toEqual([[2, 'migrated']]);
      expect(AuditSchema.parse(await get(`/commitments/${id}/audit`)).valid).toBe(true);

      const patched = await fetch(`${runtime.url}/commitments/${id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': '"2"' },
        body: JSON.stringify({ status: 'at_risk', reason: 'Funding' }),
      });
      expect(patched.status).toBe(200);
      expect((await history()).items.map((v) => [v.version, v.change])).toEqual([
        [2, 'migrated'],
        [3, 'updated'],
      ]);
      expect(AuditSchema.parse(await get(`/commitments/${id}/audit`)).valid).toBe(true);
      // As at October the commitment was on track (the baseline stands for its state since creation).
      expect(await get(`/commitments/${id}?asAt=2026-10-15`)).toMatchObject({
        status: 'on_track',
        version: 2,
      });
    } finally {
      await runtime.stop();
    }
  }, 180_000);
});
