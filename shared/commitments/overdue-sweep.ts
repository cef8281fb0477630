import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../db/client';
import { putOnce } from '../db/put-once';
import { queryAll } from '../db/query-page';
import { INDEXES } from '../db/table';
import { allRegionPartitions } from '../org/live-map';
import { addDays, daysBetween } from '../summaries/period';
import { commitmentFromItem, dueSoonMarkKey, OPEN_PARTITION } from './commitment.keys';
import { type Commitment, isOpen } from './commitment.model';
import { getCommitments, historyAfterInstant } from './commitment.repository';
import { checkDeadlines, markFields, overdueWrites } from './deadlines';

/**
 * Summaries of content version 1 only: escalation level by days overdue (0 once overdue, 1 from 14
 * days, 2 from 30 days), the rule before escalation waited for acknowledgements (see escalationOf).
 */
export const ESCALATION_THRESHOLDS = [1, 14, 30] as const;

export interface SweepResult {
  /** Commitments looked at: what could have crossed a line since the last run (the sweep's cost). */
  itemsRead: number;
  overdueMarked: number;
  dueSoonMarked: number;
  /** Deadlines on the list (responses to red) whose day passed since the last run, and the misses marked. */
  deadlinesChecked: number;
  responseToRedMarked: number;
}

/** Where the sweep got to: the day it last ran for and when that run started. */
export interface SweepCheckpoint {
  day: string;
  startedAt: string;
}
const CHECKPOINT_KEY = { pk: 'MARK#SWEEP', sk: 'CHECKPOINT' };

/** Open commitments due in an inclusive date range, from the sparse open-by-due index. */
const openDueBetween = (tableName: string, from: string, to: string) =>
  from > to
    ? Promise.resolve([] as Commitment[])
    : queryAll(
        {
          TableName: tableName,
          IndexName: INDEXES.openByDue.name,
          KeyConditionExpression: '#pk = :open AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': INDEXES.openByDue.pk, '#sk': INDEXES.openByDue.sk },
          ExpressionAttributeValues: { ':open': OPEN_PARTITION, ':from': from, ':to': `${to}#~` },
        },
        commitmentFromItem,
      );

/**
 * What the sweep must look at. On its first run (or for a day before its checkpoint): every open
 * commitment due before the end of the reminder window. After that, only what can have crossed a line
 * since the checkpoint: those whose due date puts an escalation threshold or the reminder window
 * between the checkpoint's day and today (a few index ranges), plus those whose due date or status
 * changed since the checkpoint (the history index), so a backlog of long-overdue items is not
 * touched again run after run.
 */
async function candidates(
  tableName: string,
  today: string,
  dueSoonDays: number,
  checkpoint: SweepCheckpoint | undefined,
): Promise<Commitment[]> {
  if (!checkpoint || checkpoint.day > today)
    return openDueBetween(tableName, '0', addDays(today, dueSoonDays));
  const since = checkpoint.day;
  // Newly overdue (later levels come from the deadline list) and newly within the reminder window.
  const ranges: Array<[string, string]> = [
    [since, addDays(today, -1)],
    [addDays(since, dueSoonDays + 1), addDays(today, dueSoonDays)],
  ];
  const inRanges = (
    await Promise.all(ranges.map(([from, to]) => openDueBetween(tableName, from, to)))
  ).flat();
  const changedIds = new Set<string>();
  const regions = allRegionPartitions();
  for (const versions of await Promise.all(
    regions.map((r) => historyAfterInstant(tableName, r, checkpoint.startedAt)),
  )) {
    for (const v of versions)
      if (v.fields.includes('dueDate') || v.fields.includes('status')) changedIds.add(v.commitmentId);
  }
  const changed = (await getCommitments(tableName, [...changedIds])).filter(
    (c) => isOpen(c.status) && c.dueDate <= addDays(today, dueSoonDays),
  );
  const byId = new Map([...inRanges, ...changed].map((c) => [c.id, c]));
  return [...byId.values()];
}

/**
 * Marks each escalation level and reminder once (conditional puts, 16 at a time), reading only what
 * can have crossed a line since the last run (see candidates), then moves the checkpoint on. Never a
 * Scan; safe to run again or twice at once (the marks are once-only; the checkpoint never goes back).
 */
export async function runOverdueSweep(
  tableName: string,
  options: { today: string; dueSoonDays: number; runId: string; concurrency?: number },
): Promise<SweepResult> {
  const { today, dueSoonDays, runId } = options;
  const startedAt = new Date().toISOString();
  const checkpoint = await getCheckpoint(tableName);
  const open = await candidates(tableName, today, dueSoonDays, checkpoint);
  const markedAt = startedAt;
  const marks: Array<{ item: Record<string, unknown>; overdue: boolean }> = [];
  const deadlines: Array<Record<string, unknown>> = [];
  for (const c of open) {
    const daysOverdue = daysBetween(c.dueDate, today);
    if (daysOverdue >= 1) {
      const writes = overdueWrites(c, today, { markedAt, runId });
      for (const item of writes.marks) marks.push({ overdue: true, item });
      if (writes.deadline) deadlines.push(writes.deadline);
    } else {
      marks.push({
        overdue: false,
        item: {
          ...dueSoonMarkKey(c.id, c.dueDate),
          type: 'DueSoonMark',
          ...markFields(c),
          daysUntilDue: -daysOverdue,
          markedAt,
          correlationId: runId,
        },
      });
    }
  }
  let overdueMarked = 0;
  let dueSoonMarked = 0;
  const concurrency = options.concurrency ?? 16;
  for (let i = 0; i < marks.length; i += concurrency) {
    const written = await Promise.all(marks.slice(i, i + concurrency).map((m) => putOnce(tableName, m.item)));
    written.forEach((w, k) => {
      if (!w) return;
      if (marks[i + k]?.overdue) overdueMarked++;
      else dueSoonMarked++;
    });
  }
  for (let i = 0; i < deadlines.length; i += concurrency)
    await Promise.all(
      deadlines
        .slice(i, i + concurrency)
        .map((item) => documentClient.send(new PutCommand({ TableName: tableName, Item: item }))),
    );
  const passed = await checkDeadlines(tableName, {
    today,
    lastDay: checkpoint?.day,
    markedAt,
    runId,
  });
  await putCheckpoint(tableName, { day: today, startedAt });
  return {
    itemsRead: open.length,
    overdueMarked: overdueMarked + passed.escalationsMarked,
    dueSoonMarked,
    deadlinesChecked: passed.deadlinesChecked,
    responseToRedMarked: passed.responseToRedMarked,
  };
}

async function getCheckpoint(tableName: string): Promise<SweepCheckpoint | undefined> {
  const out = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: CHECKPOINT_KEY, ConsistentRead: true }),
  );
  return out.Item ? { day: out.Item.day as string, startedAt: out.Item.startedAt as string } : undefined;
}

/** Moves the checkpoint on, never back (a run for an earlier day, or a slower concurrent run, leaves it). */
async function putCheckpoint(tableName: string, checkpoint: SweepCheckpoint): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...CHECKPOINT_KEY, type: 'SweepCheckpoint', ...checkpoint },
        ConditionExpression: 'attribute_not_exists(pk) OR #day < :day OR (#day = :day AND startedAt < :at)',
        ExpressionAttributeNames: { '#day': 'day' },
        ExpressionAttributeValues: { ':day': checkpoint.day, ':at': checkpoint.startedAt },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
