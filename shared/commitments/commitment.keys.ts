import { INDEXES, withoutKeys } from '../db/table';
import { type Action, type Commitment, isOpen } from './commitment.model';
import { type CommitmentVersion, inHistoryIndex } from './commitment-history';

/**
 * Every key of commitments and actions is built here and nowhere else.
 *
 * | item | pk | sk | gsi1 (unit) | gsi2 (region) | gsi3 (responsibility) | gsi4 (open, sparse) |
 * | commitment | COMMITMENT#<id> | COMMITMENT | UNIT#<owner> / C#<due>#<id> | REGION#<region> / C#<due>#<id> | | OPEN / <due>#<id> while open |
 * | action | COMMITMENT#<id> | ACTION#<seq:6> | UNIT#<unit> / A#<loggedAt>#<id> | | | |
 * | link | COMMITMENT#<id> | RESP#<version>#<resp> | | | RESP#<version>#<resp> / <owner>#<id> | |
 *
 * Commitments are also in gsi5 (accountable person: PERSON#<userId> / C#<due>#<id>) and, when they
 * name a parent, in gsi6 (PARENT#<parentId> / C#<due>#<id>).
 *
 * | version | COMMITMENT#<id> | VERSION#<version:6> | gsi7 (sparse, summary-relevant changes): HISTORY#<region> / <at>#<id>#<version:6> |
 */
export const commitmentPk = (id: string) => `COMMITMENT#${id}`;
export const COMMITMENT_SK = 'COMMITMENT';
export const commitmentKey = (id: string) => ({ pk: commitmentPk(id), sk: COMMITMENT_SK });

export const unitPartition = (unitId: string) => `UNIT#${unitId}`;
export const regionPartition = (regionId: string) => `REGION#${regionId}`;
export const responsibilityPartition = (version: string, id: string) => `RESP#${version}#${id}`;
export const personPartition = (userId: string) => `PERSON#${userId}`;
export const parentPartition = (parentId: string) => `PARENT#${parentId}`;
export const OPEN_PARTITION = 'OPEN';

/** Sort-key bounds for a due-date range on the unit and region indexes (inclusive dates). */
export function dueRange(after?: string, before?: string): { from: string; to: string } {
  return { from: `C#${after ?? ''}`, to: `C#${before ?? '9999-12-31'}#~` };
}

export const commitmentSortKey = (c: Pick<Commitment, 'dueDate' | 'id'>) => `C#${c.dueDate}#${c.id}`;

export function commitmentToItem(c: Commitment): Record<string, unknown> {
  const sortKey = commitmentSortKey(c);
  return {
    ...commitmentKey(c.id),
    type: 'Commitment',
    [INDEXES.byUnit.pk]: unitPartition(c.ownerUnitId),
    [INDEXES.byUnit.sk]: sortKey,
    [INDEXES.byRegion.pk]: regionPartition(c.regionId),
    [INDEXES.byRegion.sk]: sortKey,
    [INDEXES.byAccountable.pk]: personPartition(c.accountableUserId),
    [INDEXES.byAccountable.sk]: sortKey,
    ...(c.parentId
      ? { [INDEXES.byParent.pk]: parentPartition(c.parentId), [INDEXES.byParent.sk]: sortKey }
      : {}),
    // Sparse: only open commitments are in the overdue sweep's index.
    ...(isOpen(c.status)
      ? { [INDEXES.openByDue.pk]: OPEN_PARTITION, [INDEXES.openByDue.sk]: `${c.dueDate}#${c.id}` }
      : {}),
    ...c,
  };
}

export function commitmentFromItem(item: Record<string, unknown>): Commitment {
  const c = withoutKeys<Commitment>(item);
  // Commitments stored before accountable people existed: their creator is accountable.
  return c.accountableUserId ? c : { ...c, accountableUserId: c.createdBy };
}

export const actionSk = (seq: number) => `ACTION#${String(seq).padStart(6, '0')}`;
export const actionKey = (commitmentId: string, seq: number) => ({
  pk: commitmentPk(commitmentId),
  sk: actionSk(seq),
});

export function actionToItem(a: Action): Record<string, unknown> {
  return {
    ...actionKey(a.commitmentId, a.seq),
    type: 'Action',
    [INDEXES.byUnit.pk]: unitPartition(a.unitId),
    [INDEXES.byUnit.sk]: `A#${a.loggedAt}#${a.id}`,
    ...a,
  };
}

export const actionFromItem = (item: Record<string, unknown>) => withoutKeys<Action>(item);

export const VERSION_PREFIX = 'VERSION#';
export const versionSk = (version: number) => `${VERSION_PREFIX}${String(version).padStart(6, '0')}`;
export const versionKey = (commitmentId: string, version: number) => ({
  pk: commitmentPk(commitmentId),
  sk: versionSk(version),
});
export const historyPartition = (regionId: string) => `HISTORY#${regionId}`;
/** Sort keys of the history index after an instant (exclusive): every change recorded later. */
export const historyAfter = (instant: string) => `${instant}#~`;

export function versionToItem(v: CommitmentVersion): Record<string, unknown> {
  return {
    ...versionKey(v.commitmentId, v.version),
    type: 'CommitmentVersion',
    ...(inHistoryIndex(v)
      ? {
          [INDEXES.history.pk]: historyPartition(v.state.regionId),
          [INDEXES.history.sk]: `${v.at}#${v.commitmentId}#${String(v.version).padStart(6, '0')}`,
        }
      : {}),
    ...v,
  };
}

/**
 * A moved commitment's version, again under the region it left (history index only): the old region's
 * as-at reads see that it changed after their instant, and take the version before (still theirs).
 */
export function movedFromMarker(v: CommitmentVersion, fromRegion: string): Record<string, unknown> {
  return {
    ...versionToItem(v),
    sk: `MOVED#${String(v.version).padStart(6, '0')}`,
    type: 'MovedFromMarker',
    [INDEXES.history.pk]: historyPartition(fromRegion),
  };
}

export const versionFromItem = (item: Record<string, unknown>) => withoutKeys<CommitmentVersion>(item);

/** Action ids carry their sequence number so a correction can name its target's key. */
export const actionId = (seq: number, random: string) => `act-${seq}-${random}`;
export function seqOfActionId(id: string): number | undefined {
  const match = /^act-(\d{1,6})-[a-z0-9]+$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

export interface ResponsibilityLink {
  commitmentId: string;
  ownerUnitId: string;
  regionId: string;
  responsibilityId: string;
  catalogueVersion: string;
}

export function linkToItem(l: ResponsibilityLink): Record<string, unknown> {
  return {
    pk: commitmentPk(l.commitmentId),
    sk: `RESP#${l.catalogueVersion}#${l.responsibilityId}`,
    type: 'ResponsibilityLink',
    [INDEXES.byResponsibility.pk]: responsibilityPartition(l.catalogueVersion, l.responsibilityId),
    [INDEXES.byResponsibility.sk]: `${l.ownerUnitId}#${l.commitmentId}`,
    ...l,
  };
}

export const linkFromItem = (item: Record<string, unknown>) => withoutKeys<ResponsibilityLink>(item);

/**
 * Outbox marks the overdue sweep writes once each; the stream turns each into one event. They have a
 * partition family of their own, so the sweep's role cannot write commitment items (before this
 * release they sat in the commitment's partition; the events they caused keep their stable ids).
 */
export const overdueMarkKey = (commitmentId: string, level: number) => ({
  pk: `MARK#${commitmentId}`,
  sk: `OVERDUE#${level}`,
});
/**
 * A deadline the sweep checks after its day has passed (a response to red's recovery action or
 * re-review, an escalation's grace period): one partition per day, so a run reads only the days
 * since it last ran, never the backlog.
 */
export const deadlineKey = (date: string, commitmentId: string, kind: string) => ({
  pk: `MARK#DEADLINE#${date}`,
  sk: `${commitmentId}#${kind}`,
});
export const deadlinePartition = (date: string) => `MARK#DEADLINE#${date}`;
export const dueSoonMarkKey = (commitmentId: string, dueDate: string) => ({
  pk: `MARK#${commitmentId}`,
  sk: `DUESOON#${dueDate}`,
});
