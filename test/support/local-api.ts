import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { mintDevToken } from '../../local/dev-auth';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import type { Role } from '../../shared/auth/identity';

export interface TestApi {
  runtime: LocalRuntime;
  tokenFor(role: Role, unit: string, sub?: string): Promise<string>;
  get(path: string, token?: string): Promise<Response>;
}

/**
 * The local runtime on a free port, against the run's shared DynamoDB Local engine, with a table of
 * its own so test files never see each other's data.
 */
export async function startTestApi(): Promise<TestApi> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const runtime = await startLocalRuntime({
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'tracker-test-')),
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `test-${randomUUID()}`,
  });
  return {
    runtime,
    tokenFor: (role, unit, sub = `user-${role}-${unit}`) => mintDevToken(runtime.jwtKey, { sub, role, unit }),
    get: (path, token) =>
      fetch(`${runtime.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  };
}
