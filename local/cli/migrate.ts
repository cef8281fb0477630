import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectToRuntime, readRuntimeInfo } from '../runtime-info';

const HELP = `Usage: npm run migrate -- [--data-dir <folder>] | --table <name>

The one-off migration to version history: gives every commitment from before version records existed
its baseline version (its state then, recorded as "migrated", chained as the first version). Safe to
run again and while the API serves traffic; it reads the region index one partition at a time.

Locally, npm start runs it on every start; this command runs it against the running local runtime.
Against a deployed table: --table <name>, with AWS credentials and AWS_REGION in the environment
(an operator role that may query the table and write commitment items).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      table: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  let tableName = values.table;
  if (!tableName) {
    const info = readRuntimeInfo(resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data'));
    connectToRuntime(info);
    tableName = info.tableName;
  }
  const { migrateHistory } = await import('../../shared/commitments/history-migration');
  const report = await migrateHistory(tableName, {
    onProgress: (so, partition) =>
      process.stderr.write(
        `${partition.padEnd(36)} ${so.commitments} commitments read, ${so.migrated} migrated\n`,
      ),
  });
  console.log(
    `Done: ${report.migrated} of ${report.commitments} commitments given a baseline version (the rest had history).`,
  );
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
