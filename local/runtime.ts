import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { SCHEDULES } from '../functions/schedules';
import { idempotencyTableNameFor } from '../shared/db/table';
import { loadLocalSecrets, type TokenSigner } from './dev-auth';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { type LocalBus, startLocalBus } from './event-bus';
import { type StreamPoller, startStreamPoller } from './stream-poller';
import { ensureIdempotencyTable, ensureTable } from './table-bootstrap';
import { meter, meterDynamoDb } from './usage';

export const LOCAL_TABLE_NAME = 'accountability-tracker';
export const LOCAL_REGION = 'eu-west-2';
export const LOCAL_BUS_NAME = 'accountability-tracker';

export interface LocalRuntimeOptions {
  port: number;
  dataDir: string;
  /**
   * Nothing persists: DynamoDB in memory, and the event archive, reports, outbox and seals in a
   * temporary folder removed on stop. The data folder keeps only the dev keys and runtime.json.
   */
  inMemory?: boolean;
  /** Use an already running DynamoDB endpoint instead of starting one (tests share one engine). */
  dynamoEndpoint?: string;
  tableName?: string;
  /** Run the schedules on local timers (off in tests, which run jobs explicitly). */
  schedules?: boolean;
  log?: (line: string) => void;
  /** Also log every event delivery and each job's whole result. */
  verbose?: boolean;
}

export interface LocalRuntime {
  url: string;
  dataDir: string;
  dynamoEndpoint: string;
  tableName: string;
  /** Signs dev tokens as the local OIDC provider (its key and issuer): see mintDevToken. */
  tokenSigner: TokenSigner;
  /** The local OIDC provider (discovery at <issuer>/.well-known/openid-configuration). */
  issuer: string;
  tableState: 'created' | 'existed';
  seeded: number;
  bus: LocalBus;
  eventsDir: string;
  reportsDir: string;
  /** Where e-mail is written locally (.eml files). */
  outboxDir: string;
  /** The append-only seal folder, and the key seals are signed with. */
  sealsDir: string;
  sealKeyFile: string;
  /** Runs a scheduled job now (as `npm run job` does). */
  runJob(id: string, input?: unknown): Promise<unknown>;
  /** Resolves once every table change so far has been published and delivered. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Points the handlers' environment at the local engine. Handlers read only standard variables
 * (AWS_ENDPOINT_URL_DYNAMODB is the SDK's own), so nothing in functions/ knows it runs locally.
 */
function configureEnvironment(endpoint: string, tableName: string, cursorSecret: string): void {
  Object.assign(process.env, {
    EVENT_BUS_NAME: LOCAL_BUS_NAME,
    AWS_REGION: process.env.AWS_REGION ?? LOCAL_REGION,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    TABLE_NAME: tableName,
    IDEMPOTENCY_TABLE_NAME: idempotencyTableNameFor(tableName),
    CURSOR_SECRET: cursorSecret,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // No CloudWatch here: metrics would only be EMF lines on stdout.
    POWERTOOLS_METRICS_DISABLED: 'true',
    // Webhooks may be delivered to receivers on this machine (never in the cloud: SSRF).
    WEBHOOKS_ALLOW_LOOPBACK: 'true',
  });
}

/** A job's result without its nested detail: `{"period":"2026-W47","generated":0,...}`. */
function outline(result: unknown): string {
  if (typeof result !== 'object' || result === null) return JSON.stringify(result);
  return JSON.stringify(
    Object.fromEntries(Object.entries(result).filter(([, v]) => typeof v !== 'object' || v === null)),
  );
}

/** DynamoDB Local, the table, the reference data and the HTTP API, in one process tree. */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const secrets = loadLocalSecrets(dataDir);
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;

  const engine: DynamoDbLocal | undefined = options.dynamoEndpoint
    ? undefined
    : await startDynamoDbLocal(options.inMemory ? {} : { dbPath: dataDir, log: options.log });
  // Where this run's files go: the data folder, or with inMemory a temporary folder gone on stop.
  const filesDir = options.inMemory ? mkdtempSync(join(tmpdir(), 'tracker-in-memory-')) : dataDir;
  const removeFiles = () => {
    if (options.inMemory) rmSync(filesDir, { recursive: true, force: true });
  };
  const dynamoEndpoint = options.dynamoEndpoint ?? (engine as DynamoDbLocal).endpoint;
  let server: Server | undefined;
  let bus: LocalBus | undefined;
  let poller: StreamPoller | undefined;
  const timers: NodeJS.Timeout[] = [];
  const log = options.log ?? (() => undefined);
  try {
    configureEnvironment(dynamoEndpoint, tableName, secrets.cursorSecret);
    const reportsDir = join(filesDir, 'reports', tableName);
    process.env.REPORTS_DIR = reportsDir;
    // Locally, e-mail goes to .eml files in an outbox folder (SES in the cloud).
    const outboxDir = join(filesDir, 'outbox', tableName);
    process.env.MAIL_OUTBOX_DIR = outboxDir;
    // Seals: an append-only folder beside the data, signed with a local key (S3 Object Lock and KMS in the cloud).
    const sealsDir = join(filesDir, 'seals', tableName);
    process.env.SEALS_DIR = sealsDir;
    process.env.SEAL_KEY_FILE = secrets.sealKeyFile;
    // Evidence files: a folder, with upload URLs signed by a key of this data folder (S3 in the cloud).
    process.env.EVIDENCE_DIR = join(filesDir, 'evidence', tableName);
    process.env.EVIDENCE_UPLOAD_SECRET = createHmac('sha256', secrets.cursorSecret)
      .update('evidence-uploads')
      .digest('base64url');
    (await import('../shared/evidence/evidence-store')).resetEvidenceStore();
    const { resetSealStore } = await import('../shared/audit/seal-store');
    const { resetSealSigner } = await import('../shared/audit/signer');
    resetSealStore();
    resetSealSigner();
    const client = new DynamoDBClient({ endpoint: dynamoEndpoint });
    const tableState = await ensureTable(client, tableName);
    await ensureIdempotencyTable(client, idempotencyTableNameFor(tableName));
    client.destroy();
    // Imported after the environment is set: these modules create their SDK clients at import.
    const { seedReferenceData } = await import('../shared/catalogue/catalogue.repository');
    const { written } = await seedReferenceData(tableName);
    // Data from before version history existed gets its baseline versions (a no-op once done).
    const { migrateHistory } = await import('../shared/commitments/history-migration');
    const migration = await migrateHistory(tableName);
    if (migration.migrated)
      log(`History: gave ${migration.migrated} earlier commitments their first version`);
    const eventsDir = join(filesDir, 'events', tableName);
    bus = await startLocalBus({
      busName: LOCAL_BUS_NAME,
      eventsDir,
      log,
      ...(options.verbose ? { trace: log } : {}),
    });
    process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.endpoint;
    // Every invocation is metered (local/usage.ts): Server-Timing on responses, totals for the bench.
    const { dynamodb } = await import('../shared/db/client');
    meterDynamoDb(dynamodb);
    const stream = (await import('../functions/stream/publish-events.handler')) as {
      handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
    };
    poller = await startStreamPoller({
      dynamoEndpoint,
      tableName,
      handler: async (event) => (await meter('stream', () => stream.handler(event))).result,
      ...(options.inMemory || options.dynamoEndpoint
        ? {}
        : { checkpointFile: join(eventsDir, 'stream-checkpoint.json') }),
      dlqFile: join(eventsDir, 'stream-dlq.jsonl'),
      log,
    });
    const jobs = new Map<string, (input?: unknown) => Promise<unknown>>();
    for (const schedule of SCHEDULES) {
      const module = (await import(join(import.meta.dirname, '..', schedule.handler))) as {
        handler: (input?: unknown) => Promise<unknown>;
      };
      jobs.set(
        schedule.id,
        async (input?: unknown) =>
          (await meter(`job:${schedule.id}`, () => module.handler(input ?? schedule.input))).result,
      );
      if (options.schedules) {
        const run = () =>
          module.handler(schedule.input).then(
            (result) =>
              log(`[schedule] ${schedule.id}: ${options.verbose ? JSON.stringify(result) : outline(result)}`),
            (error: unknown) => log(`[schedule] ${schedule.id} failed: ${String(error)}`),
          );
        timers.push(setTimeout(run, 2_000), setInterval(run, schedule.localEveryMinutes * 60_000));
      }
    }
    const { startHttpServer } = await import('./http-server');
    const settledBus = bus;
    const settledPoller = poller;
    const http = await startHttpServer({
      port: options.port,
      dataDir,
      secrets,
      settled: async () => {
        await settledPoller.drained();
        await settledBus.idle();
      },
    });
    server = http.server;
    // Links in e-mails (unsubscribe) point at this API.
    process.env.PUBLIC_API_URL = http.url;
    const activeBus = bus;
    const activePoller = poller;
    return {
      bus: activeBus,
      eventsDir,
      reportsDir,
      outboxDir,
      sealsDir,
      sealKeyFile: secrets.sealKeyFile,
      runJob: async (id, input) => {
        const job = jobs.get(id);
        if (!job) throw new Error(`No scheduled job ${id}; known: ${[...jobs.keys()].join(', ')}`);
        return job(input);
      },
      settled: async () => {
        await activePoller.drained();
        await activeBus.idle();
      },
      url: http.url,
      dataDir,
      dynamoEndpoint,
      tableName,
      tokenSigner: http.signer,
      issuer: http.oidc.issuer,
      tableState,
      seeded: written,
      stop: async () => {
        for (const t of timers) clearTimeout(t);
        await new Promise<void>((done) => {
          server?.close(() => done());
          server?.closeAllConnections();
        });
        await activePoller.stop();
        await activeBus.stop();
        await engine?.stop();
        removeFiles();
      },
    };
  } catch (error) {
    for (const t of timers) clearTimeout(t);
    await poller?.stop();
    await bus?.stop();
    await engine?.stop();
    removeFiles();
    throw error;
  }
}
