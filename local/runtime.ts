import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadLocalSecrets } from './dev-auth';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { ensureTable } from './table-bootstrap';

export const LOCAL_TABLE_NAME = 'accountability-tracker';
export const LOCAL_REGION = 'eu-west-2';

export interface LocalRuntimeOptions {
  port: number;
  dataDir: string;
  /** Keep DynamoDB's data in memory (the data folder still holds the dev signing key). */
  inMemory?: boolean;
  /** Use an already running DynamoDB endpoint instead of starting one (tests share one engine). */
  dynamoEndpoint?: string;
  tableName?: string;
}

export interface LocalRuntime {
  url: string;
  dataDir: string;
  dynamoEndpoint: string;
  tableName: string;
  jwtKey: string;
  tableState: 'created' | 'existed';
  seeded: number;
  stop(): Promise<void>;
}

/**
 * Points the handlers' environment at the local engine. Handlers read only standard variables
 * (AWS_ENDPOINT_URL_DYNAMODB is the SDK's own), so nothing in functions/ knows it runs locally.
 */
function configureEnvironment(endpoint: string, tableName: string, cursorSecret: string): void {
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? LOCAL_REGION,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    TABLE_NAME: tableName,
    CURSOR_SECRET: cursorSecret,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  });
}

/** DynamoDB Local, the table, the reference data and the HTTP API, in one process tree. */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const secrets = loadLocalSecrets(dataDir);
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;

  const engine: DynamoDbLocal | undefined = options.dynamoEndpoint
    ? undefined
    : await startDynamoDbLocal(options.inMemory ? {} : { dbPath: dataDir });
  const dynamoEndpoint = options.dynamoEndpoint ?? (engine as DynamoDbLocal).endpoint;
  let server: Server | undefined;
  try {
    configureEnvironment(dynamoEndpoint, tableName, secrets.cursorSecret);
    const client = new DynamoDBClient({ endpoint: dynamoEndpoint });
    const tableState = await ensureTable(client, tableName);
    client.destroy();
    // Imported after the environment is set: these modules create their SDK clients at import.
    const { seedReferenceData } = await import('../shared/catalogue/catalogue.repository');
    const { written } = await seedReferenceData(tableName);
    const { startHttpServer } = await import('./http-server');
    const http = await startHttpServer({ port: options.port, jwtKey: secrets.jwtKey });
    server = http.server;
    return {
      url: http.url,
      dataDir,
      dynamoEndpoint,
      tableName,
      jwtKey: secrets.jwtKey,
      tableState,
      seeded: written,
      stop: async () => {
        await new Promise<void>((done) => {
          server?.close(() => done());
          server?.closeAllConnections();
        });
        await engine?.stop();
      },
    };
  } catch (error) {
    await engine?.stop();
    throw error;
  }
}
