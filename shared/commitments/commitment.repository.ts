import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../db/client';
import type { ResumeKey } from '../db/cursor';
import { type MergedPage, mergedQueryPage, type PartState } from '../db/merge-pages';
import { type Page, queryAll, queryIndexPartition, queryPage } from '../db/query-page';
import { INDEXES, KEY } from '../db/table';
import {
  actionFromItem,
  actionKey,
  actionToItem,
  commitmentFromItem,
  commitmentKey,
  commitmentPk,
  commitmentToItem,
  dueRange,
  historyAfter,
  historyPartition,
  linkFromItem,
  linkToItem,
  movedFromMarker,
  parentPartition,
  personPartition,
  type ResponsibilityLink,
  regionPartition,
  responsibilityPartition,
  unitPartition,
  VERSION_PREFIX,
  versionFromItem,
  versionKey,
  versionToItem,
} from './commitment.keys';
import { type Action, type Commitment, OPEN_STATUSES, type Rag, type Status } from './commitment.model';
import { type CommitmentVersion, inHistoryIndex } from './commitment-history';

export interface NewCommitment {
  commitment: Commitment;
  links: readonly ResponsibilityLink[];
  /** Its first version record (the commitment carries its hash). */
  version: CommitmentVersion;
}

/** A version record, written once: a second writer of the same version fails the transaction. */
const putVersion = (tableName: string, version: CommitmentVersion) => ({
  Put: {
    TableName: tableName,
    Item: versionToItem(version),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/**
 * The two puts every change to an existing commitment makes in one transaction: the commitment, on a
 * condition about what is there now, and its new version record. (Cancellation reasons: 0 and 1.)
 */
const commitmentWithVersion = (
  tableName: string,
  next: Commitment,
  version: CommitmentVersion,
  condition: string,
  values: Record<string, unknown>,
) => [
  {
    Put: {
      TableName: tableName,
      Item: commitmentToItem(next),
      ConditionExpression: condition,
      ExpressionAttributeValues: values,
    },
  },
  putVersion(tableName, version),
];

/** The puts that create a commitment (only if absent) with its first version and responsibility links. */
function insertItems(tableName: string, { commitment, links, version }: NewCommitment) {
  return [
    {
      Put: {
        TableName: tableName,
        Item: commitmentToItem(commitment),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    putVersion(tableName, version),
    ...links.map((link) => ({ Put: { TableName: tableName, Item: linkToItem(link) } })),
  ];
}

export async function insertCommitment(tableName: string, draft: NewCommitment): Promise<void> {
  await documentClient.send(new TransactWriteCommand({ TransactItems: insertItems(tableName, draft) }));
}

/**
 * Inserts several commitments in one transaction, each only if absent (≤ 100 items in all). When one
 * exists already (an import re-run) the transaction fails as a whole and each is retried alone, so
 * the result says exactly which were new.
 */
export async function insertCommitmentsIfAbsent(
  tableName: string,
  drafts: readonly NewCommitment[],
): Promise<{ written: number; skipped: number }> {
  try {
    await documentClient.send(
      new TransactWriteCommand({ TransactItems: drafts.flatMap((d) => insertItems(tableName, d)) }),
    );
    return { written: drafts.length, skipped: 0 };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    if (drafts.length === 1) {
      if ((error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')) {
        return { written: 0, skipped: 1 };
      }
      throw error;
    }
  }
  const counts = { written: 0, skipped: 0 };
  for (const draft of drafts) {
    const one = await insertCommitmentsIfAbsent(tableName, [draft]);
    counts.written += one.written;
    counts.skipped += one.skipped;
  }
  return counts;
}

export async function getCommitment(tableName: string, id: string): Promise<Commitment | undefined> {
  const item = await getCommitmentItem(tableName, id);
  return item ? commitmentFromItem(item) : undefined;
}

export type WriteOutcome = { ok: true } | { ok: false; current?: Commitment };

/**
 * Replaces the commitment if it is still at `expectedVersion`, with its new version record in the same
 * transaction; otherwise says what is there now.
 */
export async function replaceCommitment(
  tableName: string,
  next: Commitment,
  expectedVersion: number,
  version: CommitmentVersion,
  /** More writes that belong to the same change (a move's links and marker), in the same transaction. */
  also: NonNullable<TransactWriteCommandInput['TransactItems']> = [],
): Promise<WriteOutcome> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          ...commitmentWithVersion(tableName, next, version, 'version = :expected', {
            ':expected': expectedVersion,
          }),
          ...also,
        ],
      }),
    );
    return { ok: true };
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) {
        const item = await getCommitmentItem(tableName, next.id);
        return { ok: false, ...(item ? { current: commitmentFromItem(item) } : {}) };
      }
    }
    throw error;
  }
}

/**
 * Moves a commitment to another owner unit or region (an org change), if it is still at
 * `expectedVersion`: the commitment, its version record, its responsibility links (their index sort
 * key names the owner) and, when the region changes, a marker in the old region's history partition
 * so the old region's as-at reads still find it there before the move. One transaction.
 */
export async function moveCommitment(
  tableName: string,
  next: Commitment,
  expectedVersion: number,
  version: CommitmentVersion,
  fromRegion: string,
): Promise<WriteOutcome> {
  const links = next.responsibilityIds.map((responsibilityId) => ({
    Put: {
      TableName: tableName,
      Item: linkToItem({
        commitmentId: next.id,
        ownerUnitId: next.ownerUnitId,
        regionId: next.regionId,
        responsibilityId,
        catalogueVersion: next.catalogueVersion,
      }),
    },
  }));
  const marker =
    fromRegion !== next.regionId && inHistoryIndex(version)
      ? [{ Put: { TableName: tableName, Item: movedFromMarker(version, fromRegion) } }]
      : [];
  return replaceCommitment(tableName, next, expectedVersion, version, [...links, ...marker]);
}

/** Every commitment a unit owns (the unit index, all pages). */
export const unitCommitments = (tableName: string, unitId: string) =>
  queryAll(
    {
      TableName: tableName,
      IndexName: INDEXES.byUnit.name,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :c)',
      ExpressionAttributeNames: { '#pk': INDEXES.byUnit.pk, '#sk': INDEXES.byUnit.sk },
      ExpressionAttributeValues: { ':pk': unitPartition(unitId), ':c': 'C#' },
    },
    commitmentFromItem,
  );

async function getCommitmentItem(tableName: string, id: string) {
  const out = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: commitmentKey(id), ConsistentRead: true }),
  );
  return out.Item;
}

export type AppendOutcome = 'ok' | 'stale' | 'corrected-action-missing' | 'marked';

/**
 * Writes the action and advances its commitment in one transaction, conditional on the commitment
 * still being at the version the action was chained from: two writers can never both append after
 * the same action, so the hash chain cannot fork.
 */
export async function appendAction(
  tableName: string,
  next: Commitment,
  expectedVersion: number,
  action: Action,
  version: CommitmentVersion,
  corrects?: { seq: number; id: string },
  /** An import's row mark, written only if absent: its presence means the row was appended before. */
  mark?: Record<string, unknown>,
): Promise<AppendOutcome> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          ...commitmentWithVersion(tableName, next, version, 'version = :expected', {
            ':expected': expectedVersion,
          }),
          {
            Put: {
              TableName: tableName,
              Item: actionToItem(action),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...(corrects
            ? [
                {
                  ConditionCheck: {
                    TableName: tableName,
                    Key: actionKey(action.commitmentId, corrects.seq),
                    ConditionExpression: 'id = :id',
                    ExpressionAttributeValues: { ':id': corrects.id },
                  },
                },
              ]
            : []),
          ...(mark
            ? [{ Put: { TableName: tableName, Item: mark, ConditionExpression: 'attribute_not_exists(pk)' } }]
            : []),
        ],
      }),
    );
    return 'ok';
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      if (mark && reasons[corrects ? 4 : 3]?.Code === 'ConditionalCheckFailed') return 'marked';
      if (corrects && reasons[3]?.Code === 'ConditionalCheckFailed') return 'corrected-action-missing';
      // A failed version check or a conflicting concurrent transaction: re-read and try again.
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict'))
        return 'stale';
    }
    throw error;
  }
}

export async function listActionsOfCommitment(
  tableName: string,
  commitmentId: string,
  limit: number,
  startKey: ResumeKey | undefined,
  order: 'newest-first' | 'oldest-first',
): Promise<Page<Action>> {
  return queryPage(
    {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': commitmentPk(commitmentId), ':prefix': 'ACTION#' },
      ScanIndexForward: order === 'oldest-first',
      ConsistentRead: true,
    },
    limit,
    startKey,
    actionFromItem,
  );
}

/**
 * The Query for the actions a unit logged from `from` to `to` (inclusive ISO instants; a `from` ending
 * in `~` excludes that instant): listings, summaries, counts and the seal job all read it.
 */
export const unitActionsQuery = (tableName: string, unitId: string, from: string, to: string) => ({
  TableName: tableName,
  IndexName: INDEXES.byUnit.name,
  KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
  ExpressionAttributeNames: { '#pk': INDEXES.byUnit.pk, '#sk': INDEXES.byUnit.sk },
  ExpressionAttributeValues: { ':pk': unitPartition(unitId), ':from': `A#${from}`, ':to': `A#${to}~` },
});

export async function listActionsByUnit(
  tableName: string,
  unitId: string,
  from: string,
  to: string,
  limit: number,
  startKey: ResumeKey | undefined,
): Promise<Page<Action>> {
  return queryPage(unitActionsQuery(tableName, unitId, from, to), limit, startKey, actionFromItem);
}

export type CommitmentPartition =
  | { index: 'byUnit'; unitId: string }
  | { index: 'byRegion'; regionId: string }
  | { index: 'byAccountable'; userId: string };

function partitionKey(partition: CommitmentPartition) {
  switch (partition.index) {
    case 'byUnit':
      return { index: INDEXES.byUnit, pk: unitPartition(partition.unitId) };
    case 'byRegion':
      return { index: INDEXES.byRegion, pk: regionPartition(partition.regionId) };
    case 'byAccountable':
      return { index: INDEXES.byAccountable, pk: personPartition(partition.userId) };
  }
}

export interface CommitmentFilter {
  statuses?: Status[];
  overdue?: boolean;
  dueAfter?: string;
  dueBefore?: string;
  /** Only commitments citing this responsibility. */
  responsibilityId?: string;
  /** Only measurable commitments (true), or only those flagged not measurable (false). */
  measurable?: boolean;
  /** Only these RAG ratings. */
  rags?: Rag[];
  /** Only those this person is accountable for. */
  accountableUserId?: string;
  /** Today's date (UTC), the line between overdue and not. */
  today: string;
}

function commitmentQuery(tableName: string, partition: CommitmentPartition, filter: CommitmentFilter) {
  const { index, pk } = partitionKey(partition);
  const range = dueRange(filter.dueAfter, filter.dueBefore);
  // Overdue means due before today: the sort key ends the range there.
  if (filter.overdue === true && range.to > `C#${filter.today}`) range.to = `C#${filter.today}`;
  const values: Record<string, unknown> = { ':pk': pk, ':from': range.from, ':to': range.to };
  const names: Record<string, string> = { '#pk': index.pk, '#sk': index.sk };
  const conditions: string[] = [];
  const inList = (prefix: string, statuses: readonly Status[]) =>
    statuses
      .map((s, i) => {
        values[`:${prefix}${i}`] = s;
        return `:${prefix}${i}`;
      })
      .join(', ');
  if (filter.statuses?.length || filter.overdue !== undefined) names['#status'] = 'status';
  if (filter.statuses?.length) conditions.push(`#status IN (${inList('s', filter.statuses)})`);
  if (filter.responsibilityId) {
    values[':resp'] = filter.responsibilityId;
    conditions.push('contains(responsibilityIds, :resp)');
  }
  if (filter.rags?.length) {
    names['#rag'] = 'rag';
    const rags = filter.rags.map((r, i) => {
      values[`:r${i}`] = r;
      return `:r${i}`;
    });
    conditions.push(`#rag IN (${rags.join(', ')})`);
  }
  if (filter.accountableUserId) {
    values[':accountable'] = filter.accountableUserId;
    conditions.push('accountableUserId = :accountable');
  }
  if (filter.measurable !== undefined) {
    names['#deliverable'] = 'deliverable';
    names['#measure'] = 'measure';
    const lacking = '(attribute_not_exists(#deliverable) OR attribute_not_exists(#measure))';
    conditions.push(filter.measurable ? `NOT ${lacking}` : lacking);
  }
  if (filter.overdue === true) conditions.push(`#status IN (${inList('o', OPEN_STATUSES)})`);
  if (filter.overdue === false) {
    values[':today'] = filter.today;
    conditions.push(`(NOT (#status IN (${inList('o', OPEN_STATUSES)})) OR dueDate >= :today)`);
  }
  return {
    TableName: tableName,
    IndexName: index.name,
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
    ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** Commitments of one or more unit/region partitions, merged in due-date order. */
export async function listCommitments(
  tableName: string,
  partitions: readonly CommitmentPartition[],
  filter: CommitmentFilter,
  limit: number,
  state: readonly PartState[] | undefined,
): Promise<MergedPage<Commitment>> {
  const first = partitions[0];
  if (!first) return { items: [] };
  if (partitions.some((p) => p.index !== first.index)) throw new Error('Partitions must share one index');
  const { index } = partitionKey(first);
  const range = dueRange(filter.dueAfter, filter.dueBefore);
  // An empty date range (e.g. overdue and due after today) matches nothing; DynamoDB would reject it.
  if (range.from > range.to || (filter.overdue === true && range.from >= `C#${filter.today}`))
    return { items: [] };
  return mergedQueryPage(
    partitions.map((p) => commitmentQuery(tableName, p, filter)),
    [KEY.pk, KEY.sk, index.pk, index.sk],
    index.sk,
    limit,
    state,
    commitmentFromItem,
  );
}

/** Links of the commitments covering a responsibility, grouped by owner unit. */
export async function listResponsibilityLinks(
  tableName: string,
  version: string,
  responsibilityId: string,
  visibility: { regionId?: string; unitId?: string },
  limit: number,
  startKey: ResumeKey | undefined,
): Promise<Page<ResponsibilityLink>> {
  const values: Record<string, unknown> = { ':pk': responsibilityPartition(version, responsibilityId) };
  const filters: string[] = [];
  if (visibility.unitId) {
    values[':unit'] = visibility.unitId;
    filters.push('ownerUnitId = :unit');
  }
  if (visibility.regionId) {
    values[':region'] = visibility.regionId;
    filters.push('regionId = :region');
  }
  return queryPage(
    {
      TableName: tableName,
      IndexName: INDEXES.byResponsibility.name,
      KeyConditionExpression: '#pk = :pk',
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ExpressionAttributeNames: { '#pk': INDEXES.byResponsibility.pk },
      ExpressionAttributeValues: values,
    },
    limit,
    startKey,
    linkFromItem,
  );
}

/** Commitments by id, in the order asked (missing ones left out), 100 keys per BatchGetItem. */
export async function getCommitments(tableName: string, ids: readonly string[]): Promise<Commitment[]> {
  if (ids.length === 0) return [];
  const found = new Map<string, Commitment>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, unknown>[] = unique.slice(i, i + 100).map(commitmentKey);
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 8) throw new Error('BatchGet left keys unprocessed after 8 retries');
      const out = await documentClient.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }),
      );
      for (const item of out.Responses?.[tableName] ?? []) {
        const c = commitmentFromItem(item);
        found.set(c.id, c);
      }
      keys = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
      if (keys.length) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    }
  }
  return ids.flatMap((id) => (found.has(id) ? [found.get(id) as Commitment] : []));
}

/** Every action of a commitment, oldest first (for the audit). */
export async function allActionsOfCommitment(tableName: string, commitmentId: string): Promise<Action[]> {
  return queryAll(
    {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': commitmentPk(commitmentId), ':prefix': 'ACTION#' },
      ConsistentRead: true,
    },
    actionFromItem,
  );
}

/** The direct children of a parent commitment (eventually consistent, as every index read). */
export const listChildren = (tableName: string, parentId: string): Promise<Commitment[]> =>
  queryIndexPartition(tableName, INDEXES.byParent, parentPartition(parentId), commitmentFromItem);

/** Every commitment a person is accountable for (a hand-over reads them all). */
export const commitmentsOfPerson = (tableName: string, userId: string): Promise<Commitment[]> =>
  queryIndexPartition(tableName, INDEXES.byAccountable, personPartition(userId), commitmentFromItem);

/** A commitment's versions, oldest first (or newest first), paginated. */
export async function listVersions(
  tableName: string,
  commitmentId: string,
  limit: number,
  startKey: ResumeKey | undefined,
  order: 'newest-first' | 'oldest-first' = 'oldest-first',
): Promise<Page<CommitmentVersion>> {
  return queryPage(versionsQuery(tableName, commitmentId, order), limit, startKey, versionFromItem);
}

const versionsQuery = (tableName: string, commitmentId: string, order: 'newest-first' | 'oldest-first') => ({
  TableName: tableName,
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': commitmentPk(commitmentId), ':prefix': VERSION_PREFIX },
  ScanIndexForward: order === 'oldest-first',
  ConsistentRead: true,
});

/** Every version of a commitment, oldest first (for the audit). */
export const allVersionsOfCommitment = (tableName: string, commitmentId: string) =>
  queryAll(versionsQuery(tableName, commitmentId, 'oldest-first'), versionFromItem);

/**
 * The newest version recorded at or before an instant: reads back from the newest version, so it costs
 * the versions recorded since then. Also returns the oldest version seen (a migrated baseline decides
 * what an earlier instant means).
 */
export async function versionsSince(
  tableName: string,
  commitmentId: string,
  asAt: string,
): Promise<CommitmentVersion[]> {
  const found: CommitmentVersion[] = [];
  let startKey: ResumeKey | undefined;
  do {
    const page = await listVersions(tableName, commitmentId, 25, startKey, 'newest-first');
    found.push(...page.items);
    if (page.items.some((v) => v.at <= asAt)) break;
    startKey = page.resumeKey;
  } while (startKey);
  return found;
}

/** Summary-relevant versions recorded after an instant in one region's history partition (sparse index). */
export const historyAfterInstant = (
  tableName: string,
  regionId: string,
  instant: string,
  /** Up to this instant (inclusive); default: everything since. */
  through?: string,
) =>
  queryAll(
    {
      TableName: tableName,
      IndexName: INDEXES.history.name,
      KeyConditionExpression: through
        ? '#pk = :pk AND #sk BETWEEN :after AND :through'
        : '#pk = :pk AND #sk > :after',
      ExpressionAttributeNames: { '#pk': INDEXES.history.pk, '#sk': INDEXES.history.sk },
      ExpressionAttributeValues: {
        ':pk': historyPartition(regionId),
        ':after': historyAfter(instant),
        ...(through ? { ':through': historyAfter(through) } : {}),
      },
    },
    versionFromItem,
  );

/** Versions by key (BatchGet, retrying unprocessed keys). */
export async function getVersions(
  tableName: string,
  keys: ReadonlyArray<{ commitmentId: string; version: number }>,
): Promise<CommitmentVersion[]> {
  const found: CommitmentVersion[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] = keys
      .slice(i, i + 100)
      .map((k) => versionKey(k.commitmentId, k.version));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('BatchGet left keys unprocessed after 8 retries');
      const out = await documentClient.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }),
      );
      found.push(...(out.Responses?.[tableName] ?? []).map(versionFromItem));
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
      if (pending.length) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    }
  }
  return found;
}

/**
 * Gives a commitment from before version records existed its baseline version, once: the version put
 * only if absent, the commitment only if still at the version the baseline records.
 */
export async function writeBaselineVersion(
  tableName: string,
  next: Commitment,
  version: CommitmentVersion,
): Promise<boolean> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: commitmentWithVersion(
          tableName,
          next,
          version,
          'version = :v AND attribute_not_exists(versionHash)',
          { ':v': next.version },
        ),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

/**
 * The commitments whose record moved in a window (after `from`, up to `through`): those with an action
 * logged in it (the unit index) or another version recorded in it (the history index). With no `from`,
 * every commitment. Each partition is a bounded Query; nothing scans.
 */
export async function commitmentsChangedBetween(
  tableName: string,
  units: readonly string[],
  regions: readonly string[],
  from: string | null,
  through: string,
): Promise<Set<string>> {
  const jobs: Array<() => Promise<string[]>> =
    from === null
      ? regions.map((regionId) => async () => (await regionCommitments(tableName, regionId)).map((c) => c.id))
      : [
          ...units.map(
            (unitId) => async () =>
              (await queryAll(unitActionsQuery(tableName, unitId, `${from}~`, through), actionFromItem)).map(
                (a) => a.commitmentId,
              ),
          ),
          ...regions.map(
            (regionId) => async () =>
              (await historyAfterInstant(tableName, regionId, from, through)).map((v) => v.commitmentId),
          ),
        ];
  const ids = new Set<string>();
  for (let i = 0; i < jobs.length; i += 8) {
    const found = await Promise.all(jobs.slice(i, i + 8).map((job) => job()));
    for (const id of found.flat()) ids.add(id);
  }
  return ids;
}

/** Every commitment of one region partition (a region and its ICSs, or `national`). */
export const regionCommitments = (tableName: string, regionId: string): Promise<Commitment[]> => {
  const range = dueRange();
  return queryAll(
    {
      TableName: tableName,
      IndexName: INDEXES.byRegion.name,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': INDEXES.byRegion.pk, '#sk': INDEXES.byRegion.sk },
      ExpressionAttributeValues: { ':pk': regionPartition(regionId), ':from': range.from, ':to': range.to },
    },
    commitmentFromItem,
  );
};
