import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitmentSchema, pageOf } from '../../functions/openapi/response.schemas';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { runtimeInfoOf, writeRuntimeInfo } from '../../local/runtime-info';
import { csvLine } from '../../shared/csv/csv';
import { COLUMNS } from '../../shared/imports/columns';
import { startTestApi, type TestApi } from '../support/local-api';

/** A load test: it runs after the other integration files, alone (vitest project `load`). */
let api: TestApi;
let london: string;

const HEADER = csvLine(COLUMNS.commitments.map((c) => c.name));
const row = (values: Partial<Record<string, string>>) =>
  csvLine(COLUMNS.commitments.map((c) => values[c.name] ?? ''));

// An engine of its own: an in-memory DynamoDB Local holding these 40 MB stays slow for whatever
// test file uses it next.
let engine: DynamoDbLocal;
beforeAll(async () => {
  engine = await startDynamoDbLocal();
  api = await startTestApi({ dynamoEndpoint: engine.endpoint });
  london = await api.tokenFor('editor', 'region-london', 'lena');
});
afterAll(async () => {
  await api.runtime.stop();
  await engine.stop();
});

describe('npm run import (10,000 rows)', () => {
  it('streams a 38 MB file under a 64 MB heap limit and writes every row once', async () => {
    const dir = api.runtime.dataDir;
    writeRuntimeInfo(dir, runtimeInfoOf(api.runtime));
    const file = join(dir, 'big.csv');
    const out = createWriteStream(file);
    out.write(HEADER);
    const filler = 'Deliver the regional plan with partners. '.repeat(95);
    for (let i = 0; i < 10_000; i++) {
      const ok = out.write(
        row({
          title: `Bulk ${i}`,
          description: filler,
          accountableRole: 'Programme lead',
          responsibilityIds: 'ICS-WP-1',
          dueDate: '2099-09-30',
        }),
      );
      if (!ok) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve) => {
      out.end(() => resolve());
    });

    const run = (...extra: string[]) =>
      promisify(execFile)(
        process.execPath,
        [
          '--max-old-space-size=64',
          '--expose-gc',
          '--import',
          'tsx',
          'local/cli/import.ts',
          file,
          '--kind',
          'commitments',
          '--unit',
          'ics-north-central-london',
          '--data-dir',
          dir,
          '--json',
          ...extra,
        ],
        { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 },
      );
    const dry = await run('--dry-run');
    const dryReport = JSON.parse(dry.stdout.trim().split('\n').pop() as string);
    expect(dryReport).toMatchObject({ status: 'valid', rows: 10_000, written: 0 });
    expect(dryReport.fileBytes).toBeGreaterThan(35 * 1024 * 1024);
    expect(dry.stderr).toContain('checking: 10000 rows, 0 errors');

    const real = await run();
    const report = JSON.parse(real.stdout.trim().split('\n').pop() as string);
    expect(report).toMatchObject({ status: 'imported', rows: 10_000, written: 10_000, skipped: 0 });
    // The heap stayed far below the file's size: rows are streamed, not loaded.
    expect(report.peakHeapBytes).toBeLessThan(report.fileBytes);
    expect(real.stderr).toContain('writing: 10000 rows written');

    const page = pageOf(CommitmentSchema).parse(
      await (await api.get('/commitments?unit=ics-north-central-london&limit=100', london)).json(),
    );
    expect(page.items).toHaveLength(100);
    const again = JSON.parse((await run()).stdout.trim().split('\n').pop() as string);
    expect(again).toMatchObject({ status: 'already-imported', written: 0 });
  }, 300_000);
});
