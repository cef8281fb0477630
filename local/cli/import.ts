import { createReadStream, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ORG_UNITS_BY_ID } from '../../shared/catalogue/catalogue';
import { IMPORT_KINDS, type ImportKind } from '../../shared/imports/columns';
import { connectToRuntime, readRuntimeInfo } from '../runtime-info';

const HELP = `Usage: npm run import -- <file.csv> --kind <${IMPORT_KINDS.join('|')}> --unit <org unit id>
                         [--user <user id>] [--dry-run] [--json] [--data-dir <folder>]

Imports a CSV file of commitments or actions into the running local runtime (start it with npm start)
as an editor of --unit (and --user, default "import-cli"), by the same rules as POST /imports:
the file is streamed from disk (never held whole), every row is checked first, and rows are written
only if none fails. --dry-run checks without writing. Importing the same file again writes nothing.
--json adds the report (without its errors) as one JSON line at the end, for scripts.
Columns: GET /imports/template?kind=... or docs/csv.md.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      kind: { type: 'string', default: 'commitments' },
      unit: { type: 'string' },
      user: { type: 'string', default: 'import-cli' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const file = positionals[0];
  if (values.help || !file || !values.unit) {
    console.log(HELP);
    process.exit(values.help ? 0 : 2);
  }
  if (!IMPORT_KINDS.includes(values.kind as ImportKind))
    throw new Error(`--kind must be ${IMPORT_KINDS.join(' or ')}`);
  if (!ORG_UNITS_BY_ID.has(values.unit)) throw new Error(`--unit ${values.unit} is not an org unit id`);
  if (!existsSync(file)) throw new Error(`No file ${file}`);
  const info = readRuntimeInfo(resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data'));
  connectToRuntime(info);
  const { CommitmentsService } = await import('../../shared/commitments/commitments.service');
  const { runImport } = await import('../../shared/imports/importer');

  const size = statSync(file).size;
  const started = Date.now();
  // With --expose-gc (the tests and the benchmark use it) this is the live heap, not uncollected garbage.
  const liveHeap = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed;
  };
  let peakHeap = liveHeap();
  const report = await runImport(
    new CommitmentsService(info.tableName),
    info.tableName,
    {
      userId: values.user ?? 'import-cli',
      role: 'editor',
      unitId: values.unit,
      correlationId: `import-cli-${process.pid}`,
    },
    () => createReadStream(file, { highWaterMark: 64 * 1024 }),
    {
      kind: values.kind as ImportKind,
      dryRun: values['dry-run'] ?? false,
      onProgress: (p) => {
        peakHeap = Math.max(peakHeap, liveHeap());
        const line =
          p.phase === 'validating'
            ? `checking: ${p.rows} rows, ${p.errors} errors`
            : `writing: ${p.written} rows written`;
        process.stderr.write(`\r${line.padEnd(50)}`);
      },
    },
  );
  process.stderr.write('\n');
  peakHeap = Math.max(peakHeap, liveHeap());
  for (const error of report.errors.slice(0, 50)) {
    console.log(`  row ${error.row}${error.column ? `, ${error.column}` : ''}: ${error.message}`);
  }
  if (report.errors.length > 50) console.log(`  ... and ${report.errors.length - 50} more`);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(
    `${report.status}: ${report.rows} rows, ${report.errorCount} errors, ${report.written} written, ${report.skipped} already there ` +
      `(import ${report.importId}, ${mb(size)} MB file, ${Date.now() - started} ms, peak heap ${mb(peakHeap)} MB)`,
  );
  if (values.json) {
    console.log(JSON.stringify({ ...report, errors: undefined, peakHeapBytes: peakHeap, fileBytes: size }));
  }
  process.exit(report.status === 'invalid' ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
