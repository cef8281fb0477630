import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { awsClient } from '../observability/aws-clients';
import type { OutgoingEvent } from './stream-mapper';

/** One client per process; its endpoint comes from AWS_ENDPOINT_URL_EVENTBRIDGE when set (local bus). */
export const eventBridge = awsClient(new EventBridgeClient({}));

export class PublishError extends Error {
  constructor(
    readonly failed: Array<{ index: number; code: string }>,
    options?: ErrorOptions,
  ) {
    super(
      `${failed.length} event(s) could not be published: ${failed.map((f) => f.code).join(', ')}`,
      options,
    );
    this.name = 'PublishError';
  }
}

const PUT_EVENTS_LIMIT = 10;

/**
 * Publishes in batches of 10, retrying only the entries PutEvents reports as failed (and whole
 * batches on a thrown error), with jittered backoff. Throws PublishError naming the entries that
 * still failed, by their index in `events`, so the caller can report exactly those records.
 */
export async function publishEvents(
  events: readonly OutgoingEvent[],
  busName: string,
  options: { maxAttempts?: number; baseDelayMs?: number } = {},
): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 50;
  const failed: Array<{ index: number; code: string }> = [];
  for (let start = 0; start < events.length; start += PUT_EVENTS_LIMIT) {
    let pending = events
      .slice(start, start + PUT_EVENTS_LIMIT)
      .map((event, i) => ({ index: start + i, event }));
    let lastCode = new Map<number, string>();
    for (let attempt = 1; pending.length > 0 && attempt <= maxAttempts; attempt++) {
      if (attempt > 1)
        await new Promise((r) => setTimeout(r, Math.random() * baseDelayMs * 2 ** (attempt - 1)));
      const entries: PutEventsRequestEntry[] = pending.map(({ event }) => ({
        Source: event.source,
        DetailType: event.detailType,
        Detail: JSON.stringify(event.detail),
        EventBusName: busName,
      }));
      try {
        const out = await eventBridge.send(new PutEventsCommand({ Entries: entries }));
        const results = out.Entries ?? [];
        lastCode = new Map();
        pending = pending.filter((p, i) => {
          const code = results[i]?.ErrorCode;
          if (code) lastCode.set(p.index, code);
          return Boolean(code) || !results[i]?.EventId;
        });
      } catch (error) {
        lastCode = new Map(pending.map((p) => [p.index, (error as Error).name ?? 'Error']));
      }
    }
    failed.push(...pending.map((p) => ({ index: p.index, code: lastCode.get(p.index) ?? 'Unknown' })));
  }
  if (failed.length) throw new PublishError(failed);
}
