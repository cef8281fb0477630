import { randomBytes } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { OPERATING_MODELS, ORG_UNITS, regionOf, responsibilitiesOf } from '../shared/catalogue/catalogue';
import { GENESIS_HASH, hashAction } from '../shared/commitments/action-chain';
import {
  actionId,
  actionToItem,
  commitmentToItem,
  linkToItem,
  versionToItem,
} from '../shared/commitments/commitment.keys';
import type { Action, Commitment, Status } from '../shared/commitments/commitment.model';
import { recordVersion } from '../shared/commitments/commitment-history';
import { documentClient } from '../shared/db/client';

/**
 * Demo data at scale, written straight to the table with the same key modules (and the same hash
 * chain) the API uses; the API would take hours for half a million actions on one machine.
 */
export interface DemoOptions {
  tableName: string;
  commitments: number;
  actions: number;
  /** Commitments due before this date and still open are overdue (default: a spread over 2025-2027). */
  dueDates?: (i: number) => string;
  statuses?: (i: number) => Status;
  /** Spread of loggedAt for actions (inclusive dates). */
  actionsFrom?: string;
  actionsTo?: string;
  seed?: number;
  onProgress?: (written: number, total: number) => void;
  concurrency?: number;
}

const RESPONSIBILITIES = responsibilitiesOf(OPERATING_MODELS[0] as (typeof OPERATING_MODELS)[number]);
const UNITS = ORG_UNITS;
const STATUS_MIX: Status[] = [
  'on_track',
  'on_track',
  'on_track',
  'at_risk',
  'off_track',
  'not_started',
  'completed',
  'cancelled',
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    return s / 2 ** 32;
  };
}

const day = (from: string, offset: number) =>
  new Date(Date.parse(from) + offset * 86_400_000).toISOString().slice(0, 10);

/** Writes items 25 at a time, `concurrency` batches in flight, retrying unprocessed items. */
async function writeAll(
  tableName: string,
  items: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  total: number,
  options: DemoOptions,
) {
  let written = 0;
  const inFlight = new Set<Promise<void>>();
  let batch: Record<string, unknown>[] = [];
  const send = async (items: Record<string, unknown>[]) => {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length; attempt++) {
      const out = await documentClient.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length) await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(attempt, 6)));
    }
    written += items.length;
    options.onProgress?.(written, total);
  };
  for await (const item of items) {
    batch.push(item);
    if (batch.length === 25) {
      const p = send(batch).finally(() => inFlight.delete(p));
      inFlight.add(p);
      batch = [];
      if (inFlight.size >= (options.concurrency ?? 16)) await Promise.race(inFlight);
    }
  }
  if (batch.length) await send(batch);
  await Promise.all(inFlight);
}

/** Generates and writes commitments (with their responsibility links) and actions; returns counts. */
export async function generateDemoData(
  options: DemoOptions,
): Promise<{ commitments: number; actions: number; items: number }> {
  const random = rng(options.seed ?? 7);
  const commitments: Commitment[] = [];
  const now = '2026-11-23T09:00:00.000Z';
  for (let i = 0; i < options.commitments; i++) {
    const unit = UNITS[i % UNITS.length] as (typeof UNITS)[number];
    const candidates = RESPONSIBILITIES.filter((r) => r.tier === unit.kind);
    const responsibility = candidates[
      Math.floor(random() * candidates.length)
    ] as (typeof RESPONSIBILITIES)[number];
    const status = options.statuses?.(i) ?? (STATUS_MIX[Math.floor(random() * STATUS_MIX.length)] as Status);
    commitments.push({
      id: `cmt-demo-${String(i).padStart(7, '0')}`,
      ownerUnitId: unit.id,
      tier: unit.kind,
      regionId: regionOf(unit.id) ?? 'national',
      accountableRole: 'Programme lead',
      accountableUserId: `demo-lead-${unit.id}`,
      title: `Demo commitment ${i} on ${responsibility.id}`,
      description: '',
      catalogueVersion: 'v1',
      responsibilityIds: [responsibility.id],
      tags: random() < 0.5 ? ['P-INTEGRATION'] : ['P-SUBSIDIARITY', 'PFO-2'],
      dueDate: options.dueDates?.(i) ?? day('2025-01-01', Math.floor(random() * 1095)),
      status,
      rag: (['green', 'amber', 'red'] as const)[Math.floor(random() * 3)] as 'green',
      progress: 0,
      version: 1,
      actionCount: 0,
      lastActionHash: GENESIS_HASH,
      ...(status === 'completed'
        ? { completedAt: `${day('2026-01-01', Math.floor(random() * 320))}T12:00:00.000Z` }
        : {}),
      // Recorded from the start of 2025 (the demo's history begins there), last changed now.
      createdAt: '2025-01-01T09:00:00.000Z',
      createdBy: 'demo',
      updatedAt: now,
      updatedBy: 'demo',
    });
  }
  // Actions: spread over the commitments, chained per commitment in order.
  const from = options.actionsFrom ?? '2026-01-01';
  const span = Math.max(1, (Date.parse(options.actionsTo ?? '2026-11-22') - Date.parse(from)) / 86_400_000);
  const perCommitment = new Map<number, number>();
  for (let a = 0; a < options.actions; a++) {
    const c = Math.floor(random() * commitments.length);
    perCommitment.set(c, (perCommitment.get(c) ?? 0) + 1);
  }
  function* actionItems(): Generator<Record<string, unknown>> {
    for (const [index, count] of perCommitment) {
      const c = commitments[index] as Commitment;
      const start = Math.floor(random() * span);
      for (let seq = 1; seq <= count; seq++) {
        const loggedAt = `${day(from, Math.min(span, start + seq))}T10:${String(seq % 60).padStart(2, '0')}:00.000Z`;
        const unsigned: Omit<Action, 'hash'> = {
          id: actionId(seq, randomBytes(5).toString('hex')),
          commitmentId: c.id,
          seq,
          unitId: c.ownerUnitId,
          tier: c.tier,
          regionId: c.regionId,
          responsibilityIds: c.responsibilityIds,
          summary: `Demo action ${seq}`,
          occurredAt: loggedAt.slice(0, 10),
          loggedAt,
          loggedBy: 'demo',
          evidence: [],
          prevHash: c.lastActionHash,
        };
        const hash = hashAction(unsigned);
        c.lastActionHash = hash;
        c.actionCount = seq;
        c.lastActionAt = loggedAt;
        yield actionToItem({ ...unsigned, hash });
      }
    }
  }
  function* commitmentItems(): Generator<Record<string, unknown>> {
    for (const c of commitments) {
      // Demo data is written straight to the table, like data from before version history: each
      // commitment gets the baseline version the migration would give it.
      const baseline = recordVersion(undefined, c, { change: 'migrated', recordedAt: c.updatedAt });
      yield commitmentToItem(baseline.commitment);
      yield versionToItem(baseline.version);
      for (const responsibilityId of c.responsibilityIds) {
        yield linkToItem({
          commitmentId: c.id,
          ownerUnitId: c.ownerUnitId,
          regionId: c.regionId,
          responsibilityId,
          catalogueVersion: 'v1',
        });
      }
    }
  }
  const total = options.actions + options.commitments * 3;
  let done = 0;
  const progress = (written: number) => options.onProgress?.(done + written, total);
  // Actions first: writing them advances each commitment's head, which is then written.
  await writeAll(options.tableName, actionItems(), total, { ...options, onProgress: progress });
  done = options.actions;
  await writeAll(options.tableName, commitmentItems(), total, { ...options, onProgress: progress });
  return { commitments: options.commitments, actions: options.actions, items: total };
}
