import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
}

const fileIn = (dataDir: string) => join(dataDir, 'runtime.json');

export function writeRuntimeInfo(dataDir: string, info: RuntimeInfo): void {
  writeFileSync(fileIn(dataDir), JSON.stringify(info, null, 2));
}

export function removeRuntimeInfo(dataDir: string): void {
  rmSync(fileIn(dataDir), { force: true });
}

/** The running runtime for this data folder, or an error that says how to start one. */
export function readRuntimeInfo(dataDir: string): RuntimeInfo {
  const file = fileIn(dataDir);
  const fail = () => {
    throw new Error(
      `No local runtime is running for ${dataDir}. Start one with \`npm start\` (same data folder) first.`,
    );
  };
  if (!existsSync(file)) fail();
  const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
  try {
    process.kill(info.pid, 0);
  } catch {
    fail();
  }
  return info;
}
