import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalRuntime } from './runtime';

/** Where a running `npm start` says what it serves, so CLIs (job, replay) can reach it. */
export interface RuntimeInfo {
  pid: number;
  url: string;
  dynamoEndpoint: string;
  busEndpoint: string;
  busName: string;
  tableName: string;
  eventsDir: string;
  reportsDir: string;
  /** The append-only seal folder and the key seals are signed with. */
  sealsDir: string;
  sealKeyFile: string;
}

const fileIn = (dataDir: string) => join(dataDir, 'runtime.json');

/** What a running runtime publishes about itself. */
export function runtimeInfoOf(runtime: LocalRuntime, pid = process.pid): RuntimeInfo {
  return {
    pid,
    url: runtime.url,
    dynamoEndpoint: runtime.dynamoEndpoint,
    busEndpoint: runtime.bus.endpoint,
    busName: runtime.bus.busName,
    tableName: runtime.tableName,
    eventsDir: runtime.eventsDir,
    reportsDir: runtime.reportsDir,
    sealsDir: runtime.sealsDir,
    sealKeyFile: runtime.sealKeyFile,
  };
}

export function writeRuntimeInfo(dataDir: string, info: RuntimeInfo): void {
  writeFileSync(fileIn(dataDir), JSON.stringify(info, null, 2));
}

export function removeRuntimeInfo(dataDir: string): void {
  rmSync(fileIn(dataDir), { force: true });
}

/** The runtime serving this data folder if its process is alive (a stale runtime.json is ignored). */
export function liveRuntimeInfo(dataDir: string): RuntimeInfo | undefined {
  const file = fileIn(dataDir);
  if (!existsSync(file)) return undefined;
  const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

/** The running runtime for this data folder, or an error that says how to start one. */
export function readRuntimeInfo(dataDir: string): RuntimeInfo {
  const info = liveRuntimeInfo(dataDir);
  if (!info)
    throw new Error(
      `No local runtime is running for ${dataDir}. Start one with \`npm start\` (same data folder) first.`,
    );
  return info;
}

/** Points this process's SDK clients and stores at a running runtime (the CLIs that act on its data). */
export function connectToRuntime(info: RuntimeInfo): void {
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: info.dynamoEndpoint,
    TABLE_NAME: info.tableName,
    REPORTS_DIR: info.reportsDir,
    SEALS_DIR: info.sealsDir,
    SEAL_KEY_FILE: info.sealKeyFile,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  });
}
