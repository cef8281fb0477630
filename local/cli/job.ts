import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SCHEDULES } from '../../functions/schedules';
import { connectToRuntime, readRuntimeInfo } from '../runtime-info';

const HELP = `Usage: npm run job -- <job id> [--today YYYY-MM-DD] [--lag-seconds N] [--data-dir <folder>]

Runs a scheduled job now against the running local runtime (start it with npm start).
--today: the summary jobs make the summaries of the period before this date (finals only once that
period has ended by the clock). --lag-seconds: the Seal job leaves changes younger than this for
its next run (default 60; 0 seals everything so far).
Jobs: ${SCHEDULES.map((s) => `${s.id} (${s.expression} ${s.timezone}: ${s.description})`).join('; ')}`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      today: { type: 'string' },
      'lag-seconds': { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const schedule = SCHEDULES.find((s) => s.id === positionals[0]);
  if (values.help || !schedule) {
    console.log(HELP);
    process.exit(values.help ? 0 : 2);
  }
  if (values.today && !/^\d{4}-\d{2}-\d{2}$/.test(values.today))
    throw new Error('--today must be YYYY-MM-DD');
  const info = readRuntimeInfo(resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data'));
  connectToRuntime(info);
  console.log(`Running ${schedule.id} against ${info.tableName}...`);
  const module = (await import(join(import.meta.dirname, '..', '..', schedule.handler))) as {
    handler: (input?: unknown) => Promise<unknown>;
  };
  const result = await module.handler({
    ...schedule.input,
    ...(values.today ? { today: values.today } : {}),
    ...(values['lag-seconds'] !== undefined ? { lagSeconds: Number(values['lag-seconds']) } : {}),
  });
  console.log(JSON.stringify(result, null, 2));
  console.log('Events from it are published by the running runtime (see its log and the bus archive).');
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
