import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { EventMetadata } from '../../events/envelope';
import { documentClient } from '../../shared/db/client';
import { logger } from '../../shared/observability/logger';
import '../../shared/observability/tracing';

const Env = z.object({ TABLE_NAME: z.string().min(1) });
let env: z.infer<typeof Env> | undefined;

const Detail = z.object({
  metadata: EventMetadata,
  data: z.looseObject({
    unitId: z.string().optional(),
    ownerUnitId: z.string().optional(),
    regionId: z.string(),
    escalationLevel: z.number().optional(),
    assurerUnitId: z.string().nullable().optional(),
    heldBy: z.string().optional(),
    reviewerUnitId: z.string().nullable().optional(),
  }),
});

/** Who hears about an event: the owning unit; its region from escalation level 1; national at level 2; the assurer of a response to red. */
export function recipientsOf(data: z.infer<typeof Detail>['data']): string[] {
  const owner = data.unitId ?? data.ownerUnitId ?? data.regionId;
  const level = data.escalationLevel ?? -1;
  const recipients = new Set([owner]);
  if (level >= 1 && data.regionId !== 'national') recipients.add(data.regionId);
  if (level >= 2) recipients.add('national');
  if (data.assurerUnitId) recipients.add(data.assurerUnitId);
  // An escalated duty reaches the unit now holding it (for a region's own duty: national at level 1).
  if (data.heldBy) recipients.add(data.heldBy);
  // A completion or Green awaiting sign-off reaches the parent unit that signs it off.
  if (data.reviewerUnitId) recipients.add(data.reviewerUnitId);
  return [...recipients];
}

/**
 * Rule target for duty events: records a notification per recipient unit. Idempotent on the event
 * id (the key includes it and the write is conditional), so a redelivered event notifies nobody twice.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<{ recorded: number }> => {
  env ??= Env.parse(process.env);
  const detail = Detail.parse(event.detail);
  let recorded = 0;
  for (const unitId of recipientsOf(detail.data)) {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: env.TABLE_NAME,
          Item: {
            pk: `NOTIFY#${unitId}`,
            sk: `${detail.metadata.occurredAt}#${detail.metadata.eventId}`,
            type: 'Notification',
            unitId,
            detailType: event['detail-type'],
            eventId: detail.metadata.eventId,
            data: detail.data,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      recorded++;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  logger.info('notification recorded', {
    detailType: event['detail-type'],
    eventId: detail.metadata.eventId,
    recorded,
  });
  return { recorded };
};
