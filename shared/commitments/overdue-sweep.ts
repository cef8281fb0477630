import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../db/client';
import { queryAll } from '../db/query-page';
import { INDEXES } from '../db/table';
import { commitmentFromItem, dueSoonMarkKey, OPEN_PARTITION, overdueMarkKey } from './commitment.keys';
import type { Commitment } from './commitment.model';

/** Escalation level by days overdue: 0 once overdue, 1 from 14 days, 2 from 30 days. */
export const ESCALATION_THRESHOLDS = [1, 14, 30] as const;

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);

export interface SweepResult {
  /** Items read from the open-commitments index: the sweep's whole cost. */
  itemsRead: number;
  overdueMarked: number;
  dueSoonMarked: number;
}

/** Puts a mark unless it exists: the condition is what makes a re-run or a concurrent run emit nothing twice. */
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

const markData = (c: Commitment) => ({
  commitmentId: c.id,
  ownerUnitId: c.ownerUnitId,
  tier: c.tier,
  regionId: c.regionId,
  responsibilityIds: c.responsibilityIds,
  title: c.title,
  dueDate: c.dueDate,
});

/**
 * Reads only open commitments due before the end of the reminder window, through the sparse
 * open-by-due index (never a Scan), and marks each escalation level and reminder once.
 */
export async function runOverdueSweep(
  tableName: string,
  options: { today: string; dueSoonDays: number; runId: string },
): Promise<SweepResult> {
  const { today, dueSoonDays, runId } = options;
  const open = await queryAll(
    {
      TableName: tableName,
      IndexName: INDEXES.openByDue.name,
      KeyConditionExpression: '#pk = :open AND #sk < :until',
      ExpressionAttributeNames: { '#pk': INDEXES.openByDue.pk, '#sk': INDEXES.openByDue.sk },
      ExpressionAttributeValues: { ':open': OPEN_PARTITION, ':until': `${addDays(today, dueSoonDays + 1)}` },
    },
    commitmentFromItem,
  );
  const markedAt = new Date().toISOString();
  let overdueMarked = 0;
  let dueSoonMarked = 0;
  for (const c of open) {
    const daysOverdue = daysBetween(c.dueDate, today);
    if (daysOverdue >= 1) {
      for (const [level, threshold] of ESCALATION_THRESHOLDS.entries()) {
        if (daysOverdue < threshold) break;
        const item = {
          ...overdueMarkKey(c.id, level),
          type: 'OverdueMark',
          ...markData(c),
          daysOverdue,
          escalationLevel: level,
          markedAt,
          correlationId: runId,
        };
        if (await putOnce(tableName, item)) overdueMarked++;
      }
    } else {
      const item = {
        ...dueSoonMarkKey(c.id, c.dueDate),
        type: 'DueSoonMark',
        ...markData(c),
        daysUntilDue: -daysOverdue,
        markedAt,
        correlationId: runId,
      };
      if (await putOnce(tableName, item)) dueSoonMarked++;
    }
  }
  return { itemsRead: open.length, overdueMarked, dueSoonMarked };
}
