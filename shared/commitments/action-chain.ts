import { createHash } from 'node:crypto';
import type { Action } from './commitment.model';

/** The `prevHash` of a commitment's first action. */
export const GENESIS_HASH = '0'.repeat(64);

/** Key order fixed here so a hash never depends on how an object happened to be built. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of a record's canonical JSON: actions, commitment versions, seals and summaries. */
export const hashRecord = (record: unknown): string =>
  createHash('sha256').update(canonical(record)).digest('hex');

/** SHA-256 over every field of the action except its own hash, including the previous hash. */
export const hashAction = (action: Omit<Action, 'hash'>): string => hashRecord(action);

export interface ChainVerdict {
  valid: boolean;
  actionCount: number;
  headHash: string;
  firstBrokenLink: null | { seq: number; actionId: string | null; reason: string };
}

/**
 * Walks a commitment's actions oldest first: each must be the next sequence number, point at the
 * previous action's hash and hash to what it stores; the newest must be the commitment's head.
 */
export function verifyChain(
  actions: readonly Action[],
  expected: { actionCount: number; lastActionHash: string },
): ChainVerdict {
  let prevHash = GENESIS_HASH;
  const broken = (seq: number, actionId: string | null, reason: string): ChainVerdict => ({
    valid: false,
    actionCount: actions.length,
    headHash: expected.lastActionHash,
    firstBrokenLink: { seq, actionId, reason },
  });
  for (const [index, action] of actions.entries()) {
    const seq = index + 1;
    if (action.seq !== seq) return broken(seq, action.id, `expected action ${seq}, found ${action.seq}`);
    if (action.prevHash !== prevHash)
      return broken(seq, action.id, 'prevHash does not match the previous action');
    const { hash, ...rest } = action;
    if (hashAction(rest) !== hash)
      return broken(seq, action.id, 'the action content does not match its hash');
    prevHash = hash;
  }
  if (actions.length !== expected.actionCount) {
    return broken(
      actions.length + 1,
      null,
      `the commitment records ${expected.actionCount} actions, found ${actions.length}`,
    );
  }
  if (prevHash !== expected.lastActionHash) {
    return broken(
      actions.length,
      actions.at(-1)?.id ?? null,
      "the newest action is not the commitment's head",
    );
  }
  return { valid: true, actionCount: actions.length, headHash: prevHash, firstBrokenLink: null };
}
