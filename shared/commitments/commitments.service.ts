import { randomBytes, randomUUID } from 'node:crypto';
import type {
  CreateActionInput,
  CreateCommitmentInput,
  ListCommitmentsInput,
  PatchCommitmentInput,
} from '../../functions/commitments/commitments.schemas';
import { assertCanRead, assertCanWrite, canRead, defaultScope } from '../auth/access';
import type { Identity } from '../auth/identity';
import {
  LATEST_CATALOGUE_VERSION,
  OPERATING_MODELS,
  ORG_UNITS,
  ORG_UNITS_BY_ID,
  regionOf,
  responsibilitiesOf,
} from '../catalogue/catalogue';
import type { Responsibility } from '../catalogue/types';
import type { ResumeKey } from '../db/cursor';
import type { PartState } from '../db/merge-pages';
import type { Page } from '../db/query-page';
import {
  type FieldError,
  NotFoundError,
  PreconditionFailedError,
  ServiceUnavailableError,
  ValidationError,
} from '../http/problem';
import { GENESIS_HASH, hashAction, verifyChain } from './action-chain';
import { actionId, seqOfActionId } from './commitment.keys';
import { type Action, type Commitment, isOpen, todayUtc } from './commitment.model';
import {
  allActionsOfCommitment,
  appendAction,
  type CommitmentPartition,
  getCommitment,
  getCommitments,
  insertCommitment,
  listActionsByUnit,
  listActionsOfCommitment,
  listCommitments,
  listResponsibilityLinks,
  replaceCommitment,
} from './commitment.repository';
import { checkTransition } from './status-machine';

const CATALOGUE = new Map<string, Map<string, Responsibility>>(
  OPERATING_MODELS.map((m) => [m.version, new Map(responsibilitiesOf(m).map((r) => [r.id, r]))]),
);
const TIER_LABEL = { ics: 'an ICS', region: 'a region', national: 'national' } as const;

/**
 * Use cases for commitments and actions. Plain TypeScript over the repository: every rule about
 * who may do what, which responsibilities a unit may commit to, and how statuses move lives here.
 */
export class CommitmentsService {
  constructor(
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(identity: Identity, input: CreateCommitmentInput): Promise<Commitment> {
    const ownerUnitId = input.ownerUnitId ?? identity.unitId;
    const owner = ORG_UNITS_BY_ID.get(ownerUnitId);
    if (!owner) {
      throw new ValidationError([{ path: 'body.ownerUnitId', message: `Unknown org unit ${ownerUnitId}` }]);
    }
    assertCanWrite(identity, ownerUnitId);
    const version = input.catalogueVersion ?? LATEST_CATALOGUE_VERSION;
    const catalogue = CATALOGUE.get(version) ?? new Map<string, Responsibility>();
    const errors: FieldError[] = [];
    input.responsibilityIds.forEach((id, i) => {
      const responsibility = catalogue.get(id);
      if (!responsibility) {
        errors.push({ path: `body.responsibilityIds.${i}`, message: `${id} is not in catalogue ${version}` });
      } else if (responsibility.tier !== owner.kind) {
        errors.push({
          path: `body.responsibilityIds.${i}`,
          message: `${id} is ${TIER_LABEL[responsibility.tier]} responsibility; ${owner.name} commits to ${TIER_LABEL[owner.kind]} responsibilities`,
        });
      }
    });
    if (errors.length) throw new ValidationError(errors);

    const now = this.clock().toISOString();
    const commitment: Commitment = {
      id: `cmt-${randomUUID()}`,
      ownerUnitId,
      tier: owner.kind,
      regionId: regionOf(ownerUnitId) ?? 'national',
      accountableRole: input.accountableRole,
      title: input.title,
      description: input.description,
      catalogueVersion: version,
      responsibilityIds: input.responsibilityIds,
      tags: input.tags,
      dueDate: input.dueDate,
      status: input.status,
      rag: input.rag,
      progress: 0,
      version: 1,
      actionCount: 0,
      lastActionHash: GENESIS_HASH,
      createdAt: now,
      createdBy: identity.userId,
      updatedAt: now,
      updatedBy: identity.userId,
      ...(identity.correlationId ? { correlationId: identity.correlationId } : {}),
    };
    const links = commitment.responsibilityIds.map((responsibilityId) => ({
      commitmentId: commitment.id,
      ownerUnitId,
      regionId: commitment.regionId,
      responsibilityId,
      catalogueVersion: version,
    }));
    await insertCommitment(this.tableName, commitment, links);
    return commitment;
  }

  async get(identity: Identity, id: string): Promise<Commitment> {
    const commitment = await getCommitment(this.tableName, id);
    if (!commitment) throw new NotFoundError(`No commitment ${id}.`);
    assertCanRead(identity, commitment.ownerUnitId);
    return commitment;
  }

  async patch(
    identity: Identity,
    id: string,
    expectedVersion: number,
    patch: PatchCommitmentInput,
  ): Promise<Commitment> {
    const current = await this.get(identity, id);
    assertCanWrite(identity, current.ownerUnitId);
    if (current.version !== expectedVersion) {
      throw new PreconditionFailedError(`The commitment is at version ${current.version}.`, current.version);
    }
    if (patch.status) checkTransition(current.status, patch.status, patch.reason, 'body.reason');
    const now = this.clock().toISOString();
    const next: Commitment = {
      ...current,
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.accountableRole !== undefined ? { accountableRole: patch.accountableRole } : {}),
      ...(patch.dueDate !== undefined ? { dueDate: patch.dueDate } : {}),
      ...(patch.rag !== undefined ? { rag: patch.rag } : {}),
      version: current.version + 1,
      updatedAt: now,
      updatedBy: identity.userId,
      ...(identity.correlationId ? { correlationId: identity.correlationId } : {}),
    };
    if (patch.status && patch.status !== current.status) applyStatus(next, patch.status, patch.reason, now);
    const outcome = await replaceCommitment(this.tableName, next, expectedVersion);
    if (!outcome.ok) {
      if (!outcome.current) throw new NotFoundError(`No commitment ${id}.`);
      throw new PreconditionFailedError(
        `The commitment changed meanwhile and is at version ${outcome.current.version}.`,
        outcome.current.version,
      );
    }
    return next;
  }

  /**
   * Appends an action and advances the commitment. Concurrent writers race on the commitment's
   * version; the loser re-reads and chains after the winner (bounded, with jittered backoff).
   */
  async logAction(identity: Identity, commitmentId: string, input: CreateActionInput): Promise<Action> {
    const nowDate = this.clock();
    if (Date.parse(input.occurredAt) > nowDate.getTime() + 5 * 60_000) {
      throw new ValidationError([{ path: 'body.occurredAt', message: 'Must not be in the future' }]);
    }
    const corrects = input.corrects ? { id: input.corrects, seq: seqOfActionId(input.corrects) } : undefined;
    if (corrects && corrects.seq === undefined) {
      throw new ValidationError([
        { path: 'body.corrects', message: 'Must be the id of an action of this commitment' },
      ]);
    }
    for (let attempt = 0; attempt < 12; attempt++) {
      const current = await this.get(identity, commitmentId);
      assertCanWrite(identity, current.ownerUnitId);
      if (corrects && (corrects.seq as number) > current.actionCount) {
        throw new ValidationError([
          { path: 'body.corrects', message: `No action ${corrects.id} in this commitment` },
        ]);
      }
      const loggedAt = nowDate.toISOString();
      const seq = current.actionCount + 1;
      // Asking for the status the commitment already has is not a change, so none is recorded.
      const statusChange =
        input.statusChange && input.statusChange.to !== current.status
          ? {
              from: current.status,
              to: input.statusChange.to,
              ...(input.statusChange.reason ? { reason: input.statusChange.reason } : {}),
            }
          : undefined;
      if (statusChange)
        checkTransition(statusChange.from, statusChange.to, statusChange.reason, 'body.statusChange.reason');
      const unsigned: Omit<Action, 'hash'> = {
        id: actionId(seq, randomBytes(5).toString('hex')),
        commitmentId,
        seq,
        unitId: current.ownerUnitId,
        tier: current.tier,
        regionId: current.regionId,
        responsibilityIds: current.responsibilityIds,
        summary: input.summary,
        occurredAt: input.occurredAt,
        loggedAt,
        loggedBy: identity.userId,
        evidence: input.evidence,
        ...(statusChange ? { statusChange } : {}),
        ...(input.progress !== undefined ? { progress: input.progress } : {}),
        ...(input.corrects ? { corrects: input.corrects } : {}),
        ...(identity.correlationId ? { correlationId: identity.correlationId } : {}),
        prevHash: current.lastActionHash,
      };
      const action: Action = { ...unsigned, hash: hashAction(unsigned) };
      const next: Commitment = {
        ...current,
        version: current.version + 1,
        actionCount: seq,
        lastActionHash: action.hash,
        lastActionAt: loggedAt,
        ...(input.progress !== undefined ? { progress: input.progress } : {}),
        updatedAt: loggedAt,
        updatedBy: identity.userId,
        ...(identity.correlationId ? { correlationId: identity.correlationId } : {}),
      };
      if (statusChange && statusChange.to !== current.status) {
        applyStatus(next, statusChange.to, statusChange.reason, loggedAt);
      }
      const outcome = await appendAction(
        this.tableName,
        next,
        current.version,
        action,
        corrects ? { id: corrects.id, seq: corrects.seq as number } : undefined,
      );
      if (outcome === 'ok') return action;
      if (outcome === 'corrected-action-missing') {
        throw new ValidationError([
          { path: 'body.corrects', message: `No action ${corrects?.id} in this commitment` },
        ]);
      }
      await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** Math.min(attempt, 5)));
    }
    throw new ServiceUnavailableError('The commitment is changing too fast to append to; retry shortly.');
  }

  async actionsOf(
    identity: Identity,
    commitmentId: string,
    limit: number,
    startKey?: ResumeKey,
  ): Promise<Page<Action>> {
    await this.get(identity, commitmentId);
    return listActionsOfCommitment(this.tableName, commitmentId, limit, startKey, 'newest-first');
  }

  async unitActions(
    identity: Identity,
    unitId: string,
    from: string,
    to: string,
    limit: number,
    startKey?: ResumeKey,
  ): Promise<Page<Action>> {
    if (!ORG_UNITS_BY_ID.has(unitId))
      throw new ValidationError([{ path: 'query.unit', message: `Unknown org unit ${unitId}` }]);
    assertCanRead(identity, unitId);
    return listActionsByUnit(this.tableName, unitId, startOfPeriod(from), endOfPeriod(to), limit, startKey);
  }

  async list(identity: Identity, query: Omit<ListCommitmentsInput, 'cursor'>, state?: readonly PartState[]) {
    const partitions = this.partitionsFor(identity, query);
    const filter = {
      ...(query.status ? { statuses: query.status } : {}),
      ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
      ...(query.dueAfter ? { dueAfter: query.dueAfter } : {}),
      ...(query.dueBefore ? { dueBefore: query.dueBefore } : {}),
      ...(query.responsibility ? { responsibilityId: query.responsibility } : {}),
      today: todayUtc(this.clock()),
    };
    return listCommitments(this.tableName, partitions, filter, query.limit, state);
  }

  private partitionsFor(
    identity: Identity,
    query: Omit<ListCommitmentsInput, 'cursor'>,
  ): CommitmentPartition[] {
    if (query.unit) {
      if (!ORG_UNITS_BY_ID.has(query.unit))
        throw new ValidationError([{ path: 'query.unit', message: `Unknown org unit ${query.unit}` }]);
      assertCanRead(identity, query.unit);
      return [{ index: 'byUnit', unitId: query.unit }];
    }
    if (query.region) {
      const region = ORG_UNITS_BY_ID.get(query.region);
      if (region?.kind !== 'region')
        throw new ValidationError([{ path: 'query.region', message: 'Must be a region id' }]);
      assertCanRead(identity, region.id);
      return [{ index: 'byRegion', regionId: region.id }];
    }
    const scope = defaultScope(identity);
    if (scope.kind === 'unit') return [{ index: 'byUnit', unitId: scope.unitId }];
    if (scope.kind === 'region') return [{ index: 'byRegion', regionId: scope.regionId }];
    // Everything: national's partition and each region's, merged by due date.
    return ['national', ...ORG_UNITS.filter((u) => u.kind === 'region').map((u) => u.id)].map((regionId) => ({
      index: 'byRegion' as const,
      regionId,
    }));
  }

  /** Who covers a responsibility: the visible commitments that cite it, grouped by owner unit. */
  async coverage(
    identity: Identity,
    responsibilityId: string,
    version: string,
    limit: number,
    startKey?: ResumeKey,
  ) {
    if (!CATALOGUE.get(version)?.has(responsibilityId)) {
      throw new NotFoundError(`No responsibility ${responsibilityId} in catalogue ${version}.`);
    }
    const scope = defaultScope(identity);
    const visibility =
      scope.kind === 'unit'
        ? { unitId: scope.unitId }
        : scope.kind === 'region'
          ? { regionId: scope.regionId }
          : {};
    const page = await listResponsibilityLinks(
      this.tableName,
      version,
      responsibilityId,
      visibility,
      limit,
      startKey,
    );
    const commitments = await getCommitments(
      this.tableName,
      page.items.map((l) => l.commitmentId),
    );
    return { items: commitments.filter((c) => canRead(identity, c.ownerUnitId)), resumeKey: page.resumeKey };
  }

  async audit(identity: Identity, commitmentId: string) {
    const commitment = await this.get(identity, commitmentId);
    const actions = await allActionsOfCommitment(this.tableName, commitmentId);
    return { commitmentId, ...verifyChain(actions, commitment) };
  }
}

/** Sets a new status and what follows from it (completedAt, reason). */
function applyStatus(c: Commitment, to: Commitment['status'], reason: string | undefined, now: string): void {
  c.status = to;
  if (reason) c.statusReason = reason;
  else delete c.statusReason;
  if (to === 'completed') c.completedAt = now;
  else if (isOpen(to)) delete c.completedAt;
}

const startOfPeriod = (v: string) => (v.length === 10 ? `${v}T00:00:00.000Z` : new Date(v).toISOString());
const endOfPeriod = (v: string) => (v.length === 10 ? `${v}T23:59:59.999Z` : new Date(v).toISOString());

/** `If-Match: "3"` (or W/"3", or 3) to a version number; anything else is not a version we issued. */
export function parseIfMatch(header: string | undefined): number | undefined | 'invalid' {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  return match ? Number(match[1]) : 'invalid';
}
