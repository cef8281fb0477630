import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashAction } from '../../shared/commitments/action-chain';
import type { Action, Commitment } from '../../shared/commitments/commitment.model';
import {
  type CommitmentVersion,
  inHistoryIndex,
  recordVersion,
  stateAsAt,
  verifyHistory,
} from '../../shared/commitments/commitment-history';

/** A commitment's life built with the same functions the service uses: create, patch, log an action. */
function life() {
  const created: Commitment = {
    id: 'cmt-1',
    ownerUnitId: 'region-london',
    tier: 'region',
    regionId: 'region-london',
    accountableRole: 'Head',
    accountableUserId: 'alice',
    title: 'Plan',
    description: '',
    catalogueVersion: 'v1',
    responsibilityIds: ['REG-WP-1'],
    tags: [],
    dueDate: '2026-12-31',
    status: 'not_started',
    rag: 'green',
    progress: 0,
    version: 1,
    actionCount: 0,
    lastActionHash: GENESIS_HASH,
    createdAt: '2026-06-01T09:00:00.000Z',
    createdBy: 'alice',
    updatedAt: '2026-06-01T09:00:00.000Z',
    updatedBy: 'alice',
  };
  const v1 = recordVersion(undefined, created, { change: 'created' });
  const v2 = recordVersion(
    v1.commitment,
    {
      ...v1.commitment,
      status: 'at_risk',
      version: 2,
      updatedAt: '2026-07-01T09:00:00.000Z',
      updatedBy: 'bob',
    },
    { change: 'updated', reason: 'Late funding' },
  );
  const unsigned: Omit<Action, 'hash'> = {
    id: 'act-1-aaaaaaaaaa',
    commitmentId: 'cmt-1',
    seq: 1,
    unitId: 'region-london',
    tier: 'region',
    regionId: 'region-london',
    responsibilityIds: ['REG-WP-1'],
    summary: 'Did it',
    occurredAt: '2026-08-01',
    loggedAt: '2026-08-01T09:00:00.000Z',
    loggedBy: 'alice',
    evidence: [],
    prevHash: GENESIS_HASH,
  };
  const action: Action = { ...unsigned, hash: hashAction(unsigned) };
  const v3 = recordVersion(
    v2.commitment,
    {
      ...v2.commitment,
      version: 3,
      actionCount: 1,
      lastActionHash: action.hash,
      progress: 30,
      updatedAt: '2026-08-01T09:00:00.000Z',
    },
    { change: 'action', actionId: action.id },
  );
  return { versions: [v1.version, v2.version, v3.version], commitment: v3.commitment, actions: [action] };
}

describe('version history', () => {
  it('records what changed, by whom and why, chained to the version before', () => {
    const { versions } = life();
    expect(versions.map((v) => [v.version, v.change, v.fields, v.by, v.reason])).toEqual([
      [1, 'created', expect.arrayContaining(['title', 'status']), 'alice', undefined],
      [2, 'updated', ['status'], 'bob', 'Late funding'],
      [3, 'action', ['actionCount', 'lastActionHash', 'progress'], 'bob', undefined],
    ]);
    expect(versions[1]?.prevHash).toBe(versions[0]?.hash);
    // Plain action appends stay out of the history index; anything a summary reads goes in.
    expect(versions.map(inHistoryIndex)).toEqual([true, true, false]);
  });

  it('answers as at any instant, and nothing before creation', () => {
    const { versions } = life();
    expect(stateAsAt(versions, '2026-06-30T23:59:59.999Z')?.status).toBe('not_started');
    expect(stateAsAt(versions, '2026-07-01T09:00:00.000Z')?.status).toBe('at_risk');
    expect(stateAsAt(versions, '2026-12-01T00:00:00.000Z')?.progress).toBe(30);
    expect(stateAsAt(versions, '2026-05-01T00:00:00.000Z')).toBeUndefined();
  });

  it('verifies a whole history and names each kind of damage', () => {
    const { versions, commitment, actions } = life();
    expect(verifyHistory(versions, commitment, actions)).toMatchObject({
      valid: true,
      versions: 3,
      firstVersion: 1,
    });

    const gap = verifyHistory([versions[0], versions[2]] as CommitmentVersion[], commitment, actions);
    expect(gap.problems).toContain('version 2 is missing');

    const edited = versions.map((v) => (v.version === 2 ? { ...v, reason: 'Something nicer' } : v));
    expect(verifyHistory(edited, commitment, actions).problems).toContain(
      "version 2's content does not match its hash",
    );

    const truncated = verifyHistory(
      versions,
      { ...commitment, actionCount: 0, lastActionHash: GENESIS_HASH },
      [],
    );
    expect(truncated.problems.join('\n')).toMatch(
      /version 3 records 1 actions .* which the action chain does not have/,
    );
    expect(truncated.problems).toContain('the commitment differs from its version 3 record');

    const headless = verifyHistory(versions.slice(0, 2), commitment, actions);
    expect(headless.problems).toContain('the commitment is at version 3, its newest version record is 2');
  });

  it('accepts history that starts with a migrated baseline, and reads it back to creation', () => {
    const { commitment, actions } = life();
    const { versionHash: _old, ...legacy } = commitment;
    const baseline = recordVersion(undefined, legacy, {
      change: 'migrated',
      recordedAt: '2026-11-25T00:00:00.000Z',
    });
    expect(verifyHistory([baseline.version], baseline.commitment, actions)).toMatchObject({
      valid: true,
      firstVersion: 3,
    });
    expect(stateAsAt([baseline.version], '2026-06-15T00:00:00.000Z')?.version).toBe(3);
    expect(stateAsAt([baseline.version], '2026-05-01T00:00:00.000Z')).toBeUndefined();
  });
});
