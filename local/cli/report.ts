import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectToRuntime, readRuntimeInfo } from '../runtime-info';

const HELP = `Usage: npm run report -- --scope <national|region-...> --period <2026-W48|2026-11|2026-Q3|from..to>
                         [--kind report|digest] [--format html|csv|json|md] [--data-dir <folder>]

Generates a governance report (or, with --kind digest, a digest) against the running local runtime
(start it with npm start), once per kind, scope and period, and prints where each format was written.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scope: { type: 'string' },
      period: { type: 'string' },
      kind: { type: 'string', default: 'report' },
      format: { type: 'string', default: 'html' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.scope || !values.period || !['report', 'digest'].includes(values.kind ?? '')) {
    console.log(HELP);
    process.exit(values.help ? 0 : 2);
  }
  const info = readRuntimeInfo(resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data'));
  connectToRuntime(info);
  const { generateSummary } = await import('../../shared/summaries/summaries.service');
  const { FORMATS } = await import('../../shared/summaries/render');
  if (!(FORMATS as readonly string[]).includes(values.format ?? ''))
    throw new Error(`--format must be one of ${FORMATS.join(', ')}`);
  const started = Date.now();
  const result = await generateSummary(info.tableName, {
    kind: values.kind as 'report' | 'digest',
    scope: values.scope,
    period: values.period,
    correlationId: `cli-${process.pid}`,
    onProgress: (step, done, total) => {
      const width = 24;
      const filled = Math.round((done / total) * width);
      process.stderr.write(
        `\r${step.padEnd(10)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`,
      );
    },
  });
  process.stderr.write('\n');
  console.log(
    `${result.created ? 'Generated' : 'Already generated'} ${result.record.status ?? 'legacy'} ${result.record.id} (${result.itemsRead} items read, ${Date.now() - started} ms)`,
  );
  console.log(`  ${info.reportsDir}/summaries/${result.record.id}.${values.format}`);
  console.log(`  ${info.url}/reports/${result.record.id}?format=${values.format}`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
