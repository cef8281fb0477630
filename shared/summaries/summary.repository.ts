import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { commitmentsAtEach } from '../commitments/as-at';
import { historyAfter, historyPartition } from '../commitments/commitment.keys';
import type { Action, Commitment } from '../commitments/commitment.model';
import { unitActionsQuery } from '../commitments/commitment.repository';
import { documentClient } from '../db/client';
import type { ResumeKey } from '../db/cursor';
import { putOnce } from '../db/put-once';
import { type Page, queryAll, queryPage } from '../db/query-page';
import { INDEXES, withoutKeys } from '../db/table';
import { allRegionPartitions, orgMap } from '../org/live-map';
import { OrgMap } from '../org/org-map';
import { londonDate } from './period';
import type { SummaryKind, SummaryStatus, Totals } from './summary.model';

/**
 * What the API lists and the stream announces; the rendered files live in the report store. Never
 * updated: a correction is a new record (the next revision). Records from before drafts and finals
 * existed have no `status` (the API calls them `legacy`).
 */
export interface SummaryRecord {
  id: string;
  kind: SummaryKind;
  scope: string;
  period: string;
  start: string;
  end: string;
  status?: SummaryStatus;
  revision?: number;
  replaces?: string;
  reason?: string;
  /** The instant its figures describe (the period's last instant, Europe/London). */
  asAt?: string;
  contentHash?: string;
  /** Which release's content it holds (absent: 1, before assurance sections and SPC charts). */
  contentVersion?: number;
  generatedAt: string;
  requestedBy?: string;
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
export const putSummaryRecordOnce = (tableName: string, record: SummaryRecord): Promise<boolean> =>
  putOnce(tableName, {
    ...summaryKey(record.id),
    type: 'Summary',
    [INDEXES.byUnit.pk]: REPORTS_PARTITION,
    [INDEXES.byUnit.sk]: `${record.generatedAt}#${record.id}`,
    ...record,
  });

/**
 * A summary asked for asynchronously (`Prefer: respond-async`): beside its record-to-be (same
 * partition, sort key JOB), so it is found by the summary's id. Its insert becomes a Summary
 * Requested event; the worker makes the summary and marks the job done (or failed, with why).
 */
export interface SummaryJob {
  id: string;
  kind: SummaryKind;
  scope: string;
  period: string;
  status: 'queued' | 'done' | 'failed';
  requestedBy: string;
  requestedAt: string;
  correlationId: string;
  updatedAt: string;
  detail?: string;
}
const jobKey = (id: string) => ({ pk: `SUMMARY#${id}`, sk: 'JOB' });

/** Records a job once; false if one for this id exists already (asked for twice). */
export const putSummaryJobOnce = (tableName: string, job: SummaryJob): Promise<boolean> =>
  putOnce(tableName, { ...jobKey(job.id), type: 'SummaryJob', ...job });

export async function getSummaryJob(tableName: string, id: string): Promise<SummaryJob | undefined> {
  const out = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: jobKey(id), ConsistentRead: true }),
  );
  return out.Item ? withoutKeys<SummaryJob>(out.Item) : undefined;
}

/** A failed job asked for again: queued again (the stream announces it again). */
export async function requeueSummaryJob(tableName: string, id: string): Promise<void> {
  await documentClient
    .send(
      new UpdateCommand({
        TableName: tableName,
        Key: jobKey(id),
        UpdateExpression: 'SET #status = :queued, updatedAt = :now REMOVE detail',
        ConditionExpression: '#status = :failed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':queued': 'queued',
          ':failed': 'failed',
          ':now': new Date().toISOString(),
        },
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
}

export async function finishSummaryJob(
  tableName: string,
  id: string,
  status: 'done' | 'failed',
  detail?: string,
): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: jobKey(id),
      UpdateExpression: `SET #status = :status, updatedAt = :now${detail ? ', detail = :detail' : ' REMOVE detail'}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': status,
        ':now': new Date().toISOString(),
        ...(detail ? { ':detail': detail } : {}),
      },
    }),
  );
}

/** Summaries newest first, optionally of one kind and of the scopes the caller may read. */
export async function listSummaryRecords(
  tableName: string,
  filter: { kind?: SummaryKind; status?: SummaryStatus; scopes?: string[] },
  limit: number,
  startKey?: ResumeKey,
): Promise<Page<SummaryRecord>> {
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ':pk': REPORTS_PARTITION };
  if (filter.kind) {
    conditions.push('kind = :kind');
    values[':kind'] = filter.kind;
  }
  if (filter.status) {
    conditions.push('#status = :status');
    values[':status'] = filter.status;
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
      ExpressionAttributeNames: {
        '#pk': INDEXES.byUnit.pk,
        ...(filter.scopes ? { '#scope': 'scope' } : {}),
        ...(filter.status ? { '#status': 'status' } : {}),
      },
      ExpressionAttributeValues: values,
    },
    limit,
    startKey,
    (item) => withoutKeys<SummaryRecord>(item),
  );
}

/** What a summary needs of an action (the read is projected to these: a period can hold 100,000s). */
export type ActionStub = Pick<Action, 'id' | 'commitmentId' | 'unitId' | 'loggedAt'>;

export interface ScopeData {
  /** The scope's commitments as they were at each instant asked for, in the same order. */
  states: Commitment[][];
  /** The actions its units logged between the two instants given (the fields summaries read). */
  actions: ActionStub[];
  /** How many they logged in the range only counted (the previous period), if one was asked for. */
  actionsCounted: number;
  /** Items DynamoDB returned: what generation cost, against what was in scope. */
  itemsRead: number;
}

/**
 * Reads only the scope: its commitments as at each instant (today's commitments in the region index
 * plus the changes since the earliest instant, see commitmentsAtEach) and the actions its units
 * logged between `from` and `to`.
 */
/** The history partitions a summary scope reads: its region's, or for national every region's and its own. */
function historyPartitionsOf(scope: string): string[] {
  if (scope !== 'national' && orgMap().life(scope)?.kind !== 'region')
    throw new Error(`scope ${scope} is not national or a region`);
  return scope === 'national' ? allRegionPartitions() : [scope];
}

/**
 * Whether any commitment of the scope had been recorded by an instant: one key-only read per history
 * partition (versions are never deleted, so the first version of anything is there).
 */
export async function anythingRecordedBy(
  tableName: string,
  scope: string,
  instant: string,
): Promise<boolean> {
  const found = await Promise.all(
    historyPartitionsOf(scope).map(async (regionId) => {
      const out = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: INDEXES.history.name,
          KeyConditionExpression: '#pk = :pk AND #sk <= :through',
          ExpressionAttributeNames: { '#pk': INDEXES.history.pk, '#sk': INDEXES.history.sk },
          ExpressionAttributeValues: { ':pk': historyPartition(regionId), ':through': historyAfter(instant) },
          Limit: 1,
        }),
      );
      return (out.Items?.length ?? 0) > 0;
    }),
  );
  return found.some(Boolean);
}

export async function readScope(
  tableName: string,
  scope: string,
  instants: readonly string[],
  actionsBetween: { from: string; to: string },
  onProgress: (done: number, total: number) => void = () => undefined,
  /** Also count (not read) the actions logged in this earlier range: the previous period's total. */
  countBetween?: { from: string; to: string },
  /** The org map to read the scope with (default: the operating model's, no changes). */
  map: OrgMap = new OrgMap(),
): Promise<ScopeData> {
  // A region's commitments and actions are those of the units in it on each date, whoever holds them
  // now: when the map has moved units between regions, every region's partition is read and filtered.
  const moves = map.changes.some(
    (c) => c.kind === 'move' || (c.kind === 'merge' && map.life(c.into.id)?.kind === 'region'),
  );
  const partitions = scope === 'national' || moves ? map.regionPartitions() : historyPartitionsOf(scope);
  const holderOn = (unitId: string, date: string) => map.holderOn(unitId, date) ?? unitId;
  const regionOn = (unitId: string, date: string) => map.regionOn(unitId, date);
  const units =
    scope === 'national'
      ? map.allUnits().map((u) => u.id)
      : map
          .allUnits()
          .filter((u) =>
            [actionsBetween.from, actionsBetween.to, ...map.changes.map((c) => c.effectiveDate)].some(
              (d) => regionOn(holderOn(u.id, londonDate(d)), londonDate(d)) === scope,
            ),
          )
          .map((u) => u.id);
  const total = partitions.length + units.length;
  let done = 0;
  const read = await commitmentsAtEach(
    tableName,
    partitions.map((regionId) => ({ regionId })),
    instants,
    () => onProgress(++done, total),
  );
  const itemsRead = read.itemsRead;
  // Each commitment as the map had it on the instant's day: held by its unit's successor after a
  // merger, in its unit's region then (an org change recorded later than the instant included).
  const states = read.states.map((list, i) => {
    const day = londonDate(instants[i] as string);
    return list.flatMap((c) => {
      const owner = holderOn(c.ownerUnitId, day);
      const regionId = owner === 'national' ? 'national' : (regionOn(owner, day) ?? c.regionId);
      const placed =
        owner === c.ownerUnitId && regionId === c.regionId ? c : { ...c, ownerUnitId: owner, regionId };
      return scope === 'national' || placed.regionId === scope ? [placed] : [];
    });
  });
  const actions: ActionStub[] = [];
  for (let i = 0; i < units.length; i += 8) {
    const batch = await Promise.all(
      units.slice(i, i + 8).map(async (unitId) => {
        const items = await queryAll(
          projected(unitActionsQuery(tableName, unitId, actionsBetween.from, actionsBetween.to)),
          (item) => item as unknown as ActionStub,
        );
        onProgress(++done, total);
        return items;
      }),
    );
    actions.push(...batch.flat());
  }
  // An action counts for the region its unit was in that day, under the unit holding it at the end.
  const endDay = londonDate(actionsBetween.to);
  const placedActions = actions.flatMap((a) => {
    const day = londonDate(a.loggedAt);
    if (scope !== 'national' && regionOn(holderOn(a.unitId, day), day) !== scope) return [];
    const unitId = holderOn(a.unitId, endDay);
    return [unitId === a.unitId ? a : { ...a, unitId }];
  });
  let counted = 0;
  if (countBetween) {
    for (let i = 0; i < units.length; i += 8) {
      const counts = await Promise.all(
        units.slice(i, i + 8).map((unitId) => countActions(tableName, unitId, countBetween)),
      );
      counted += counts.reduce((a, b) => a + b, 0);
    }
  }
  return {
    states,
    actions: placedActions,
    actionsCounted: counted,
    itemsRead: itemsRead + actions.length + counted,
  };
}

const projected = (query: ReturnType<typeof unitActionsQuery>) => ({
  ...query,
  ProjectionExpression: '#id, commitmentId, unitId, loggedAt',
  ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#id': 'id' },
});

/** How many actions a unit logged in a range (a COUNT query: nothing is transferred but the number). */
async function countActions(tableName: string, unitId: string, range: { from: string; to: string }) {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await documentClient.send(
      new QueryCommand({
        ...unitActionsQuery(tableName, unitId, range.from, range.to),
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += out.Count ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/** Final summaries recorded after `from` (exclusive; null: from the beginning) up to `through` (the seal job). */
export const finalSummariesBetween = (tableName: string, from: string | null, through: string) =>
  queryAll(
    {
      TableName: tableName,
      IndexName: INDEXES.byUnit.name,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      FilterExpression: '#status = :final',
      ExpressionAttributeNames: { '#pk': INDEXES.byUnit.pk, '#sk': INDEXES.byUnit.sk, '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': REPORTS_PARTITION,
        ':from': from ? `${from}~` : '0',
        ':to': `${through}~`,
        ':final': 'final',
      },
    },
    (item) => withoutKeys<SummaryRecord>(item),
  );
