import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../db/client';
import { putOnce } from '../db/put-once';
import { queryAll } from '../db/query-page';
import { withoutKeys } from '../db/table';
import { addDays, daysBetween } from '../summaries/period';
import { assurerUnitOf, escalationChain, escalationOf, missedOnResponse } from './assurance';
import { deadlineKey, deadlinePartition, overdueMarkKey } from './commitment.keys';
import type { Commitment } from './commitment.model';
import { getCommitments } from './commitment.repository';

/** A first run (no checkpoint) looks back this far for deadlines that passed. */
const FIRST_RUN_DAYS = 60;

interface Deadline {
  commitmentId: string;
}

/** What every mark the sweep writes says of its commitment (the events built from marks carry it). */
export const markFields = (c: Commitment) => ({
  commitmentId: c.id,
  ownerUnitId: c.ownerUnitId,
  tier: c.tier,
  regionId: c.regionId,
  responsibilityIds: c.responsibilityIds,
  title: c.title,
  dueDate: c.dueDate,
});

/**
 * What an overdue commitment needs written on a day: a once-only mark for each escalation level it has
 * reached (escalationOf: a tier up after each grace period without an acknowledgement), each becoming
 * one Duty Overdue event, and, if it can still move up, a deadline for the day before it would, so the
 * sweep looks at it again then (and only then).
 */
export function overdueWrites(
  c: Commitment,
  today: string,
  meta: { markedAt: string; runId: string },
): { marks: Array<Record<string, unknown>>; deadline?: Record<string, unknown> } {
  const escalation = escalationOf(c, today);
  if (!escalation) return { marks: [] };
  const marks = escalation.reachedOn.map((_, level) => ({
    ...overdueMarkKey(c.id, level),
    type: 'OverdueMark',
    ...markFields(c),
    daysOverdue: daysBetween(c.dueDate, today),
    escalationLevel: level,
    heldBy: escalationChain(c)[level] as string,
    acknowledged: false,
    markedAt: meta.markedAt,
    correlationId: meta.runId,
  }));
  const deadline = escalation.nextLevelOn
    ? {
        ...deadlineKey(addDays(escalation.nextLevelOn, -1), c.id, `escalation#${c.dueDate}`),
        type: 'Deadline',
        commitmentId: c.id,
      }
    : undefined;
  return { marks, ...(deadline ? { deadline } : {}) };
}

/** The deadlines on the list for the days from `from` to the day before `today`. */
async function deadlinesBetween(tableName: string, from: string, today: string) {
  const days: string[] = [];
  for (let d = from; d < today; d = addDays(d, 1)) days.push(d);
  const lists = await Promise.all(
    days.map((day) =>
      queryAll(
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': deadlinePartition(day) },
        },
        (item) => ({ ...withoutKeys<Deadline>(item), day }),
      ),
    ),
  );
  return lists.flat();
}

const putItem = (tableName: string, item: Record<string, unknown>) =>
  documentClient.send(new PutCommand({ TableName: tableName, Item: item }));

/**
 * Checks the deadlines whose day has passed since the last run (the day before the checkpoint's on,
 * so a day is never skipped; marks are once-only, so a day seen twice emits nothing twice): each
 * response to red that missed its recovery action or re-review gets one mark, which the stream turns
 * into one Response To Red Overdue event. Only the deadline list's days are read, never a backlog.
 */
export async function checkDeadlines(
  tableName: string,
  options: { today: string; lastDay: string | undefined; markedAt: string; runId: string },
): Promise<{ deadlinesChecked: number; responseToRedMarked: number; escalationsMarked: number }> {
  const from =
    options.lastDay && options.lastDay <= options.today
      ? addDays(options.lastDay, -1)
      : addDays(options.today, -FIRST_RUN_DAYS);
  const deadlines = await deadlinesBetween(tableName, from, options.today);
  const ids = [...new Set(deadlines.map((d) => d.commitmentId))];
  const commitments = await getCommitments(tableName, ids);
  let responseToRedMarked = 0;
  let escalationsMarked = 0;
  // Escalations: a grace period ran out; marks for whatever level it has reached (once-only).
  for (const c of commitments) {
    const { marks, deadline } = overdueWrites(c, options.today, options);
    for (const mark of marks.slice(1)) if (await putOnce(tableName, mark)) escalationsMarked++;
    if (deadline) await putItem(tableName, deadline);
  }
  // Responses to red: each missed recovery action or re-review, once.
  for (const c of commitments) {
    const response = c.responseToRed;
    if (!response) continue;
    for (const missed of missedOnResponse(c, options.today)) {
      const deadline = missed === 'recovery-action' ? response.recoveryDue : response.reReviewDate;
      const written = await putOnce(tableName, {
        pk: `MARK#${c.id}`,
        sk: `REDRESPONSE#${missed}#${response.openedAt}#${deadline}`,
        type: 'ResponseToRedMark',
        commitmentId: c.id,
        ownerUnitId: c.ownerUnitId,
        tier: c.tier,
        regionId: c.regionId,
        title: c.title,
        missed,
        deadline,
        openedAt: response.openedAt,
        openedBy: response.openedBy,
        assurerUnitId: assurerUnitOf(c),
        markedAt: options.markedAt,
        correlationId: options.runId,
      });
      if (written) responseToRedMarked++;
    }
  }
  return { deadlinesChecked: deadlines.length, responseToRedMarked, escalationsMarked };
}
