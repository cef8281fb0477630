import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBRecord } from 'aws-lambda';
import { eventsFromRecord } from '../shared/events/stream-mapper';
import type { BusEvent } from './event-bus';

export interface DeadLetterReplay {
  /** Events from the rule targets' dead-letter files, sent again. */
  events: number;
  /** Stream records from the stream's dead-letter file whose events were published this time. */
  records: number;
  /** Stream records that still cannot be mapped (kept in stream-dlq.jsonl). */
  stillFailing: number;
}

/**
 * Sends what was dead-lettered locally through the bus again, once its fault is fixed: the events a
 * rule target gave up on (`dlq-<rule>.jsonl`) and the stream records the publisher gave up on
 * (`stream-dlq.jsonl`, mapped to events again). The bus applies every rule; consumers deduplicate on
 * the event id, so a target that had handled an event ignores it. Replayed files are renamed
 * `*.replayed-<time>.jsonl`, so a second replay sends nothing twice.
 */
export async function replayDeadLetters(options: {
  eventsDir: string;
  busEndpoint: string;
  busName: string;
}): Promise<DeadLetterReplay> {
  const client = new EventBridgeClient({
    endpoint: options.busEndpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const result: DeadLetterReplay = { events: 0, records: 0, stillFailing: 0 };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const send = async (events: Array<Pick<BusEvent, 'source' | 'detail-type' | 'detail'>>) => {
    for (let i = 0; i < events.length; i += 10) {
      const out = await client.send(
        new PutEventsCommand({
          Entries: events.slice(i, i + 10).map((e) => ({
            Source: e.source,
            DetailType: e['detail-type'],
            Detail: JSON.stringify(e.detail),
            EventBusName: options.busName,
          })),
        }),
      );
      if (out.FailedEntryCount) throw new Error(`${out.FailedEntryCount} event(s) were refused by the bus`);
    }
  };
  if (!existsSync(options.eventsDir)) return result;
  for (const name of readdirSync(options.eventsDir).filter((n) => /^dlq-[^.]+\.jsonl$/.test(n))) {
    const file = join(options.eventsDir, name);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const events = lines.map((l) => (JSON.parse(l) as { event: BusEvent }).event);
    await send(events);
    result.events += events.length;
    renameSync(file, file.replace(/\.jsonl$/, `.replayed-${stamp}.jsonl`));
  }
  const streamFile = join(options.eventsDir, 'stream-dlq.jsonl');
  if (existsSync(streamFile)) {
    const still: string[] = [];
    for (const line of readFileSync(streamFile, 'utf8').split('\n').filter(Boolean)) {
      try {
        const mapped = eventsFromRecord(JSON.parse(line) as DynamoDBRecord);
        await send(mapped.map((e) => ({ source: e.source, 'detail-type': e.detailType, detail: e.detail })));
        result.records++;
      } catch {
        still.push(line);
      }
    }
    renameSync(streamFile, streamFile.replace(/\.jsonl$/, `.replayed-${stamp}.jsonl`));
    if (still.length) writeFileSync(streamFile, `${still.join('\n')}\n`);
    result.stillFailing = still.length;
  }
  return result;
}
