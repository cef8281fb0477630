import { createHash } from 'node:crypto';
import { BatchWriteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../db/client';
import type { ResumeKey } from '../db/cursor';
import { type Page, queryPage } from '../db/query-page';
import { OPERATING_MODELS, ORG_UNITS, responsibilitiesOf } from './catalogue';
import {
  catalogueMetaKey,
  cataloguePk,
  orgUnitToItem,
  responsibilityFromItem,
  responsibilityKey,
  responsibilitySkPrefix,
  responsibilityToItem,
} from './catalogue.keys';
import type { AreaSlug, Responsibility, Tier } from './types';

export interface ResponsibilityFilter {
  version: string;
  tier?: Tier;
  area?: AreaSlug;
}

export async function listResponsibilities(
  tableName: string,
  filter: ResponsibilityFilter,
  limit: number,
  startKey?: ResumeKey,
): Promise<Page<Responsibility>> {
  // Tier (and tier with area) narrow the key condition; area alone is a filter on the partition.
  const areaIsFilter = filter.area !== undefined && filter.tier === undefined;
  return queryPage(
    {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ...(areaIsFilter ? { FilterExpression: 'area = :area' } : {}),
      ExpressionAttributeValues: {
        ':pk': cataloguePk(filter.version),
        ':prefix': responsibilitySkPrefix(filter.tier, filter.area),
        ...(areaIsFilter ? { ':area': filter.area } : {}),
      },
    },
    limit,
    startKey,
    responsibilityFromItem,
  );
}

export async function getResponsibility(
  tableName: string,
  version: string,
  id: string,
): Promise<Responsibility | undefined> {
  const key = responsibilityKey(version, id);
  if (!key) return undefined;
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: key }));
  // The key encodes tier, area and position; the stored id must still match the id asked for.
  return out.Item && out.Item.id === id ? responsibilityFromItem(out.Item) : undefined;
}

/** Reads the catalogue's marker item: present once reference data has been seeded. */
export async function catalogueMeta(
  tableName: string,
  version: string,
): Promise<{ contentHash: string; seededAt: string } | undefined> {
  const out = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: catalogueMetaKey(version) }),
  );
  return out.Item as { contentHash: string; seededAt: string } | undefined;
}

function referenceItems(): Record<string, unknown>[] {
  return [
    ...OPERATING_MODELS.flatMap((m) => responsibilitiesOf(m).map(responsibilityToItem)),
    ...ORG_UNITS.map(orgUnitToItem),
  ];
}

/**
 * Writes every operating model version and the org units. Idempotent: the items are data from the
 * repository, overwritten as they are; a content hash in the marker item skips the writes when
 * nothing changed since the last seed (every local start calls this).
 */
export async function seedReferenceData(tableName: string): Promise<{ written: number }> {
  const items = referenceItems();
  const contentHash = createHash('sha256').update(JSON.stringify(items)).digest('hex');
  const versions = OPERATING_MODELS.map((m) => m.version);
  const metas = await Promise.all(versions.map((v) => catalogueMeta(tableName, v)));
  if (metas.every((m) => m?.contentHash === contentHash)) return { written: 0 };

  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 8) throw new Error('seeding reference data: unprocessed items after 8 retries');
      const out = await documentClient.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
  const seededAt = new Date().toISOString();
  await Promise.all(
    versions.map((v) =>
      documentClient.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...catalogueMetaKey(v), type: 'CatalogueMeta', contentHash, seededAt },
        }),
      ),
    ),
  );
  return { written: items.length };
}
