import type { Commitment } from './commitment.model';
import { getVersions, historyAfterInstant, regionCommitments } from './commitment.repository';
import { type CommitmentVersion, stateOf } from './commitment-history';

export interface AsAtPartition {
  /** A region id, or `national`: a partition of the region index and of the history index. */
  regionId: string;
  /** Only this owner unit's commitments. */
  ownerUnitId?: string;
}

export interface AsAtResult {
  commitments: Commitment[];
  /** Items DynamoDB returned (current commitments, later changes, earlier versions). */
  itemsRead: number;
}

/** The commitments of some region partitions as they were at an instant (see commitmentsAtEach). */
export async function commitmentsAsAt(
  tableName: string,
  partitions: readonly AsAtPartition[],
  asAt: string,
): Promise<AsAtResult> {
  const { states, itemsRead } = await commitmentsAtEach(tableName, partitions, [asAt]);
  return { commitments: states[0] ?? [], itemsRead };
}

/**
 * The commitments of some region partitions as they were at each of several instants. Reads today's
 * commitments and only the summary-relevant changes recorded since the earliest instant (the sparse
 * history index); at each instant, a commitment changed since then is replaced by the version just
 * before its first later change, and one created since then is left out. The cost follows the scope's
 * size plus what changed since the earliest instant, never the whole history.
 *
 * Only fields a summary reads are exact for a commitment whose later changes were all actions
 * (progress, action count): use the commitment's own versions (`stateAsAt`) when those matter.
 */
export async function commitmentsAtEach(
  tableName: string,
  partitions: readonly AsAtPartition[],
  instants: readonly string[],
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ states: Commitment[][]; itemsRead: number }> {
  const earliest = [...instants].sort()[0];
  if (!earliest) return { states: [], itemsRead: 0 };
  let itemsRead = 0;
  let done = 0;
  const perPartition = await Promise.all(
    partitions.map(async ({ regionId, ownerUnitId }) => {
      const [current, later] = await Promise.all([
        regionCommitments(tableName, regionId),
        historyAfterInstant(tableName, regionId, earliest),
      ]);
      itemsRead += current.length + later.length;
      onProgress(++done, partitions.length);
      return {
        current: ownerUnitId ? current.filter((c) => c.ownerUnitId === ownerUnitId) : current,
        later: ownerUnitId ? later.filter((v) => v.state.ownerUnitId === ownerUnitId) : later,
      };
    }),
  );
  const current = perPartition.flatMap((p) => p.current);
  const later = perPartition.flatMap((p) => p.later);

  // Per instant, the first change recorded after it, per commitment.
  const firstLater = instants.map((instant) => {
    const first = new Map<string, CommitmentVersion>();
    for (const v of later) {
      if (v.at <= instant) continue;
      const seen = first.get(v.commitmentId);
      if (!seen || v.version < seen.version) first.set(v.commitmentId, v);
    }
    return first;
  });
  const wanted = new Map<string, { commitmentId: string; version: number }>();
  for (const first of firstLater)
    for (const v of first.values())
      if (v.version > 1)
        wanted.set(`${v.commitmentId}#${v.version - 1}`, {
          commitmentId: v.commitmentId,
          version: v.version - 1,
        });
  const earlier = new Map(
    (await getVersions(tableName, [...wanted.values()])).map((v) => [
      `${v.commitmentId}#${v.version}`,
      v.state,
    ]),
  );
  itemsRead += earlier.size;

  const states = instants.map((instant, i) => {
    const first = firstLater[i] as Map<string, CommitmentVersion>;
    const out: Commitment[] = [];
    for (const c of current) {
      const next = first.get(c.id);
      if (!next) {
        out.push(stateOf(c));
        continue;
      }
      const before = earlier.get(`${c.id}#${next.version - 1}`);
      if (before) out.push(before);
      // History that starts with a migrated baseline: nothing older was kept (see stateAsAt).
      else if (next.change === 'migrated' && next.state.createdAt <= instant) out.push(next.state);
    }
    return out;
  });
  return { states, itemsRead };
}
