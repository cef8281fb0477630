import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../db/client';
import { queryAll } from '../db/query-page';
import { withoutKeys } from '../db/table';
import { assurerUnitOf, missedOnResponse } from './assurance';
import { deadlinePartition } from './commitment.keys';
import { getCommitments } from './commitment.repository';

/** A first run (no checkpoint) looks back this far for deadlines that passed. */
const FIRST_RUN_DAYS = 60;
const DAY = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);

interface Deadline {
  commitmentId: string;
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

async function putOnce(tableName: string, item: Record<string, unknown>): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Checks the deadlines whose day has passed since the last run (the day before the checkpoint's on,
 * so a day is never skipped; marks are once-only, so a day seen twice emits nothing twice): each
 * response to red that missed its recovery action or re-review gets one mark, which the stream turns
 * into one Response To Red Overdue event. Only the deadline list's days are read, never a backlog.
 */
export async function checkDeadlines(
  tableName: string,
  options: { today: string; lastDay: string | undefined; markedAt: string; runId: string },
): Promise<{ deadlinesChecked: number; responseToRedMarked: number }> {
  const from =
    options.lastDay && options.lastDay <= options.today
      ? addDays(options.lastDay, -1)
      : addDays(options.today, -FIRST_RUN_DAYS);
  const deadlines = await deadlinesBetween(tableName, from, options.today);
  const ids = [...new Set(deadlines.map((d) => d.commitmentId))];
  const commitments = await getCommitments(tableName, ids);
  let responseToRedMarked = 0;
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
  return { deadlinesChecked: deadlines.length, responseToRedMarked };
}
