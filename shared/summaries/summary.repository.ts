import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ORG_UNITS, ORG_UNITS_BY_ID } from '../catalogue/catalogue';
import {
  actionFromItem,
  commitmentFromItem,
  regionPartition,
  unitPartition,
} from '../commitments/commitment.keys';
import type { Action, Commitment } from '../commitments/commitment.model';
import { documentClient } from '../db/client';
import type { ResumeKey } from '../db/cursor';
import { type Page, queryAll, queryIndexPartition, queryPage } from '../db/query-page';
import { INDEXES, withoutKeys } from '../db/table';
import type { Period } from './period';
import type { SummaryKind, Totals } from './summary.model';

/** What the API lists and the stream announces; the rendered files live in the report store. */
export interface SummaryRecord {
  id: string;
  kind: SummaryKind;
  scope: string;
  period: string;
  start: string;
  end: string;
  generatedAt: string;
  formats: string[];
  totals: Totals;
  correlationId: string;
}

export const summaryKey = (id: string) => ({ pk: `SUMMARY#${id}`, sk: 'SUMMARY' });
const REPORTS_PARTITION = 'REPORTS';

export async function getSummaryRecord(tableName: string, id: string): Promise<SummaryRecord | undefined> {
  const out = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: summaryKey(id), ConsistentRead: true }),
  );
  return out.Item ? withoutKeys<SummaryRecord>(out.Item) : undefined;
}

/** Records a generated summary once; false if it already existed (the stream then announces nothing). */
export async function putSummaryRecordOnce(tableName: string, record: SummaryRecord): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...summaryKey(record.id),
          type: 'Summary',
          [INDEXES.byUnit.pk]: REPORTS_PARTITION,
          [INDEXES.byUnit.sk]: `${record.generatedAt}#${record.id}`,
          ...record,
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

/** Summaries newest first, optionally of one kind and of the scopes the caller may read. */
export async function listSummaryRecords(
  tableName: string,
  filter: { kind?: SummaryKind; scopes?: string[] },
  limit: number,
  startKey?: ResumeKey,
): Promise<Page<SummaryRecord>> {
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ':pk': REPORTS_PARTITION };
  if (filter.kind) {
    conditions.push('kind = :kind');
    values[':kind'] = filter.kind;
  }
  if (filter.scopes) {
    conditions.push(`#scope IN (${filter.scopes.map((_, i) => `:s${i}`).join(', ')})`);
    filter.scopes.forEach((s, i) => {
      values[`:s${i}`] = s;
    });
  }
  return queryPage(
    {
      TableName: tableName,
      IndexName: INDEXES.byUnit.name,
      KeyConditionExpression: '#pk = :pk',
      ScanIndexForward: false,
      ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
      ExpressionAttributeNames: { '#pk': INDEXES.byUnit.pk, ...(filter.scopes ? { '#scope': 'scope' } : {}) },
      ExpressionAttributeValues: values,
    },
    limit,
    startKey,
    (item) => withoutKeys<SummaryRecord>(item),
  );
}

export interface ScopeData {
  commitments: Commitment[];
  actions: Action[];
  /** Items DynamoDB returned: what generation cost, against what was in scope. */
  itemsRead: number;
}

/** Units whose actions belong to a scope: everything for national, a region and its ICSs otherwise. */
export function unitsInScope(scope: string): string[] {
  if (scope === 'national') return ORG_UNITS.map((u) => u.id);
  return ORG_UNITS.filter((u) => u.id === scope || u.parentId === scope).map((u) => u.id);
}

/**
 * Reads only the scope: its commitments through the region index (each region partition, plus
 * national's, for the national scope) and the actions its units logged in the period.
 */
export async function readScope(
  tableName: string,
  scope: string,
  period: Period,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ScopeData> {
  const partitions =
    scope === 'national'
      ? ['national', ...ORG_UNITS.filter((u) => u.kind === 'region').map((u) => u.id)]
      : [scope];
  if (scope !== 'national' && ORG_UNITS_BY_ID.get(scope)?.kind !== 'region')
    throw new Error(`scope ${scope} is not national or a region`);
  const units = unitsInScope(scope);
  const total = partitions.length + units.length;
  let done = 0;
  const commitments = (
    await Promise.all(
      partitions.map(async (regionId) => {
        const items = await queryIndexPartition(
          tableName,
          INDEXES.byRegion,
          regionPartition(regionId),
          commitmentFromItem,
        );
        onProgress(++done, total);
        return items;
      }),
    )
  ).flat();
  const actions: Action[] = [];
  for (let i = 0; i < units.length; i += 8) {
    const batch = await Promise.all(
      units.slice(i, i + 8).map(async (unitId) => {
        const items = await queryAll(
          {
            TableName: tableName,
            IndexName: INDEXES.byUnit.name,
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
            ExpressionAttributeNames: { '#pk': INDEXES.byUnit.pk, '#sk': INDEXES.byUnit.sk },
            ExpressionAttributeValues: {
              ':pk': unitPartition(unitId),
              ':from': `A#${period.start}T00:00:00.000Z`,
              ':to': `A#${period.end}T23:59:59.999Z~`,
            },
          },
          actionFromItem,
        );
        onProgress(++done, total);
        return items;
      }),
    );
    actions.push(...batch.flat());
  }
  return { commitments, actions, itemsRead: commitments.length + actions.length };
}
