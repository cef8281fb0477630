import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mintDevToken } from '../dev-auth';
import { JavaMissingError } from '../dynamodb-local';
import { startLocalRuntime } from '../runtime';
import { removeRuntimeInfo, runtimeInfoOf, writeRuntimeInfo } from '../runtime-info';
import { SAMPLE_USERS } from './sample-users';

const HELP = `Usage: npm start [-- --in-memory] [-- --data-dir <folder>]

Runs the whole tracker locally: DynamoDB Local, the table and reference data, and the HTTP API.
  --in-memory        keep the database in memory (gone on exit)
  --data-dir <path>  where data persists (default: .data, or DATA_DIR)
  PORT=<n>           HTTP port (default 3000)
Ctrl-C stops everything.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'in-memory': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
  const inMemory = values['in-memory'] ?? false;

  console.log('Starting DynamoDB Local and the API...');
  const runtime = await startLocalRuntime({
    port,
    dataDir,
    inMemory,
    schedules: true,
    log: (line) => console.log(line),
  });
  writeRuntimeInfo(runtime.dataDir, runtimeInfoOf(runtime));
  const tokens = await Promise.all(SAMPLE_USERS.map((u) => mintDevToken(runtime.jwtKey, u)));
  const lines = [
    '',
    'Accountability tracker: local runtime ready',
    `  API          ${runtime.url}`,
    `  Data folder  ${runtime.dataDir}${inMemory ? ' (database in memory: nothing is kept on exit)' : ''}`,
    `  DynamoDB     ${runtime.dynamoEndpoint} (table ${runtime.tableName}, ${runtime.tableState}; ${runtime.seeded} reference items written)`,
    `  Event bus    ${runtime.bus.endpoint} (archive ${runtime.eventsDir}/archive.jsonl)`,
    '',
    'Dev tokens (valid 12 hours; mint more with `npm run token -- --role editor --unit ics-greater-manchester`):',
    ...SAMPLE_USERS.map((u, i) => `  ${u.label.padEnd(16)} ${u.role} @ ${u.unit}\n    ${tokens[i]}`),
    '',
    'Try:',
    `  curl -s -H "Authorization: Bearer ${tokens[0]}" "${runtime.url}/responsibilities?tier=region&limit=5"`,
    '',
    `Board page (reports): ${runtime.url}/board#token=${tokens[2]}`,
    'Run the overdue sweep now: npm run job -- OverdueSweep. Replay archived events: npm run replay -- --help',
    'Generate a report: npm run report -- --scope national --period 2026-Q3 --format html',
    'Ctrl-C stops everything.',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the API and DynamoDB Local...`);
    removeRuntimeInfo(runtime.dataDir);
    await runtime.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof JavaMissingError) {
    console.error(`\nCannot start: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(
      `\nCannot start: port ${process.env.PORT ?? 3000} is in use. Set another with PORT=3001 npm start`,
    );
  } else {
    console.error('\nCannot start:', error);
  }
  process.exit(1);
});
