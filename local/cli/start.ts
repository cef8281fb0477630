import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SCHEDULES } from '../../functions/schedules';
import { londonDate, quarterLabel } from '../../shared/summaries/period';
import { mintDevToken } from '../dev-auth';
import { JavaMissingError } from '../dynamodb-local';
import { startLocalRuntime } from '../runtime';
import { liveRuntimeInfo, removeRuntimeInfo, runtimeInfoOf, writeRuntimeInfo } from '../runtime-info';
import { PRINTED_AT_START, samplePerson } from '../sample-people';

const HELP = `Usage: npm start [-- --in-memory] [-- --data-dir <folder>] [-- --verbose]

Runs the whole tracker locally: DynamoDB Local, the table and reference data, the event bus, the
schedules and the HTTP API.
  --in-memory        nothing persists: the database in memory, events, reports and e-mail in a
                     temporary folder removed on exit (the data folder keeps only the dev keys)
  --data-dir <path>  where data persists (default: .data, or DATA_DIR)
  --verbose          also log every event delivery and each job's whole result
  PORT=<n>           HTTP port (default 3000)
Ctrl-C stops everything.`;

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

const every = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'in-memory': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      verbose: { type: 'boolean', default: false },
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

  // A runtime.json whose process is alive and whose API answers: another start owns this folder. (A
  // killed runtime leaves the file; its pid may even have been reused, but nothing answers its URL.)
  const running = liveRuntimeInfo(dataDir);
  if (running && (await answers(running.url))) {
    console.error(
      `Cannot start: a runtime is already running on ${dataDir} (pid ${running.pid}, ${running.url}).\n` +
        'Stop it (Ctrl-C in its terminal) or use another folder: npm start -- --data-dir <folder>',
    );
    process.exit(1);
  }
  console.log('Starting DynamoDB Local and the API...');
  const runtime = await startLocalRuntime({
    port,
    dataDir,
    inMemory,
    schedules: true,
    verbose: values.verbose ?? false,
    log: (line) => console.log(line),
  });
  writeRuntimeInfo(runtime.dataDir, runtimeInfoOf(runtime));
  const people = PRINTED_AT_START.map((sub) => samplePerson(sub)).filter((p) => p !== undefined);
  const tokens = await Promise.all(people.map((p) => mintDevToken(runtime.tokenSigner, p)));
  const lines = [
    '',
    'Accountability tracker: local runtime ready',
    '',
    `  Open the workspace and sign in as a sample person: ${runtime.url}/app/`,
    '',
    `  API          ${runtime.url}`,
    `  Sign-in      ${runtime.issuer} (OpenID Connect: the code flow with PKCE; npm run client adds machine clients)`,
    `  Data folder  ${runtime.dataDir}${inMemory ? ' (keys only: the database, events, reports and e-mail are in memory or a temporary folder, gone on exit)' : ''}`,
    `  DynamoDB     ${runtime.dynamoEndpoint} (table ${runtime.tableName}, ${runtime.tableState}; ${runtime.seeded} reference items written)`,
    `  Event bus    ${runtime.bus.endpoint} (archive ${runtime.eventsDir}/archive.jsonl)`,
    `  Schedules    ${SCHEDULES.map((s) => `${s.id} every ${every(s.localEveryMinutes)}`).join(', ')};`,
    '               each first runs 2 s after start. Scheduled summaries are finals of the period just',
    '               ended, only for scopes with commitments recorded by its end (none on an empty database).',
    '',
    'Dev tokens (valid 12 hours; `npm run token -- --list` shows every sample person, `--person <id>` mints one):',
    ...people.map(
      (p, i) => `  ${p.label.padEnd(16)} ${p.name} (${p.sub}), ${p.role} @ ${p.unit}\n    ${tokens[i]}`,
    ),
    '',
    'Try:',
    `  curl -s -H "Authorization: Bearer ${tokens[0]}" "${runtime.url}/responsibilities?tier=region&limit=5"`,
    '',
    'Run the overdue sweep now: npm run job -- OverdueSweep. Replay archived events: npm run replay -- --help',
    `Generate a report (a draft, as the quarter is running): npm run report -- --scope national --period ${quarterLabel(londonDate(new Date()))} --format html`,
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
