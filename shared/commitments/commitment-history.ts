import { canonical, GENESIS_HASH, hashRecord } from './action-chain';
import type { Action, Commitment } from './commitment.model';

/**
 * Every change to a commitment is an immutable version: the whole state after the change, who made
 * it, when and why, hash-chained to the version before. Versions are written in the same transaction
 * as the change, so the commitment item is only ever a cache of its newest version.
 */
export const CHANGE_KINDS = [
  'created',
  'imported',
  'updated',
  'linked',
  'action',
  'handover',
  'migrated',
  'org-change',
  'confidence',
  'acknowledged',
  'signed-off',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface CommitmentVersion {
  commitmentId: string;
  version: number;
  /** When the change was recorded (the commitment's `updatedAt`): what "as at" compares with. */
  at: string;
  by: string;
  change: ChangeKind;
  /** The fields whose values this version changed (bookkeeping such as `updatedAt` left out). */
  fields: string[];
  reason?: string;
  /** The action that made this version (action and hand-over versions). */
  actionId?: string;
  correlationId?: string;
  /** Migrated versions only: when the migration wrote this baseline. */
  recordedAt?: string;
  state: Commitment;
  prevHash: string;
  hash: string;
}

/** Fields every change touches; a version's `fields` lists what changed beyond them. */
const BOOKKEEPING = new Set(['version', 'updatedAt', 'updatedBy', 'correlationId', 'versionHash']);

/**
 * Fields a summary reads. Every version except a plain action's goes into the sparse history index
 * (an action's that changes one of these goes in too), so an as-at summary reads only changes that can
 * alter its figures, and the seal job finds every change in the history index or the actions.
 */
const SUMMARY_FIELDS = new Set([
  'ownerUnitId',
  'regionId',
  'tier',
  'title',
  'deliverable',
  'measure',
  'responsibilityIds',
  'tags',
  'dueDate',
  'status',
  'statusReason',
  'rag',
  'completedAt',
  'ownerConfidence',
  'assurerConfidence',
  'responseToRed',
  'acknowledgement',
  'signOff',
]);

export const stateOf = (c: Commitment): Commitment => {
  const { versionHash: _head, ...state } = c;
  return state;
};

export function changedFields(before: Commitment | undefined, after: Commitment): string[] {
  const a = before ? (stateOf(before) as unknown as Record<string, unknown>) : {};
  const b = stateOf(after) as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !BOOKKEEPING.has(k) && canonical(a[k]) !== canonical(b[k])).sort();
}

export const inHistoryIndex = (v: Pick<CommitmentVersion, 'change' | 'fields'>) =>
  (v.change !== 'action' && v.change !== 'handover') || v.fields.some((f) => SUMMARY_FIELDS.has(f));

export interface ChangeMeta {
  change: ChangeKind;
  reason?: string;
  actionId?: string;
  recordedAt?: string;
}

/**
 * The version record a change makes, and the commitment with its new head. `before` is the state the
 * change started from (undefined for a new commitment).
 */
export function recordVersion(
  before: Commitment | undefined,
  after: Commitment,
  meta: ChangeMeta,
): { version: CommitmentVersion; commitment: Commitment } {
  const state = stateOf(after);
  const unsigned: Omit<CommitmentVersion, 'hash'> = {
    commitmentId: after.id,
    version: after.version,
    at: after.updatedAt,
    by: after.updatedBy,
    change: meta.change,
    fields: meta.change === 'migrated' ? [] : changedFields(before, after),
    ...(meta.reason ? { reason: meta.reason } : {}),
    ...(meta.actionId ? { actionId: meta.actionId } : {}),
    ...(after.correlationId ? { correlationId: after.correlationId } : {}),
    ...(meta.recordedAt ? { recordedAt: meta.recordedAt } : {}),
    state,
    prevHash: before?.versionHash ?? GENESIS_HASH,
  };
  const hash = hashRecord(unsigned);
  return { version: { ...unsigned, hash }, commitment: { ...after, versionHash: hash } };
}

/**
 * The state as at an instant, from a commitment's versions: the newest recorded at or before it. A
 * commitment whose history starts with a migrated baseline (data from before versions existed) is
 * taken to have been in that state since it was created: nothing older was kept.
 */
export function stateAsAt(versions: readonly CommitmentVersion[], asAt: string): Commitment | undefined {
  let best: CommitmentVersion | undefined;
  let earliest: CommitmentVersion | undefined;
  for (const v of versions) {
    if (v.at <= asAt && (!best || v.version > best.version)) best = v;
    if (!earliest || v.version < earliest.version) earliest = v;
  }
  if (best) return best.state;
  if (earliest?.change === 'migrated' && earliest.state.createdAt <= asAt) return earliest.state;
  return undefined;
}

export interface HistoryVerdict {
  valid: boolean;
  versions: number;
  /** The first version in the record (greater than 1 only for data migrated from before versions). */
  firstVersion: number | null;
  headHash: string | null;
  problems: string[];
}

/**
 * Walks the versions oldest first: contiguous numbers from the first (1, or a migrated baseline),
 * each pointing at the previous one's hash and hashing to what it stores, each consistent with the
 * action chain (its action count and head), and the newest equal to the commitment item.
 */
export function verifyHistory(
  versions: readonly CommitmentVersion[],
  commitment: Commitment,
  actions: readonly Action[],
): HistoryVerdict {
  const problems: string[] = [];
  const first = versions[0];
  if (!first) {
    problems.push('the commitment has no version records');
  } else if (first.change !== 'migrated' && first.version !== 1) {
    problems.push(`version 1 is missing (the record starts at version ${first.version})`);
  }
  let prevHash = GENESIS_HASH;
  let expected = first?.version ?? 1;
  for (const v of versions) {
    if (v.version !== expected) {
      problems.push(
        v.version > expected
          ? `version ${expected}${v.version - 1 > expected ? `-${v.version - 1}` : ''} is missing`
          : `version ${v.version} appears out of order`,
      );
      expected = v.version;
    } else if (v.prevHash !== prevHash) {
      problems.push(`version ${v.version} does not point at the hash of version ${v.version - 1}`);
    }
    const { hash, ...rest } = v;
    if (hashRecord(rest) !== hash) problems.push(`version ${v.version}'s content does not match its hash`);
    if (v.state.version !== v.version || v.state.id !== commitment.id)
      problems.push(`version ${v.version} records the state of another version or commitment`);
    const head = v.state.actionCount === 0 ? GENESIS_HASH : actions[v.state.actionCount - 1]?.hash;
    if (head !== v.state.lastActionHash)
      problems.push(
        `version ${v.version} records ${v.state.actionCount} actions ending in ${short(v.state.lastActionHash)}, which the action chain does not have`,
      );
    prevHash = hash;
    expected++;
  }
  const newest = versions.at(-1);
  if (newest) {
    if (newest.version !== commitment.version)
      problems.push(
        `the commitment is at version ${commitment.version}, its newest version record is ${newest.version}`,
      );
    else if (canonical(newest.state) !== canonical(stateOf(commitment)))
      problems.push(`the commitment differs from its version ${newest.version} record`);
    if (commitment.versionHash !== newest.hash)
      problems.push("the commitment's version head is not the hash of its newest version");
  }
  return {
    valid: problems.length === 0,
    versions: versions.length,
    firstVersion: first?.version ?? null,
    headHash: newest?.hash ?? null,
    problems,
  };
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;
