import type { Identity } from '../auth/identity';
import { canonical } from '../commitments/action-chain';
import { type Commitment, isOpen } from '../commitments/commitment.model';
import { getCommitment, moveCommitment, unitCommitments } from '../commitments/commitment.repository';
import { recordVersion } from '../commitments/commitment-history';
import {
  ConflictError,
  type FieldError,
  ForbiddenError,
  ServiceUnavailableError,
  ValidationError,
} from '../http/problem';
import { addDays, daysBetween, londonDate } from '../summaries/period';
import { subscribersTo } from '../summaries/subscriptions';
import { orgMap, refreshOrgMap } from './live-map';
import {
  getOrgChange,
  listOrgChanges,
  type OrgChangeRecord,
  putOrgChange,
  updateOrgChange,
} from './org-change.repository';
import { type OrgChange, OrgChangeError, OrgMap } from './org-map';

type Place = { ownerUnitId: string; regionId: string };

export interface PlannedMove {
  id: string;
  title: string;
  status: string;
  accountableUserId: string;
  from: Place;
  to: Place;
  /** Open and past due on the effective date: an escalation that follows the commitment. */
  daysOverdue?: number;
}

export interface OrgChangePlan {
  change: OrgChange;
  /** dry-run: nothing written; scheduled: recorded, applied on its date; applied; already-applied. */
  status: 'dry-run' | 'scheduled' | 'applied' | 'already-applied';
  units: {
    closed: Array<{ id: string; successors: string[]; successorAccess: boolean }>;
    created: Array<{ id: string; name: string; kind: string; parentId: string | null }>;
    renamed: Array<{ id: string; from: string; to: string }>;
    movedRegion: Array<{ id: string; from: string | null; to: string | null }>;
  };
  commitments: PlannedMove[];
  /** Subscriptions to a region that closes: from the date they receive its successor's summaries. */
  subscriptions: Array<{ id: string; kind: string; scope: string; receivesFrom: string }>;
  /** People accountable for moved commitments: they stay accountable (delegations do not change). */
  accountablePeople: Array<{ userId: string; commitments: number }>;
  /** Open, overdue commitments that move: their escalations continue under the new owner. */
  openEscalations: Array<{ commitmentId: string; daysOverdue: number; to: string }>;
  /** Commitments moved by this request (applied). */
  moved?: number;
}

/** Same content, whatever order the stored copy's keys came back in. */
const sameChange = (a: OrgChange, b: OrgChange) => canonical(a) === canonical(b);

const idInUse = (id: string) =>
  new ConflictError(
    'org-change-conflict',
    'Org change id in use',
    `${id} was recorded with other content; a correction is a new change with its own id.`,
  );

/** Records and applies org changes: the map changes, and each affected commitment moves with a version. */
export class OrgChangeService {
  constructor(
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private assertAdmin(identity: Identity) {
    if (identity.role !== 'admin')
      throw new ForbiddenError('Only a national administrator (the admin role) changes the org map.');
  }

  /** The map without this change, and with it (refusing a change that cannot apply, by field). */
  private maps(change: OrgChange): { before: OrgMap; after: OrgMap } {
    const changes = orgMap().changes;
    const at = changes.findIndex((c) => c.id === change.id);
    if (at >= 0) {
      // Recorded already (sent again, or resumed): the map as it was before it, and with it.
      if (!sameChange(changes[at] as OrgChange, change)) throw idInUse(change.id);
      return { before: new OrgMap(changes.slice(0, at)), after: new OrgMap(changes.slice(0, at + 1)) };
    }
    const before = orgMap();
    try {
      return { before, after: before.with(change) };
    } catch (error) {
      if (error instanceof OrgChangeError)
        throw new ValidationError([{ path: `body.${error.field}`, message: error.message }]);
      throw error;
    }
  }

  /** Where a commitment goes under the change, or undefined if it stays. */
  private destination(change: OrgChange, after: OrgMap, c: Commitment): Place | undefined {
    const date = change.effectiveDate;
    let owner = c.ownerUnitId;
    if (change.kind === 'merge' && change.from.includes(owner)) owner = change.into.id;
    if (change.kind === 'close' && change.unitId === owner && change.successor) owner = change.successor;
    if (change.kind === 'split' && change.unitId === owner) owner = change.commitments[c.id] ?? owner;
    const regionId = after.regionOn(owner, date) ?? (owner === 'national' ? 'national' : c.regionId);
    if (owner === c.ownerUnitId && regionId === c.regionId) return undefined;
    return { ownerUnitId: owner, regionId };
  }

  /** The units whose commitments a change can move. */
  private affectedUnits(change: OrgChange, before: OrgMap): string[] {
    const dayBefore = addDays(change.effectiveDate, -1);
    switch (change.kind) {
      case 'rename':
        return [];
      case 'merge': {
        const icss = before
          .at(dayBefore)
          .units.filter((u) => u.kind === 'ics' && change.from.includes(u.parentId ?? ''))
          .map((u) => u.id);
        return [...change.from, ...icss];
      }
      default:
        return [change.unitId];
    }
  }

  /** What the change would do: every commitment, subscription, person and escalation it touches. */
  async plan(identity: Identity, change: OrgChange): Promise<OrgChangePlan> {
    this.assertAdmin(identity);
    await refreshOrgMap(this.tableName, { force: true });
    const { before, after } = this.maps(change);
    const date = change.effectiveDate;
    const candidates = (
      await Promise.all(this.affectedUnits(change, before).map((u) => unitCommitments(this.tableName, u)))
    ).flat();
    const errors: FieldError[] = [];
    if (change.kind === 'split') {
      for (const c of candidates)
        if (c.ownerUnitId === change.unitId && !change.commitments[c.id])
          errors.push({
            path: `body.commitments.${c.id}`,
            message: `${c.id} ("${c.title}") of ${change.unitId} is not given a successor`,
          });
      const owned = new Set(candidates.map((c) => c.id));
      for (const id of Object.keys(change.commitments))
        if (!owned.has(id))
          errors.push({
            path: `body.commitments.${id}`,
            message: `${id} is not a commitment of ${change.unitId}`,
          });
    }
    if (errors.length) throw new ValidationError(errors);

    const commitments: PlannedMove[] = [];
    for (const c of candidates) {
      const to = this.destination(change, after, c);
      if (!to) continue;
      const overdue = isOpen(c.status) && c.dueDate < date ? daysBetween(c.dueDate, date) : undefined;
      commitments.push({
        id: c.id,
        title: c.title,
        status: c.status,
        accountableUserId: c.accountableUserId,
        from: { ownerUnitId: c.ownerUnitId, regionId: c.regionId },
        to,
        ...(overdue !== undefined ? { daysOverdue: overdue } : {}),
      });
    }
    const people = new Map<string, number>();
    for (const m of commitments) people.set(m.accountableUserId, (people.get(m.accountableUserId) ?? 0) + 1);

    const closedRegions = after
      .allUnits()
      .filter((u) => u.kind === 'region' && u.closedBy === change.id && u.successors?.length === 1);
    const subscriptions = [];
    for (const region of closedRegions)
      for (const kind of ['digest', 'report'] as const)
        for (const s of await subscribersTo(this.tableName, kind, region.id))
          subscriptions.push({
            id: s.id,
            kind,
            scope: region.id,
            receivesFrom: region.successors?.[0] as string,
          });

    const beforeDay = before.at(date);
    const afterDay = after.at(date);
    return {
      change,
      status: 'dry-run',
      units: {
        closed: after
          .allUnits()
          .filter((u) => u.closedBy === change.id)
          .map((u) => ({
            id: u.id,
            successors: u.successors ?? [],
            successorAccess: u.successorAccess ?? false,
          })),
        created: afterDay.units
          .filter((u) => !before.life(u.id))
          .map((u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parentId })),
        renamed: afterDay.units.flatMap((u) => {
          const was = beforeDay.byId.get(u.id);
          return was && was.name !== u.name ? [{ id: u.id, from: was.name, to: u.name }] : [];
        }),
        movedRegion: afterDay.units.flatMap((u) => {
          const was = beforeDay.byId.get(u.id);
          return was && u.kind === 'ics' && was.parentId !== u.parentId
            ? [{ id: u.id, from: was.parentId, to: u.parentId }]
            : [];
        }),
      },
      commitments,
      subscriptions,
      accountablePeople: [...people].map(([userId, n]) => ({ userId, commitments: n })),
      openEscalations: commitments.flatMap((m) =>
        m.daysOverdue !== undefined
          ? [{ commitmentId: m.id, daysOverdue: m.daysOverdue, to: m.to.ownerUnitId }]
          : [],
      ),
    };
  }

  /**
   * Records the change and, from its effective date, moves every affected commitment. Idempotent (the
   * same id and body again answers `already-applied`; another body under the same id is a 409) and
   * resumable (an interrupted apply, sent again, moves what is left).
   */
  async apply(identity: Identity, change: OrgChange): Promise<OrgChangePlan> {
    const plan = await this.plan(identity, change);
    const now = this.clock();
    const existing = await getOrgChange(this.tableName, change.id);
    if (existing && !sameChange(existing.change, change)) throw idInUse(change.id);
    if (existing?.status === 'applied') return { ...plan, status: 'already-applied', moved: 0 };
    const due = change.effectiveDate <= londonDate(now);
    if (!existing) {
      const record: OrgChangeRecord = {
        change,
        status: due ? 'applying' : 'scheduled',
        recordedAt: now.toISOString(),
        recordedBy: identity.userId,
        moved: 0,
        ...(identity.correlationId ? { correlationId: identity.correlationId } : {}),
      };
      if (!(await putOrgChange(this.tableName, record))) return this.apply(identity, change);
    }
    await refreshOrgMap(this.tableName, { force: true });
    if (!due) return { ...plan, status: 'scheduled', moved: 0 };
    const { moved, left } = await this.moveAll(identity, plan);
    if (left.length) {
      // Never marked applied with commitments left behind: what moved is counted, the rest is retried.
      await updateOrgChange(this.tableName, change, { status: 'applying', movedMore: moved });
      throw new ServiceUnavailableError(
        `${moved} commitment(s) moved; ${left.length} kept changing meanwhile (${left.join(', ')}). Send the same change again to move the rest.`,
        { retryAfterSeconds: 5 },
      );
    }
    await updateOrgChange(this.tableName, change, {
      status: 'applied',
      movedMore: moved,
      appliedAt: this.clock().toISOString(),
    });
    return { ...plan, status: 'applied', moved };
  }

  /** Applies recorded changes whose date has come (the daily schedule). */
  async applyDue(identity: Identity): Promise<Array<{ id: string; moved: number }>> {
    const today = londonDate(this.clock());
    const due = (await listOrgChanges(this.tableName)).filter(
      (r) => r.status !== 'applied' && r.change.effectiveDate <= today,
    );
    const results = [];
    for (const record of due) {
      const plan = await this.apply(identity, record.change);
      results.push({ id: record.change.id, moved: plan.moved ?? 0 });
    }
    return results;
  }

  /** Moves each planned commitment (re-reading it when someone changed it meanwhile, up to 5 times). */
  private async moveAll(identity: Identity, plan: OrgChangePlan): Promise<{ moved: number; left: string[] }> {
    let moved = 0;
    const left: string[] = [];
    for (const move of plan.commitments) {
      let done = false;
      for (let attempt = 0; attempt < 5 && !done; attempt++) {
        const current = await getCommitment(this.tableName, move.id);
        done =
          !current || (current.ownerUnitId === move.to.ownerUnitId && current.regionId === move.to.regionId);
        if (!current || done) break;
        const next: Commitment = {
          ...current,
          ownerUnitId: move.to.ownerUnitId,
          regionId: move.to.regionId,
          version: current.version + 1,
          updatedAt: this.clock().toISOString(),
          updatedBy: identity.userId,
          correlationId: `org-change:${plan.change.id}`,
        };
        const recorded = recordVersion(current, next, {
          change: 'org-change',
          reason: `${plan.change.id} (${plan.change.kind}, effective ${plan.change.effectiveDate}): ${plan.change.description}`,
        });
        const outcome = await moveCommitment(
          this.tableName,
          recorded.commitment,
          current.version,
          recorded.version,
          current.regionId,
        );
        if (outcome.ok) {
          moved++;
          done = true;
        }
      }
      if (!done) left.push(move.id);
    }
    return { moved, left };
  }
}
