import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../db/client';
import { TTL_ATTRIBUTE } from '../db/table';
import { TooManyRequestsError } from '../http/problem';

/** Generations on request per caller per clock hour (drafts, first finals and revisions; repeats are free). */
export const generationsPerHour = () => Number(process.env.REPORT_GENERATIONS_PER_HOUR ?? 12);

export const rateKey = (userId: string, hour: string) => ({ pk: `RATE#${userId}`, sk: `GENERATE#${hour}` });

/**
 * Takes one of the caller's generations for this hour, or refuses with 429 and the seconds until the
 * next hour. A fixed window counted in one item (atomic ADD, conditional on the limit); the item
 * expires a day later.
 */
export async function takeGenerationSlot(tableName: string, userId: string, now = new Date()): Promise<void> {
  const hour = now.toISOString().slice(0, 13);
  const limit = generationsPerHour();
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: rateKey(userId, hour),
        UpdateExpression: 'ADD #n :one SET #type = :type, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
        ExpressionAttributeNames: { '#n': 'count', '#type': 'type', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': limit,
          ':type': 'RateWindow',
          ':ttl': Math.floor(now.getTime() / 1000) + 86_400,
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const nextHour = Date.parse(`${hour}:00:00.000Z`) + 3_600_000;
    const retryAfter = Math.max(1, Math.ceil((nextHour - now.getTime()) / 1000));
    throw new TooManyRequestsError(
      `You have generated ${limit} summaries this hour; ask again in ${retryAfter} s. Existing finals stay readable at GET /reports.`,
      retryAfter,
    );
  }
}
