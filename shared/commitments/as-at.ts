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
    partitions.map(async ({ regionId }) => {
      const [current, later] = await Promise.all([
        regionCommitments(tableName, regionId),
        historyAfterInstant(tableName, regionId, earliest),
      ]);
      itemsRead += current.length + later.length;
      onProgress(++done, partitions.length);
      return { current, later };
    }),
  );
  const current = new Map(perPartition.flatMap((p) => p.current).map((c) => [c.id, c]));
  // A version of one change can be in two partitions (a commitment that moved region): once is enough.
  const later = [
    ...new Map(
      perPartition.flatMap((p) => p.later).map((v) => [`${v.commitmentId}#${v.version}`, v]),
    ).values(),
  ];

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

  // A state belongs to the read if its region (and owner, when asked) was a partition's at the instant:
  // commitments that moved region since are counted where they were then.
  const belongs = (c: Commitment) =>
    partitions.some((p) => p.regionId === c.regionId && (!p.ownerUnitId || p.ownerUnitId === c.ownerUnitId));
  const ids = new Set([...current.keys(), ...later.map((v) => v.commitmentId)]);
  const states = instants.map((instant, i) => {
    const first = firstLater[i] as Map<string, CommitmentVersion>;
    const out: Commitment[] = [];
    for (const id of ids) {
      const next = first.get(id);
      const now = current.get(id);
      let state: Commitment | undefined;
      if (!next) state = now ? stateOf(now) : undefined;
      else {
        state = earlier.get(`${id}#${next.version - 1}`);
        // History that starts with a migrated baseline: nothing older was kept (see stateAsAt).
        if (!state && next.change === 'migrated' && next.state.createdAt <= instant) state = next.state;
      }
      if (state && belongs(state)) out.push(state);
    }
    return out;
  });
  return { states, itemsRead };
}
