import { describe, expect, it } from 'vitest';
import { canRead, defaultScope } from '../../shared/auth/access';
import type { Identity } from '../../shared/auth/identity';
import { GENESIS_HASH, hashAction, verifyChain } from '../../shared/commitments/action-chain';
import { type Action, isOverdue, STATUSES } from '../../shared/commitments/commitment.model';
import { checkTransition } from '../../shared/commitments/status-machine';
import { ConflictError, ValidationError } from '../../shared/http/problem';

describe('status rules', () => {
  it('lets open statuses move freely but never back to not_started', () => {
    expect(() => checkTransition('not_started', 'at_risk', undefined, 'body.reason')).not.toThrow();
    expect(() => checkTransition('at_risk', 'completed', undefined, 'body.reason')).not.toThrow();
    expect(() => checkTransition('on_track', 'not_started', undefined, 'body.reason')).toThrow(ConflictError);
  });

  it('reopens a closed commitment only to an open status, and only with a reason', () => {
    for (const from of ['completed', 'cancelled'] as const) {
      expect(() => checkTransition(from, 'on_track', undefined, 'body.reason')).toThrow(ValidationError);
      expect(() => checkTransition(from, 'on_track', 'More to do', 'body.reason')).not.toThrow();
      expect(() =>
        checkTransition(from, from === 'completed' ? 'cancelled' : 'completed', 'x', 'body.reason'),
      ).toThrow(ConflictError);
    }
  });

  it('treats staying in a status as no transition', () => {
    for (const s of STATUSES) expect(() => checkTransition(s, s, undefined, 'body.reason')).not.toThrow();
  });

  it('derives overdue from an open status and a past due date', () => {
    expect(isOverdue({ status: 'on_track', dueDate: '2026-11-22' }, '2026-11-23')).toBe(true);
    expect(isOverdue({ status: 'on_track', dueDate: '2026-11-23' }, '2026-11-23')).toBe(false);
    expect(isOverdue({ status: 'completed', dueDate: '2020-01-01' }, '2026-11-23')).toBe(false);
  });
});

describe('action hash chain', () => {
  function chain(n: number): Action[] {
    const actions: Action[] = [];
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const unsigned = {
        id: `act-${seq}-abc`,
        commitmentId: 'cmt-1',
        seq,
        unitId: 'region-london',
        tier: 'region' as const,
        regionId: 'region-london',
        responsibilityIds: ['REG-WP-1'],
        summary: `Step ${seq}`,
        occurredAt: '2026-11-01',
        loggedAt: '2026-11-01T10:00:00.000Z',
        loggedBy: 'u1',
        evidence: [],
        prevHash,
      };
      const action = { ...unsigned, hash: hashAction(unsigned) };
      actions.push(action);
      prevHash = action.hash;
    }
    return actions;
  }

  it('accepts an intact chain whose head is the commitment’s', () => {
    const actions = chain(3);
    expect(verifyChain(actions, { actionCount: 3, lastActionHash: actions[2]?.hash ?? '' })).toMatchObject({
      valid: true,
      firstBrokenLink: null,
    });
  });

  it('names the first altered, missing or re-linked action', () => {
    const actions = chain(4);
    const head = { actionCount: 4, lastActionHash: actions[3]?.hash ?? '' };
    const altered = actions.map((a) => (a.seq === 2 ? { ...a, summary: 'changed' } : a));
    expect(verifyChain(altered, head).firstBrokenLink).toMatchObject({ seq: 2 });
    const gap = actions.filter((a) => a.seq !== 3);
    expect(verifyChain(gap, head).firstBrokenLink).toMatchObject({ seq: 3 });
    const truncated = actions.slice(0, 3);
    expect(verifyChain(truncated, head).valid).toBe(false);
  });

  it('does not depend on the order of an action’s fields', () => {
    const [a] = chain(1) as [Action];
    const { hash, ...rest } = a;
    const reordered = Object.fromEntries(Object.entries(rest).reverse()) as Omit<Action, 'hash'>;
    expect(hashAction(reordered)).toBe(hash);
  });
});

describe('read access', () => {
  const who = (role: Identity['role'], unitId: string): Identity => ({ userId: 'u', role, unitId });

  it('lets a region read its ICSs but not another region’s, and an ICS only itself', () => {
    expect(canRead(who('editor', 'region-london'), 'ics-north-east-london')).toBe(true);
    expect(canRead(who('editor', 'region-london'), 'ics-devon')).toBe(false);
    expect(canRead(who('editor', 'ics-devon'), 'region-south-west')).toBe(false);
    expect(canRead(who('reader', 'national'), 'ics-devon')).toBe(true);
    expect(canRead(who('board', 'ics-devon'), 'region-london')).toBe(true);
    expect(canRead(who('editor', 'nowhere'), 'nowhere')).toBe(false);
  });

  it('picks the widest listing each caller may run', () => {
    expect(defaultScope(who('board', 'ics-devon'))).toEqual({ kind: 'all' });
    expect(defaultScope(who('editor', 'region-london'))).toEqual({
      kind: 'region',
      regionId: 'region-london',
    });
    expect(defaultScope(who('reader', 'ics-devon'))).toEqual({ kind: 'unit', unitId: 'ics-devon' });
  });
});
