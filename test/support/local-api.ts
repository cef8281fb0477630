import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { mintDevToken } from '../../local/dev-auth';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import type { Role } from '../../shared/auth/identity';
import { documentClient } from '../../shared/db/client';

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestApi {
  runtime: LocalRuntime;
  tokenFor(role: Role, unit: string, sub?: string): Promise<string>;
  get(path: string, token?: string): Promise<Response>;
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** Every item in this test file's table once events settle (tests may Scan; the application never does). */
  tableItems(): Promise<Record<string, unknown>[]>;
}

/** A problem+json response: asserts the status and media type, returns the document. */
export async function expectProblem(
  response: Response,
  status: number,
): Promise<{
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  if (response.headers.get('content-type') !== 'application/problem+json') {
    throw new Error(
      `expected application/problem+json, got ${response.headers.get('content-type')}: ${text}`,
    );
  }
  const problem = JSON.parse(text);
  // RFC 9457: the document's `status` is the HTTP status, whatever else the problem carries.
  if (problem.status !== status)
    throw new Error(`problem body status ${problem.status}, HTTP ${status}: ${text}`);
  return problem;
}

/** A valid commitment body for a unit of the given tier, with overrides. */
export function commitmentBody(tier: 'ics' | 'region' | 'national', overrides: Record<string, unknown> = {}) {
  const responsibility = { ics: 'ICS-WP-1', region: 'REG-WP-1', national: 'NAT-WP-1' }[tier];
  return {
    accountableRole: 'Head of Workforce Planning',
    title: `A ${tier} commitment`,
    description: 'Deliver the plan.',
    responsibilityIds: [responsibility],
    tags: ['P-INTEGRATION', 'PFO-9'],
    dueDate: '2099-03-31',
    ...overrides,
  };
}

/**
 * The local runtime on a free port, against the run's shared DynamoDB Local engine (or the one given),
 * with a table of its own so test files never see each other's data.
 */
export async function startTestApi(options: { dynamoEndpoint?: string } = {}): Promise<TestApi> {
  const runtime = await startLocalRuntime({
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'tracker-test-')),
    dynamoEndpoint: options.dynamoEndpoint ?? inject('dynamoEndpoint'),
    tableName: `test-${randomUUID()}`,
  });
  return {
    runtime,
    tokenFor: (role, unit, sub = `user-${role}-${unit}`) =>
      mintDevToken(runtime.tokenSigner, { sub, role, unit }),
    get: (path, token) =>
      fetch(`${runtime.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    request: (method, path, options = {}) =>
      fetch(`${runtime.url}${path}`, {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        ...(options.body !== undefined
          ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
          : {}),
      }),
    tableItems: async () => {
      // Let the stream, the bus and its consumers finish first: they write too (notifications).
      await runtime.settled();
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await documentClient.send(
          new ScanCommand({
            TableName: runtime.tableName,
            ExclusiveStartKey: startKey,
            ConsistentRead: true,
          }),
        );
        items.push(...(out.Items ?? []));
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return items;
    },
  };
}
