import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * What each function invocation of the local runtime costs, as the cloud would bill it: its duration,
 * and the DynamoDB calls it made (their time, and, when counting capacity, the read and write units
 * the engine reports). The HTTP server returns each request's figures in a `Server-Timing` header;
 * the bench reads the totals (GET /local/usage, served only with TRACKER_USAGE=1) to price actions
 * and reports. Nothing here runs in the cloud, where Lambda and DynamoDB report these themselves.
 */
export interface InvocationUsage {
  dbMs: number;
  dbCalls: number;
  commands: string[];
}

export interface FunctionUsage {
  invocations: number;
  /** Sum of durations rounded up to the millisecond, as Lambda bills them. */
  billedMs: number;
  dbCalls: number;
  readUnits: number;
  writeUnits: number;
}

/**
 * With TRACKER_USAGE=1 (the bench), the local HTTP server answers GET here with the totals since the
 * last DELETE, once the stream and the bus are idle. Not part of the API, and not served otherwise.
 */
export const USAGE_PATH = '/local/usage';

const current = new AsyncLocalStorage<InvocationUsage & { fn: string }>();
const totals = new Map<string, FunctionUsage>();
let eventsPublished = 0;
const metered = new WeakSet<object>();

const total = (fn: string): FunctionUsage => {
  let t = totals.get(fn);
  if (!t) {
    t = { invocations: 0, billedMs: 0, dbCalls: 0, readUnits: 0, writeUnits: 0 };
    totals.set(fn, t);
  }
  return t;
};

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}
const READS = /^(Get|BatchGet|Query|Scan|TransactGet)/;

/**
 * Times every call of this client (retries included) within the invocation that made it. With
 * TRACKER_USAGE=1, also asks DynamoDB for the units each call consumed (ReturnConsumedCapacity
 * INDEXES: the table and every index written) and adds them to the function's totals.
 */
export function meterDynamoDb(client: DynamoDBClient): void {
  if (metered.has(client)) return;
  metered.add(client);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const invocation = current.getStore();
      if (!invocation) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string };
      const command = context.commandName ?? 'Command';
      if (
        process.env.TRACKER_USAGE === '1' &&
        input.ReturnConsumedCapacity === undefined &&
        command !== 'DescribeTable'
      )
        input.ReturnConsumedCapacity = 'INDEXES';
      const started = performance.now();
      try {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
        const units = [consumed ?? []]
          .flat()
          .reduce(
            (sum, c) => sum + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)),
            0,
          );
        const t = total(invocation.fn);
        if (READS.test(command)) t.readUnits += units;
        else t.writeUnits += units;
        return result;
      } finally {
        invocation.dbMs += performance.now() - started;
        invocation.dbCalls++;
        invocation.commands.push(command.replace(/Command$/, ''));
      }
    },
    { step: 'initialize', name: 'localUsageMeter' },
  );
}

/** Runs one invocation of `fn` (a route, rule target, job or the stream publisher) and records it. */
export async function meter<T>(
  fn: string,
  run: () => Promise<T>,
): Promise<{ result: T; usage: InvocationUsage & { totalMs: number } }> {
  const invocation: InvocationUsage & { fn: string } = { fn, dbMs: 0, dbCalls: 0, commands: [] };
  const started = performance.now();
  const settle = () => {
    const totalMs = performance.now() - started;
    const t = total(fn);
    t.invocations++;
    t.billedMs += Math.ceil(totalMs);
    t.dbCalls += invocation.dbCalls;
    return { ...invocation, totalMs };
  };
  try {
    const result = await current.run(invocation, run);
    return { result, usage: settle() };
  } catch (error) {
    settle();
    throw error;
  }
}

/** The local bus counts what reached it: EventBridge bills each entry put (up to 64 KB). */
export function countEvents(n: number): void {
  eventsPublished += n;
}

export function usageTotals(): { functions: Record<string, FunctionUsage>; eventsPublished: number } {
  return { functions: Object.fromEntries(totals), eventsPublished };
}

export function resetUsage(): void {
  totals.clear();
  eventsPublished = 0;
}

/** `Server-Timing` for one response: the DynamoDB time and calls, and the handler's whole time. */
export function serverTiming(usage: InvocationUsage & { totalMs: number }): string {
  return `db;dur=${usage.dbMs.toFixed(1)};desc="${usage.dbCalls} DynamoDB calls: ${usage.commands.join(' ')}", handler;dur=${usage.totalMs.toFixed(1)}`;
}
