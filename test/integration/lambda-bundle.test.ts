import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_NEVER_BUNDLED, lambdaBuildOptions, NEVER_BUNDLED } from '../../infra/lambda-bundling';
import { startTestApi, type TestApi } from '../support/local-api';

/**
 * The bundle the cloud runs, not the source the local runtime runs: built with the CDK's options
 * (infra/lambda-bundling.ts: the environment-only credential provider, no X-Ray SDK in API handlers)
 * and invoked in a fresh Node process, as Lambda would, against the real engine.
 */
const REPO = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
let api: TestApi;
let outfile: string;
let metafile: Metafile;

beforeAll(async () => {
  api = await startTestApi();
  outfile = join(mkdtempSync(join(tmpdir(), 'bundle-')), 'index.mjs');
  const result = await build(
    lambdaBuildOptions(join(REPO, 'functions/responsibilities/list-responsibilities.handler.ts'), outfile),
  );
  metafile = result.metafile;
});
afterAll(async () => api.runtime.stop());

/** Invokes the bundle's handler with the recorded API Gateway event, in a process with only `env`. */
async function invoke(env: Record<string, string>) {
  const event = readFileSync(join(REPO, 'test/fixtures/apigw-http-jwt-event.json'), 'utf8');
  const script = `const { handler } = await import(${JSON.stringify(outfile)});
const result = await handler(${event}, { functionName: 'bundle-test', awsRequestId: 'r1', getRemainingTimeInMillis: () => 10000 });
process.stdout.write(JSON.stringify(result));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH ?? '',
      // An empty home: no ~/.aws files for a credential chain to find.
      HOME: mkdtempSync(join(tmpdir(), 'home-')),
      AWS_REGION: 'eu-west-2',
      AWS_ENDPOINT_URL_DYNAMODB: api.runtime.dynamoEndpoint,
      TABLE_NAME: api.runtime.tableName,
      CURSOR_SECRET: 'bundle-test-cursor-secret-of-32-characters',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      ...env,
    },
  });
  return JSON.parse(stdout) as { statusCode: number; body: string };
}

describe('the Lambda bundle (as the CDK builds it)', () => {
  it('answers GET /responsibilities from the real engine with the credentials Lambda puts in the environment', async () => {
    const result = await invoke({ AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body) as { items: Array<{ id: string; tier: string }> };
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((i) => i.tier === 'region')).toBe(true);
  });

  it('looks for credentials in the environment only: a profile file is not read, the request fails without leaking why', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(home, '.aws'));
    writeFileSync(
      join(home, '.aws', 'credentials'),
      '[default]\naws_access_key_id = local\naws_secret_access_key = local\n',
    );
    const result = await invoke({ HOME: home });
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/credential/i);
  });

  it('carries neither the default credential chain nor, in an API handler, the X-Ray SDK or the EventBridge client', () => {
    const inputs = Object.keys(metafile.inputs);
    for (const name of [...NEVER_BUNDLED, ...API_NEVER_BUNDLED]) {
      expect(inputs.filter((i) => i.includes(`node_modules/${name}/`))).toEqual([]);
    }
    expect(inputs.some((i) => i.includes('shared/aws/lambda-credentials.ts'))).toBe(true);
  });
});
