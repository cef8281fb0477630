import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectToRuntime, readRuntimeInfo } from '../runtime-info';

const HELP = `Usage: npm run demo -- --commitments <N> [--actions <M>] [--data-dir <folder>]

Writes N demo commitments (spread over the 50 org units, their tiers' responsibilities, 2025-2027 due
dates and every status) and M actions in all (default 10 times N; hash-chained, logged during 2026)
into the running local runtime's table (start it with npm start). Their events flow as usual.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      commitments: { type: 'string' },
      actions: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const commitments = Number(values.commitments);
  if (values.help || !Number.isInteger(commitments) || commitments < 1) {
    console.log(HELP);
    process.exit(values.help ? 0 : 2);
  }
  const actions = values.actions === undefined ? commitments * 10 : Number(values.actions);
  const info = readRuntimeInfo(resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data'));
  connectToRuntime(info);
  const { generateDemoData } = await import('../demo-data');
  const started = Date.now();
  const result = await generateDemoData({
    tableName: info.tableName,
    commitments,
    actions,
    seed: Date.now() % 1_000_000,
    onProgress: (done, total) => {
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\rwriting [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
    },
  });
  process.stderr.write('\n');
  console.log(
    `Wrote ${result.commitments} commitments and ${result.actions} actions (${result.items} items) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
