import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { type EventPattern, matches } from '../events/pattern';
import { RULES } from '../events/rules';
import { countEvents, meter } from './usage';

/** An event as EventBridge delivers it to targets. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

type Target = (event: BusEvent) => Promise<unknown>;

export interface LocalBus {
  endpoint: string;
  busName: string;
  /** In-process subscriber (tests, the CLI); returns an unsubscribe function. */
  subscribe(pattern: EventPattern, listener: (event: BusEvent) => void): () => void;
  /** Re-delivers events to the rules' targets (replay from the archive). */
  dispatch(event: BusEvent): Promise<void>;
  /** Resolves when every delivery started so far has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalBusOptions {
  busName: string;
  /** Folder for the archive (`archive.jsonl`) and the targets' DLQs (`dlq-<rule>.jsonl`). */
  eventsDir: string;
  region?: string;
  /** Attempts per target before the event goes to the rule's DLQ (EventBridge's retry policy). */
  maxAttempts?: number;
  log?: (line: string) => void;
  /** Every delivery (`npm start -- --verbose`); failures always go to `log`. */
  trace?: (line: string) => void;
}

const REPO_ROOT = join(import.meta.dirname, '..');

/**
 * A local EventBridge bus that speaks PutEvents to the real SDK client. It archives every event,
 * applies the rule manifest (events/rules.ts) with the same patterns the CDK rules use, and invokes
 * each rule's target handler, retrying and then dead-lettering like EventBridge does.
 */
export async function startLocalBus(options: LocalBusOptions): Promise<LocalBus> {
  const region = options.region ?? 'eu-west-2';
  const maxAttempts = options.maxAttempts ?? 3;
  const log = options.log ?? (() => undefined);
  const trace = options.trace ?? (() => undefined);
  const archive = join(options.eventsDir, 'archive.jsonl');
  mkdirSync(dirname(archive), { recursive: true });

  const targets = new Map<string, Target>();
  for (const rule of RULES) {
    const module = (await import(join(REPO_ROOT, rule.target))) as { handler: Target };
    targets.set(rule.id, module.handler);
  }
  const listeners = new Set<{ pattern: EventPattern; listener: (event: BusEvent) => void }>();
  const inFlight = new Set<Promise<void>>();

  const deliver = async (ruleId: string, target: Target, event: BusEvent) => {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        await meter(`rule:${ruleId}`, () => target(event));
        return;
      } catch (error) {
        if (attempt === maxAttempts) {
          appendFileSync(
            join(options.eventsDir, `dlq-${ruleId}.jsonl`),
            `${JSON.stringify({ error: String(error), event })}\n`,
          );
          log(
            `[bus] ${event['detail-type']} -> ${ruleId} failed ${maxAttempts} times; written to dlq-${ruleId}.jsonl`,
          );
        } else {
          await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        }
      }
    }
  };

  const dispatch = async (event: BusEvent) => {
    const deliveries: Promise<void>[] = [];
    for (const rule of RULES) {
      if (!matches(rule.pattern, event)) continue;
      trace(`[bus] ${event['detail-type']} -> ${rule.id}`);
      deliveries.push(deliver(rule.id, targets.get(rule.id) as Target, event));
    }
    for (const { pattern, listener } of listeners) if (matches(pattern, event)) listener(event);
    await Promise.all(deliveries);
  };

  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown, errorType?: string) => {
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      res.end(JSON.stringify(body));
    };
    if (req.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
      return reply(
        400,
        { __type: 'UnknownOperationException', message: 'Only PutEvents is supported locally' },
        'UnknownOperationException',
      );
    }
    let request: { Entries?: Array<Record<string, unknown>> };
    try {
      request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(
        400,
        { __type: 'SerializationException', message: 'Malformed JSON' },
        'SerializationException',
      );
    }
    const entries = request.Entries ?? [];
    if (entries.length < 1 || entries.length > 10) {
      return reply(
        400,
        { __type: 'ValidationException', message: 'Entries must hold 1 to 10 items' },
        'ValidationException',
      );
    }
    const results = entries.map((entry) => {
      const busName = (entry.EventBusName as string | undefined) ?? 'default';
      if (busName !== options.busName && !busName.endsWith(`/${options.busName}`)) {
        return {
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: `Event bus ${busName} does not exist.`,
        };
      }
      let detail: unknown;
      try {
        detail = JSON.parse(String(entry.Detail ?? '{}'));
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
      }
      const event: BusEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': String(entry.DetailType),
        source: String(entry.Source),
        account: '000000000000',
        time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region,
        resources: (entry.Resources as string[] | undefined) ?? [],
        detail,
      };
      appendFileSync(archive, `${JSON.stringify(event)}\n`);
      countEvents(1);
      track(dispatch(event));
      return { EventId: event.id };
    });
    reply(200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    busName: options.busName,
    subscribe(pattern, listener) {
      const entry = { pattern, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    dispatch,
    idle: async () => {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    stop: async () => {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
