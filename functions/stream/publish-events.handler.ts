import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { PublishError, publishEvents } from '../../shared/events/publisher';
import { eventsFromRecord, type OutgoingEvent } from '../../shared/events/stream-mapper';
import { awsClient } from '../../shared/observability/aws-clients';
import { logger } from '../../shared/observability/logger';
import '../../shared/observability/tracing';

const Env = z.object({
  EVENT_BUS_NAME: z.string().min(1),
  /** Where the failing record's body is kept (cloud); locally the stream poller keeps it in a file. */
  STREAM_FAILURE_QUEUE_URL: z.string().min(1).optional(),
});
let env: z.infer<typeof Env> | undefined;

/**
 * Table stream -> EventBridge. Maps every record, publishes all resulting events with per-entry
 * retries, and reports the earliest record that could not be mapped or fully published as the batch
 * item failure: Lambda retries from there (records before it are done), and after its retries the
 * event source mapping sends the poison record to the DLQ. Consumers deduplicate on event ids, so a
 * retried record's already-published events do no harm.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  env ??= Env.parse(process.env);
  const outgoing: OutgoingEvent[] = [];
  const recordOf: number[] = [];
  let firstFailed = event.Records.length;
  for (const [i, record] of event.Records.entries()) {
    try {
      for (const e of eventsFromRecord(record)) {
        outgoing.push(e);
        recordOf.push(i);
      }
    } catch (error) {
      logger.error('stream record could not be mapped to events', { error, eventID: record.eventID });
      firstFailed = i;
      break;
    }
  }
  // Publish only what comes before the first unmappable record; the rest is retried with it.
  const publishable = outgoing.filter((_, k) => (recordOf[k] ?? 0) < firstFailed);
  try {
    await publishEvents(publishable, env.EVENT_BUS_NAME);
  } catch (error) {
    if (!(error instanceof PublishError)) throw error;
    logger.warn('some events were not published; their records will be retried', { failed: error.failed });
    firstFailed = Math.min(firstFailed, ...error.failed.map((f) => recordOf[f.index] ?? 0));
  }
  const failedRecord = event.Records[firstFailed];
  if (failedRecord && env.STREAM_FAILURE_QUEUE_URL)
    await keepRecord(env.STREAM_FAILURE_QUEUE_URL, failedRecord);
  return {
    batchItemFailures: failedRecord ? [{ itemIdentifier: failedRecord.dynamodb?.SequenceNumber ?? '' }] : [],
  };
};

/**
 * Puts the failing record itself in the failure queue on each failed attempt: the event source
 * mapping's own DLQ message says only where it was in the stream, which expires after 24 hours. A
 * record retried several times is kept several times; replaying maps it to the same event ids, which
 * consumers deduplicate.
 */
async function keepRecord(queueUrl: string, record: DynamoDBStreamEvent['Records'][number]): Promise<void> {
  const { SQSClient, SendMessageCommand } = await import('@aws-sdk/client-sqs');
  sqs ??= awsClient(new SQSClient({}));
  try {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ kind: 'stream-record', record }),
      }),
    );
  } catch (error) {
    // The record is still retried from the stream; losing this copy loses nothing yet.
    logger.error('could not keep the failing stream record', { error, eventID: record.eventID });
  }
}
let sqs: import('@aws-sdk/client-sqs').SQSClient | undefined;
