import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export interface StreamPollerOptions {
  dynamoEndpoint: string;
  tableName: string;
  handler: StreamHandler;
  /** Where the last processed sequence number per shard is kept; omit to keep it in memory. */
  checkpointFile?: string;
  /** Where records that failed every retry go (the event source mapping's on-failure destination). */
  dlqFile: string;
  /** Retries of a failing record before it is dead-lettered (the mapping's retryAttempts). */
  maxRetries?: number;
  batchSize?: number;
  idleDelayMs?: number;
  log?: (line: string) => void;
}

export interface StreamPoller {
  stop(): Promise<void>;
  /** Resolves once every record written so far has been handled. */
  drained(): Promise<void>;
}

interface Checkpoint {
  streamArn: string;
  shards: Record<string, string>;
}

/**
 * The local stand-in for Lambda's DynamoDB event source mapping: reads DynamoDB Local's stream in
 * order, hands batches to the same stream handler the cloud runs, honours its batch item failures by
 * retrying from the failed record, dead-letters a record after `maxRetries`, and checkpoints only
 * what succeeded, so a killed runtime resumes where it stopped and loses nothing.
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const clientConfig = { endpoint: options.dynamoEndpoint, region: process.env.AWS_REGION ?? 'eu-west-2' };
  const dynamodb = new DynamoDBClient(clientConfig);
  const streams = new DynamoDBStreamsClient(clientConfig);
  const maxRetries = options.maxRetries ?? 5;
  const log = options.log ?? (() => undefined);
  const table = await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);

  let checkpoint: Checkpoint = { streamArn, shards: {} };
  if (options.checkpointFile && existsSync(options.checkpointFile)) {
    const saved = JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Checkpoint;
    if (saved.streamArn === streamArn) checkpoint = saved;
  }
  const save = () => {
    if (!options.checkpointFile) return;
    mkdirSync(dirname(options.checkpointFile), { recursive: true });
    const tmp = `${options.checkpointFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(checkpoint));
    renameSync(tmp, options.checkpointFile);
  };

  const iterators = new Map<string, string | undefined>();
  const closed = new Set<string>();
  const failures = new Map<string, number>();
  let stopped = false;
  let waiters: Array<{ idlePolls: number; resolve: () => void }> = [];

  async function iteratorFor(shard: Shard): Promise<string | undefined> {
    const id = shard.ShardId as string;
    if (iterators.has(id)) return iterators.get(id);
    const after = checkpoint.shards[id];
    const out = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: id,
        ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
        ...(after ? { SequenceNumber: after } : {}),
      }),
    );
    iterators.set(id, out.ShardIterator);
    return out.ShardIterator;
  }

  /** Handles records in order; returns how many are done (handled, or dead-lettered). */
  async function handle(records: _Record[]): Promise<number> {
    const event = {
      Records: records.map((r) => ({ ...r, eventSourceARN: streamArn })),
    } as unknown as DynamoDBStreamEvent;
    let response: DynamoDBBatchResponse;
    try {
      response = await options.handler(event);
    } catch (error) {
      log(`[stream] handler failed: ${(error as Error).message}`);
      response = { batchItemFailures: [{ itemIdentifier: records[0]?.dynamodb?.SequenceNumber ?? '' }] };
    }
    const failedSeq = response.batchItemFailures[0]?.itemIdentifier;
    if (!failedSeq) return records.length;
    const index = Math.max(
      0,
      records.findIndex((r) => r.dynamodb?.SequenceNumber === failedSeq),
    );
    const attempts = (failures.get(failedSeq) ?? 0) + 1;
    failures.set(failedSeq, attempts);
    if (attempts <= maxRetries) return index;
    appendFileSync(options.dlqFile, `${JSON.stringify(records[index])}\n`);
    log(`[stream] record ${failedSeq} failed ${attempts} times; written to ${options.dlqFile}`);
    failures.delete(failedSeq);
    return index + 1;
  }

  async function pollOnce(): Promise<boolean> {
    const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const shards = description.StreamDescription?.Shards ?? [];
    let sawRecords = false;
    for (const shard of shards) {
      const id = shard.ShardId as string;
      // Children only after their parent is finished, so order per item is kept.
      if (
        closed.has(id) ||
        (shard.ParentShardId &&
          shards.some((s) => s.ShardId === shard.ParentShardId) &&
          !closed.has(shard.ParentShardId))
      )
        continue;
      const iterator = await iteratorFor(shard);
      if (!iterator) {
        closed.add(id);
        continue;
      }
      const out = await streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: options.batchSize ?? 100 }),
      );
      const records = out.Records ?? [];
      if (records.length) {
        sawRecords = true;
        const done = await handle(records);
        const last = records[done - 1]?.dynamodb?.SequenceNumber;
        if (last) {
          checkpoint.shards[id] = last;
          save();
        }
        if (done < records.length) {
          // Re-read from the first record not done (the failed one) on the next poll.
          iterators.delete(id);
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
      }
      iterators.set(id, out.NextShardIterator);
      if (!out.NextShardIterator) closed.add(id);
    }
    return sawRecords;
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        const busy = await pollOnce();
        if (!busy) {
          // Two idle polls after a caller asked: the first may have started before its last write.
          for (const w of waiters) w.idlePolls++;
          for (const w of waiters.filter((w) => w.idlePolls >= 2)) w.resolve();
          waiters = waiters.filter((w) => w.idlePolls < 2);
          await new Promise((r) => setTimeout(r, options.idleDelayMs ?? 100));
        }
      } catch (error) {
        if (stopped) break;
        log(`[stream] poll failed: ${(error as Error).message}`);
        iterators.clear();
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      await loop;
      dynamodb.destroy();
      streams.destroy();
    },
    drained: () => new Promise<void>((resolve) => waiters.push({ idlePolls: 0, resolve })),
  };
}
