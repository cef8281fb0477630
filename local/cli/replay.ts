import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { BusEvent } from '../event-bus';
import { connectToRuntime, readRuntimeInfo } from '../runtime-info';

const HELP = `Usage: npm run replay -- --from <ISO time> [--to <ISO time>] [--type "<detail-type>"] [--data-dir <folder>]
       npm run replay -- --dead-letters [--data-dir <folder>]

--dead-letters: once the fault is fixed, sends again what was dead-lettered: the events a rule target
gave up on (events/<table>/dlq-<rule>.jsonl) and the stream records the publisher gave up on
(stream-dlq.jsonl); replayed files are renamed *.replayed-<time>.jsonl.

Re-sends events from the local bus archive (events/<table>/archive.jsonl) to the running local bus,
which applies the rules again; consumers deduplicate on metadata.eventId. (In the cloud, replay from
the bus archive with \`aws events start-replay\`; see docs/events.md.)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      type: { type: 'string' },
      'dead-letters': { type: 'boolean' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (!values['dead-letters'] && (!values.from || Number.isNaN(Date.parse(values.from))))) {
    console.log(HELP);
    process.exit(values.help ? 0 : 2);
  }
  const info = readRuntimeInfo(resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data'));
  if (values['dead-letters']) {
    connectToRuntime(info);
    const { replayDeadLetters } = await import('../dead-letters');
    const result = await replayDeadLetters(info);
    console.log(
      `replayed ${result.events} dead-lettered event(s) and ${result.records} stream record(s)` +
        (result.stillFailing ? `; ${result.stillFailing} record(s) still cannot be mapped (kept)` : ''),
    );
    return;
  }
  const from = Date.parse(values.from as string);
  const to = values.to ? Date.parse(values.to) : Number.POSITIVE_INFINITY;
  const client = new EventBridgeClient({
    endpoint: info.busEndpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let batch: BusEvent[] = [];
  let replayed = 0;
  const flush = async () => {
    if (!batch.length) return;
    const out = await client.send(
      new PutEventsCommand({
        Entries: batch.map((e) => ({
          Source: e.source,
          DetailType: e['detail-type'],
          Detail: JSON.stringify(e.detail),
          EventBusName: info.busName,
        })),
      }),
    );
    replayed += batch.length - (out.FailedEntryCount ?? 0);
    batch = [];
    process.stdout.write(`\rreplayed ${replayed}`);
  };
  const archive = join(info.eventsDir, 'archive.jsonl');
  if (!existsSync(archive)) {
    console.log('replayed 0 event(s): nothing has been archived yet');
    return;
  }
  const lines = createInterface({ input: createReadStream(archive) });
  for await (const line of lines) {
    if (!line) continue;
    const event = JSON.parse(line) as BusEvent;
    const time = Date.parse(event.time);
    if (time < from || time > to || (values.type && event['detail-type'] !== values.type)) continue;
    batch.push(event);
    if (batch.length === 10) await flush();
  }
  await flush();
  console.log(`\nreplayed ${replayed} event(s)`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
