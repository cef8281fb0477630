import { randomBytes, randomUUID } from 'node:crypto';
import type { checkAgainstSeal as checkAgainstSealFn } from '../audit/sealing';
import { assertCanRead, assertCanWrite, canRead, canReadCommitment, defaultScope } from '../auth/access';
import type { Identity } from '../auth/identity';
import {
  catalogueVersionInForce,
  OPERATING_MODELS,
  ORG_UNITS_BY_ID,
  regionOf,
  responsibilitiesOf,
} from '../catalogue/catalogue';
import type { Responsibility } from '../catalogue/types';
import type { ResumeKey } from '../db/cursor';
import type { PartState } from '../db/merge-pages';
import type { Page } from '../db/query-page';
import type { EvidenceStore } from '../evidence/evidence-store';
import {
  ConflictError,
  type FieldError,
  ForbiddenError,
  HttpProblemError,
  NotFoundError,
  PreconditionFailedError,
  problemBody,
  ServiceUnavailableError,
  ValidationError,
} from '../http/problem';
import { logger } from '../observability/logger';
import { allRegionPartitions } from '../org/live-map';
import { requirePart } from '../parts';
import { londonDate } from '../summaries/period';
import { GENESIS_HASH, hashAction, verifyChain } from './action-chain';
import { commitmentsAsAt } from './as-at';
import {
  acknowledgementLevel,
  applyConfidence,
  assurerUnitOf,
  type ConfidenceInput,
  confidenceSideOf,
} from './assurance';
import { actionId, deadlineKey, seqOfActionId } from './commitment.keys';
import {
  type AccountabilityChange,
  type Action,
  type Commitment,
  type Evidence,
  isOpen,
  type Rag,
  type SignOff,
  type Status,
  todayUtc,
} from './commitment.model';
import {
  allActionsOfCommitment,
  allVersionsOfCommitment,
  appendAction,
  type CommitmentPartition,
  commitmentsOfPerson,
  getCommitment,
  getCommitments,
  insertCommitment,
  listActionsByUnit,
  listActionsOfCommitment,
  listChildren,
  listCommitments,
  listResponsibilityLinks,
  listVersions,
  type NewCommitment,
  replaceCommitment,
  versionsSince,
  writeBaselineVersion,
} from './commitment.repository';
import {
  type ChangeKind,
  type ChangeMeta,
  recordVersion,
  stateAsAt,
  stateOf,
  verifyHistory,
} from './commitment-history';
import type {
  BulkStatusInput,
  CreateActionInput,
  CreateCommitmentInput,
  EvidenceInput,
  HandoverInput,
  ListCommitmentsInput,
  MyCommitmentsInput,
  PatchCommitmentInput,
} from './commitments.schemas';
import { type CommitmentTree, type Rollup, rollupOf } from './rollup';
import { checkTransition } from './status-machine';

/**
 * What only some functions need, given by their handlers: each brings AWS clients (S3, KMS) that
 * would otherwise be bundled into, and started by, every commitment function (issue #19).
 */
export interface OptionalParts {
  /** The evidence store: the functions that accept cited files (actions, ratings, the import). */
  evidence?: Pick<EvidenceStore, 'stat'>;
  /** Seal checks: the audit. */
  checkAgainstSeal?: typeof checkAgainstSealFn;
}

const CATALOGUE = new Map<string, Map<string, Responsibility>>(
  OPERATING_MODELS.map((m) => [m.version, new Map(responsibilitiesOf(m).map((r) => [r.id, r]))]),
);
const TIER_LABEL = { ics: 'an ICS', region: 'a region', national: 'national' } as const;
const TIER_RANK = { ics: 1, region: 2, national: 3 } as const;
const TIER_ADJECTIVE = { ics: 'ICS', region: 'regional', national: 'national' } as const;

/** A commitment ready to insert: the item and its responsibility links. */
export type CommitmentDraft = NewCommitment;

/** What happened to one item of a bulk request. */
export interface ItemOutcome {
  id: string;
  /** The HTTP status this item alone would have had. */
  status: number;
  outcome: 'updated' | 'failed';
  version?: number;
  from?: Status;
  to?: Status;
  problem?: { type: string; title: string; detail?: string; errors?: FieldError[] };
}

/**
 * Use cases for commitments and actions. Plain TypeScript over the repository: every rule about
 * who may do what, which responsibilities a unit may commit to, and how statuses move lives here.
 */
export class CommitmentsService {
  constructor(
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly parts: OptionalParts = {},
  ) {}

  /** The same service with parts only some functions load (see OptionalParts). */
  with(parts: OptionalParts): CommitmentsService {
    return new CommitmentsService(this.tableName, this.clock, { ...this.parts, ...parts });
  }

  async create(identity: Identity, input: CreateCommitmentInput): Promise<Commitment> {
    const draft = await this.draft(identity, input, { id: `cmt-${randomUUID()}`, field: 'body' });
    await insertCommitment(this.tableName, draft);
    return draft.commitment;
  }

  /**
   * Checks a new commitment against every rule (owner, authorization, catalogue, tier, parent) and
   * builds it; throws a ValidationError naming `<field>.<name>` or a ForbiddenError. The CSV import
   * drafts each row through here too.
   */
  async draft(
    identity: Identity,
    input: CreateCommitmentInput,
    options: {
      id: string;
      field: string;
      parents?: Map<string, Commitment | undefined>;
      change?: Extract<ChangeKind, 'created' | 'imported'>;
    },
  ): Promise<CommitmentDraft> {
    const { field } = options;
    const ownerUnitId = input.ownerUnitId ?? identity.unitId;
    const owner = ORG_UNITS_BY_ID.get(ownerUnitId);
    if (!owner) {
      throw new ValidationError([
        { path: `${field}.ownerUnitId`, message: `Unknown org unit ${ownerUnitId}` },
      ]);
    }
    assertCanWrite(identity, ownerUnitId);
    const version = input.catalogueVersion ?? catalogueVersionInForce(londonDate(this.clock()));
    const catalogue = CATALOGUE.get(version) ?? new Map<string, Responsibility>();
    const errors: FieldError[] = [];
    input.responsibilityIds.forEach((id, i) => {
      const responsibility = catalogue.get(id);
      if (!responsibility) {
        errors.push({
          path: `${field}.responsibilityIds.${i}`,
          message: `${id} is not in catalogue ${version}`,
        });
      } else if (responsibility.tier !== owner.kind) {
        errors.push({
          path: `${field}.responsibilityIds.${i}`,
          message: `${id} is ${TIER_LABEL[responsibility.tier]} responsibility; ${owner.name} commits to ${TIER_ADJECTIVE[owner.kind]} responsibilities`,
        });
      }
    });
    const regionId = regionOf(ownerUnitId) ?? 'national';
    if (input.signOffRequired && owner.kind === 'national')
      errors.push({
        path: `${field}.signOffRequired`,
        message: 'National commitments have no parent unit to sign them off',
      });
    if (input.parentId) {
      errors.push(
        ...(await this.parentErrors(
          identity,
          { id: options.id, tier: owner.kind, regionId },
          input.parentId,
          `${field}.parentId`,
          options.parents,
        )),
      );
    }
    if (errors.length) throw new ValidationError(errors);

    const now = this.clock().toISOString();
    const commitment: Commitment = {
      id: options.id,
      ownerUnitId,
      tier: owner.kind,
      regionId,
      accountableRole: input.accountableRole,
      accountableUserId: input.accountableUserId ?? identity.userId,
      ...(input.parentId ? { parentId: input.parentId, linkedBy: identity.userId, linkedAt: now } : {}),
      title: input.title,
      description: input.description,
      ...(input.deliverable ? { deliverable: input.deliverable } : {}),
      ...(input.measure ? { measure: input.measure } : {}),
      ...(input.signOffRequired ? { signOffRequired: true } : {}),
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
      regionId,
      responsibilityId,
      catalogueVersion: version,
    }));
    const first = recordVersion(undefined, commitment, { change: options.change ?? 'created' });
    return { commitment: first.commitment, links, version: first.version };
  }

  /**
   * Whether `parentId` may be the parent of `child` for this caller: the caller reads it (one they
   * may not read is answered exactly as a missing one, so the answer tells nothing of its unit, region
   * or tier), it sits at a higher tier, in the child's region unless it is national, and linking would
   * not make a cycle. Strictly higher tiers already rule cycles out; the walk up the ancestors keeps
   * that true if the tier rule ever relaxes.
   */
  private async parentErrors(
    identity: Identity,
    child: Pick<Commitment, 'id' | 'tier' | 'regionId'>,
    parentId: string,
    path: string,
    cache = new Map<string, Commitment | undefined>(),
  ): Promise<FieldError[]> {
    const load = async (id: string) => {
      if (!cache.has(id)) cache.set(id, await getCommitment(this.tableName, id));
      return cache.get(id);
    };
    if (parentId === child.id)
      return [{ path, message: 'A commitment cannot be its own parent', code: 'cycle' }];
    const parent = await load(parentId);
    if (!parent || !canReadCommitment(identity, parent))
      return [{ path, message: `No commitment ${parentId} that you may read`, code: 'parent_not_found' }];
    let ancestor: Commitment | undefined = parent;
    for (let depth = 0; ancestor?.parentId && depth < 10; depth++) {
      if (ancestor.parentId === child.id) {
        return [{ path, message: `Linking to ${parentId} would make a cycle`, code: 'cycle' }];
      }
      ancestor = await load(ancestor.parentId);
    }
    if (TIER_RANK[parent.tier] <= TIER_RANK[child.tier]) {
      return [
        {
          path,
          message: `${parentId} is ${TIER_LABEL[parent.tier]} commitment; a parent must be at a higher tier than ${TIER_LABEL[child.tier]} one`,
          code: 'parent_tier',
        },
      ];
    }
    if (parent.tier !== 'national' && parent.regionId !== child.regionId) {
      return [
        {
          path,
          message: `${parentId} belongs to ${parent.regionId}; a parent must be in the same region (${child.regionId}) or national`,
          code: 'cross_region_parent',
        },
      ];
    }
    return [];
  }

  /**
   * Who may change a commitment: editors of its owner unit, anything; editors of a parent's unit, only
   * its link to a commitment of theirs (`parentTo`: linking to one they own, or null: unlinking from
   * one they own). A link thus always needs someone who reads both ends and edits one of them: an ICS
   * or a region cannot read the commitments above it, so the parent's unit links its children.
   */
  private async assertMayChange(
    identity: Identity,
    current: Commitment,
    parentTo: string | null | undefined,
  ): Promise<void> {
    if (identity.role !== 'editor' || current.ownerUnitId === identity.unitId || parentTo === undefined)
      return assertCanWrite(identity, current.ownerUnitId);
    const parentId = parentTo ?? current.parentId;
    const parent = parentId ? await getCommitment(this.tableName, parentId) : undefined;
    // A parent the caller cannot read is left to the parent check (answered as missing).
    if (parentTo && (!parent || !canReadCommitment(identity, parent))) return;
    if (parent?.ownerUnitId !== identity.unitId)
      throw new ForbiddenError(
        `Editors of ${identity.unitId} may change ${current.ownerUnitId}'s commitments only to link them to, or unlink them from, a commitment of ${identity.unitId}'s.`,
      );
  }

  private part<K extends keyof OptionalParts>(name: K): NonNullable<OptionalParts[K]> {
    return requirePart(this.parts, name, 'commitmentsService');
  }

  /** One commitment; one the caller may not read is answered exactly as one that does not exist. */
  async get(identity: Identity, id: string): Promise<Commitment> {
    const commitment = await getCommitment(this.tableName, id);
    if (!commitment || !canReadCommitment(identity, commitment))
      throw new NotFoundError(`No commitment ${id}.`);
    return commitment;
  }

  /** Several commitments at once (BatchGetItem); each missing or unreadable one is a NotFoundError. */
  async getMany(
    identity: Identity,
    ids: readonly string[],
  ): Promise<Map<string, Commitment | NotFoundError>> {
    const found = new Map((await getCommitments(this.tableName, ids)).map((c) => [c.id, c]));
    return new Map(
      ids.map((id) => {
        const c = found.get(id);
        return [id, c && canReadCommitment(identity, c) ? c : new NotFoundError(`No commitment ${id}.`)];
      }),
    );
  }

  /**
   * The commitment a change starts from. One from before version records existed first gets its
   * baseline version, so its first change chains from it (start-up and `npm run migrate` give every
   * commitment one; this covers a commitment they have not reached yet).
   */
  private async getForChange(identity: Identity, id: string): Promise<Commitment> {
    const current = await this.get(identity, id);
    if (current.versionHash) return current;
    await baselineVersion(this.tableName, current, this.clock());
    return this.get(identity, id);
  }

  /** The commitment as it was at an instant (its newest version recorded at or before it). */
  async getAsAt(identity: Identity, id: string, asAt: string): Promise<Commitment> {
    const current = await this.get(identity, id);
    if (current.updatedAt <= asAt) return stateOf(current);
    const state = stateAsAt(await versionsSince(this.tableName, id, asAt), asAt);
    if (!state) throw new NotFoundError(`Commitment ${id} did not exist at ${asAt}.`);
    return state;
  }

  /** `GET /commitments/{id}/history`: its versions, oldest first. */
  async history(identity: Identity, id: string, limit: number, startKey?: ResumeKey) {
    await this.get(identity, id);
    return listVersions(this.tableName, id, limit, startKey, 'oldest-first');
  }

  async patch(
    identity: Identity,
    id: string,
    expectedVersion: number,
    patch: PatchCommitmentInput,
  ): Promise<Commitment> {
    return (await this.change(identity, id, expectedVersion, patch)).next;
  }

  /** A PATCH, returning the commitment as it was too (the bulk change reports where each came from). */
  private async change(
    identity: Identity,
    id: string,
    expectedVersion: number,
    patch: PatchCommitmentInput,
  ): Promise<{ current: Commitment; next: Commitment }> {
    const current = await this.getForChange(identity, id);
    const linkOnly = Object.entries(patch).every(([k, v]) => k === 'parentId' || v === undefined);
    await this.assertMayChange(identity, current, linkOnly ? patch.parentId : undefined);
    if (current.version !== expectedVersion) {
      throw new PreconditionFailedError(`The commitment is at version ${current.version}.`, current.version);
    }
    if (patch.status) checkTransition(current.status, patch.status, patch.reason, 'body.reason');
    if (patch.status === 'completed' && current.status !== 'completed' && current.signOffRequired)
      throw new ValidationError([
        {
          path: 'body.status',
          message:
            'This commitment needs evidence and sign-off to complete: log an action with statusChange to completed and evidence',
          code: 'evidence_required',
        },
      ]);
    if (patch.signOffRequired && current.tier === 'national')
      throw new ValidationError([
        {
          path: 'body.signOffRequired',
          message: 'National commitments have no parent unit to sign them off',
        },
      ]);
    if (patch.parentId) {
      const errors = await this.parentErrors(identity, current, patch.parentId, 'body.parentId');
      if (errors.length) throw new ValidationError(errors);
    }
    const now = this.clock().toISOString();
    const next: Commitment = {
      ...current,
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.deliverable ? { deliverable: patch.deliverable } : {}),
      ...(patch.measure ? { measure: patch.measure } : {}),
      ...(patch.signOffRequired !== undefined ? { signOffRequired: patch.signOffRequired } : {}),
      ...(patch.accountableRole !== undefined ? { accountableRole: patch.accountableRole } : {}),
      ...(patch.dueDate !== undefined ? { dueDate: patch.dueDate } : {}),
      ...(patch.rag !== undefined ? { rag: patch.rag } : {}),
      ...(patch.parentId && patch.parentId !== current.parentId
        ? { parentId: patch.parentId, linkedBy: identity.userId, linkedAt: now }
        : {}),
      version: current.version + 1,
      updatedAt: now,
      updatedBy: identity.userId,
      ...(identity.correlationId ? { correlationId: identity.correlationId } : {}),
    };
    if (patch.status && patch.status !== current.status) applyStatus(next, patch.status, patch.reason, now);
    if (patch.parentId === null) {
      delete next.parentId;
      delete next.linkedBy;
      delete next.linkedAt;
    }
    if (patch.deliverable === null) delete next.deliverable;
    if (patch.measure === null) delete next.measure;
    const recorded = recordVersion(current, next, {
      change: linkOnly ? 'linked' : 'updated',
      ...(patch.reason ? { reason: patch.reason } : {}),
    });
    const outcome = await replaceCommitment(
      this.tableName,
      recorded.commitment,
      expectedVersion,
      recorded.version,
    );
    if (!outcome.ok) {
      if (!outcome.current) throw new NotFoundError(`No commitment ${id}.`);
      throw new PreconditionFailedError(
        `The commitment changed meanwhile and is at version ${outcome.current.version}.`,
        outcome.current.version,
      );
    }
    return { current, next: recorded.commitment };
  }

  /**
   * `POST /commitments/{id}/confidence`: the owner's or the assurer's delivery confidence (the
   * caller's unit says which). A Red opens a response to red, whose recovery-action and re-review
   * deadlines go on the sweep's deadline list in the same transaction. Retries a lost race unless
   * the caller named the version it expects (If-Match).
   */
  async rateConfidence(
    identity: Identity,
    id: string,
    input: ConfidenceInput,
    expectedVersion?: number,
  ): Promise<Commitment> {
    // Files are looked up once, whichever attempt writes (after the side is known to be allowed).
    let resolved: Promise<Evidence[]> | undefined;
    return this.decideAndWrite(
      identity,
      id,
      async (current, now) => {
        const side = confidenceSideOf(identity, current);
        const pendingGreen = side === 'owner' && input.rating === 'green' && current.signOffRequired;
        if (pendingGreen && !input.evidence?.length)
          throw new ValidationError([
            {
              path: 'body.evidence',
              message: 'A Green on this commitment needs evidence (links or uploaded files) and sign-off',
              code: 'evidence_required',
            },
          ]);
        resolved ??= this.resolveEvidence(id, input.evidence ?? [], 'body.evidence');
        const evidence = await resolved;
        const next: Commitment = pendingGreen
          ? {
              ...current,
              signOff: {
                kind: 'green',
                state: 'awaiting',
                requestedAt: now.toISOString(),
                requestedBy: identity.userId,
                rating: {
                  rating: 'green',
                  by: identity.userId,
                  unitId: identity.unitId,
                  at: now.toISOString(),
                  reason: input.reason,
                  ...(evidence.length ? { evidence } : {}),
                },
              },
            }
          : applyConfidence(current, side, input, identity, now, londonDate(now), evidence);
        const response = next.responseToRed;
        // The response's deadlines go on the sweep's deadline list in the same transaction.
        const deadlines =
          response && !response.closedAt
            ? [
                ...(response.recoveryActionId
                  ? []
                  : [deadlineKey(response.recoveryDue, id, `recovery-action#${response.openedAt}`)]),
                deadlineKey(response.reReviewDate, id, `re-review#${response.reReviewDate}`),
              ].map((key) => ({
                Put: { TableName: this.tableName, Item: { ...key, type: 'Deadline', commitmentId: id } },
              }))
            : [];
        return {
          next,
          meta: { change: 'confidence', reason: `${side} confidence ${input.rating}: ${input.reason}` },
          also: deadlines,
        };
      },
      expectedVersion,
    );
  }

  /**
   * A change decided from the commitment as it is now (a rating, an acknowledgement, a sign-off):
   * read it, decide (rules and refusals first), write the next version on condition it is still the
   * one read. A lost race reads again and decides again (up to four times), unless the caller named
   * the version it expects (If-Match): then it is 412.
   */
  private async decideAndWrite(
    identity: Identity,
    id: string,
    decide: (
      current: Commitment,
      now: Date,
    ) => Promise<{ next: Commitment; meta: ChangeMeta; also?: Parameters<typeof replaceCommitment>[4] }>,
    expectedVersion?: number,
  ): Promise<Commitment> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.getForChange(identity, id);
      const now = this.clock();
      const { next, meta, also } = await decide(current, now);
      if (expectedVersion !== undefined && current.version !== expectedVersion)
        throw new PreconditionFailedError(
          `The commitment is at version ${current.version}.`,
          current.version,
        );
      const recorded = recordVersion(
        current,
        {
          ...next,
          version: current.version + 1,
          updatedAt: now.toISOString(),
          updatedBy: identity.userId,
          ...(identity.correlationId ? { correlationId: identity.correlationId } : {}),
        },
        meta,
      );
      const outcome = await replaceCommitment(
        this.tableName,
        recorded.commitment,
        current.version,
        recorded.version,
        also ?? [],
      );
      if (outcome.ok) return recorded.commitment;
      if (!outcome.current) throw new NotFoundError(`No commitment ${id}.`);
      if (expectedVersion !== undefined || attempt >= 3)
        throw new PreconditionFailedError(
          `The commitment changed meanwhile and is at version ${outcome.current.version}.`,
          outcome.current.version,
        );
    }
  }

  /**
   * `POST /commitments/{id}/acknowledgements`: a unit holding an overdue duty (the owner, or a tier
   * it has escalated to) acknowledges it with what it will do; escalation stops at that level.
   */
  async acknowledge(identity: Identity, id: string, plan: string): Promise<Commitment> {
    return this.decideAndWrite(identity, id, async (current, now) => {
      const level = acknowledgementLevel(identity, current, londonDate(now));
      return {
        next: {
          ...current,
          acknowledgement: {
            dueDate: current.dueDate,
            level,
            unitId: identity.unitId,
            by: identity.userId,
            at: now.toISOString(),
            plan,
          },
        },
        meta: { change: 'acknowledged', reason: `level ${level} (${identity.unitId}): ${plan}` },
      };
    });
  }

  /**
   * Evidence as an action records it: links as given; an uploaded file looked up in the evidence
   * store (it must be there, uploaded for this commitment) and recorded with its size, type and
   * SHA-256 as stored, so the record proves which file it was.
   */
  private async resolveEvidence(
    commitmentId: string,
    items: readonly EvidenceInput[],
    field: string,
  ): Promise<Evidence[]> {
    const errors: FieldError[] = [];
    const out: Evidence[] = [];
    for (const [i, item] of items.entries()) {
      if (!('file' in item)) {
        out.push(item);
        continue;
      }
      const { key } = item.file;
      const path = `${field}.${i}.file.key`;
      if (!key.startsWith(`evidence/${commitmentId}/`)) {
        errors.push({ path, message: `Must be a key POST /evidence gave for ${commitmentId}` });
        continue;
      }
      const stored = await this.part('evidence').stat(key);
      if (!stored) {
        errors.push({
          path,
          message: 'No file is stored at this key: upload it to the URL POST /evidence gave first',
        });
        continue;
      }
      out.push({
        ...(item.label ? { label: item.label } : {}),
        file: {
          key,
          name: key.split('/').at(-1) as string,
          contentType: stored.contentType ?? 'application/octet-stream',
          size: stored.size,
          sha256: stored.sha256,
        },
      });
    }
    if (errors.length) throw new ValidationError(errors);
    return out;
  }

  /**
   * `POST /commitments/{id}/sign-off`: a reviewer from the parent unit (not the person who asked, not
   * the accountable person) approves or rejects an awaiting completion or Green. Approval completes
   * it, or applies the Green; either way the decision and its note are in the history.
   */
  async signOff(
    identity: Identity,
    id: string,
    input: { decision: 'approve' | 'reject'; note: string },
  ): Promise<Commitment> {
    return this.decideAndWrite(identity, id, async (current, now) => {
      const pending = current.signOff?.state === 'awaiting' ? current.signOff : undefined;
      if (!pending)
        throw new ConflictError(
          'nothing-to-sign-off',
          'Nothing to sign off',
          `${id} has no completion or Green awaiting sign-off.`,
        );
      const reviewer = assurerUnitOf(current);
      if (identity.role !== 'editor' || identity.unitId !== reviewer)
        throw new ForbiddenError(`${id} is signed off by an editor of ${reviewer ?? 'its parent unit'}.`);
      if (identity.userId === pending.requestedBy || identity.userId === current.accountableUserId)
        throw new ForbiddenError(
          'Sign-off must come from someone other than the person who asked and the owner.',
        );
      const at = now.toISOString();
      const signOff: SignOff = {
        ...pending,
        state: input.decision === 'approve' ? 'approved' : 'rejected',
        decidedAt: at,
        decidedBy: identity.userId,
        decidedUnitId: identity.unitId,
        note: input.note,
      };
      let next: Commitment = { ...current, signOff };
      if (input.decision === 'approve' && pending.kind === 'completion' && isOpen(current.status))
        applyStatus(
          next,
          'completed',
          pending.reason ?? `Signed off by ${identity.userId}: ${input.note}`,
          at,
        );
      if (
        input.decision === 'approve' &&
        pending.kind === 'green' &&
        pending.rating &&
        isOpen(current.status)
      ) {
        const rating = pending.rating;
        next = {
          ...applyConfidence(
            next,
            'owner',
            { rating: 'green', reason: rating.reason },
            { userId: rating.by, unitId: rating.unitId, role: 'editor' },
            new Date(rating.at),
            londonDate(now),
            rating.evidence ?? [],
          ),
          signOff,
        };
      }
      return {
        next,
        meta: { change: 'signed-off', reason: `${input.decision} ${pending.kind}: ${input.note}` },
      };
    });
  }

  /** Appends an action (see appendAction). */
  async logAction(
    identity: Identity,
    commitmentId: string,
    input: CreateActionInput,
    options: { handOver?: AccountabilityChange } = {},
  ): Promise<Action> {
    const outcome = await this.appendAction(identity, commitmentId, input, options);
    if (typeof outcome === 'string') throw new Error(`Unreachable: ${outcome} without its option`);
    return outcome;
  }

  /**
   * Checks an action against the commitment it would be appended to, as it is now: writable by the
   * caller, not dated in the future, a correction naming an earlier action, a valid status move.
   * The CSV import runs its rows through here against the state earlier rows leave behind.
   */
  planAction(identity: Identity, current: Commitment, input: CreateActionInput) {
    const [first] = this.actionProblems(identity, current, input);
    if (first) throw first;
    return {
      statusChange: statusChangeOf(current, input),
      corrects: input.corrects
        ? { id: input.corrects, seq: seqOfActionId(input.corrects) as number }
        : undefined,
    };
  }

  /**
   * Every rule an action breaks against the commitment as it is now, in the order the API reports
   * the first of them (planAction throws it); a CSV dry run lists them all for the row.
   */
  actionProblems(identity: Identity, current: Commitment, input: CreateActionInput): HttpProblemError[] {
    const problems: HttpProblemError[] = [];
    const check = (rule: () => void) => {
      try {
        rule();
      } catch (error) {
        if (!(error instanceof HttpProblemError)) throw error;
        problems.push(error);
      }
    };
    check(() => assertCanWrite(identity, current.ownerUnitId));
    check(() => {
      if (Date.parse(input.occurredAt) > this.clock().getTime() + 5 * 60_000)
        throw new ValidationError([{ path: 'body.occurredAt', message: 'Must not be in the future' }]);
    });
    check(() => {
      if (!input.corrects) return;
      const seq = seqOfActionId(input.corrects);
      if (seq === undefined)
        throw new ValidationError([
          { path: 'body.corrects', message: 'Must be the id of an action of this commitment' },
        ]);
      if (seq > current.actionCount)
        throw new ValidationError([
          { path: 'body.corrects', message: `No action ${input.corrects} in this commitment` },
        ]);
    });
    check(() => {
      const change = statusChangeOf(current, input);
      if (change) checkTransition(change.from, change.to, change.reason, 'body.statusChange.reason');
    });
    check(() => {
      if (
        input.statusChange?.to !== 'completed' ||
        current.status === 'completed' ||
        !current.signOffRequired
      )
        return;
      if (current.signOff?.state === 'awaiting' && current.signOff.kind === 'completion')
        throw new ConflictError(
          'awaiting-sign-off',
          'Awaiting sign-off',
          `${current.id}'s completion is awaiting sign-off since ${current.signOff.requestedAt}.`,
        );
      if (!input.evidence.length)
        throw new ValidationError([
          {
            path: 'body.evidence',
            message: 'Completing this commitment needs evidence (links or uploaded files) and sign-off',
            code: 'evidence_required',
          },
        ]);
    });
    check(() => {
      if (input.recovery && (!current.responseToRed || current.responseToRed.closedAt))
        throw new ValidationError([
          {
            path: 'body.recovery',
            message: 'The commitment has no open response to red (a Red delivery confidence opens one)',
          },
        ]);
    });
    return problems;
  }

  /**
   * Appends an action and advances the commitment. Concurrent writers race on the commitment's
   * version; the loser re-reads and chains after the winner (bounded, with jittered backoff). With an
   * import mark, the mark is written in the same transaction, so a row is appended at most once. A
   * hand-over applies only while the commitment is still its `from` person's ('not-accountable').
   */
  async appendAction(
    identity: Identity,
    commitmentId: string,
    input: CreateActionInput,
    options: { handOver?: AccountabilityChange; importMark?: Record<string, unknown> } = {},
  ): Promise<Action | 'already-imported' | 'not-accountable'> {
    const nowDate = this.clock();
    const evidence = await this.resolveEvidence(commitmentId, input.evidence, 'body.evidence');
    for (let attempt = 0; attempt < 12; attempt++) {
      const current = await this.getForChange(identity, commitmentId);
      const planned = this.planAction(identity, current, input);
      const { corrects } = planned;
      // A completion that needs sign-off is asked for, not made: the reviewer's approval completes it.
      const deferred = planned.statusChange?.to === 'completed' && current.signOffRequired === true;
      const statusChange = deferred ? undefined : planned.statusChange;
      if (options.handOver && current.accountableUserId !== options.handOver.from) return 'not-accountable';
      const loggedAt = nowDate.toISOString();
      const seq = current.actionCount + 1;
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
        evidence,
        ...(statusChange ? { statusChange } : {}),
        ...(deferred ? { signOffRequested: 'completion' as const } : {}),
        ...(options.handOver ? { accountabilityChange: options.handOver } : {}),
        ...(input.progress !== undefined ? { progress: input.progress } : {}),
        ...(input.corrects ? { corrects: input.corrects } : {}),
        ...(input.recovery ? { recovery: true } : {}),
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
        ...(options.handOver ? { accountableUserId: options.handOver.to } : {}),
        ...(deferred
          ? {
              signOff: {
                kind: 'completion' as const,
                state: 'awaiting' as const,
                requestedAt: loggedAt,
                requestedBy: identity.userId,
                actionId: action.id,
                ...(planned.statusChange?.reason ? { reason: planned.statusChange.reason } : {}),
              },
            }
          : {}),
        ...(input.recovery && current.responseToRed && !current.responseToRed.recoveryActionId
          ? {
              responseToRed: {
                ...current.responseToRed,
                recoveryActionId: action.id,
                recoveryLoggedAt: loggedAt,
              },
            }
          : {}),
        updatedAt: loggedAt,
        updatedBy: identity.userId,
        ...(identity.correlationId ? { correlationId: identity.correlationId } : {}),
      };
      if (statusChange && statusChange.to !== current.status) {
        applyStatus(next, statusChange.to, statusChange.reason, loggedAt);
      }
      const recorded = recordVersion(current, next, {
        change: options.handOver ? 'handover' : 'action',
        actionId: action.id,
        ...(statusChange?.reason ? { reason: statusChange.reason } : {}),
      });
      const outcome = await appendAction(
        this.tableName,
        recorded.commitment,
        current.version,
        action,
        recorded.version,
        corrects,
        options.importMark,
      );
      if (outcome === 'ok') return action;
      if (outcome === 'marked') return 'already-imported';
      if (outcome === 'corrected-action-missing') {
        throw new ValidationError([
          { path: 'body.corrects', message: `No action ${corrects?.id} in this commitment` },
        ]);
      }
      await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** Math.min(attempt, 5)));
    }
    throw new ServiceUnavailableError('The commitment is changing too fast to append to; retry shortly.', {
      retryAfterSeconds: 1,
    });
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
    return listCommitments(this.tableName, partitions, this.filterOf(query), query.limit, state);
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
    return allRegionPartitions().map((regionId) => ({
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

  /** A commitment with its roll-up (when it has children): what `GET /commitments/{id}` returns. */
  async getWithRollup(identity: Identity, id: string): Promise<{ commitment: Commitment; rollup?: Rollup }> {
    const commitment = await this.get(identity, id);
    const tree = await this.treeOf(commitment);
    const rollup = rollupOf(tree, todayUtc(this.clock()));
    return rollup ? { commitment, rollup } : { commitment };
  }

  /**
   * A parent's direct children, each with its own roll-up, and the parent's. Whoever may read the
   * parent may read its children: they are in its region, at a lower tier (docs/api.md, "Roll-ups").
   */
  async children(identity: Identity, id: string) {
    const parent = await this.get(identity, id);
    const tree = await this.treeOf(parent);
    const today = todayUtc(this.clock());
    return {
      parent,
      rollup: rollupOf(tree, today),
      children: tree.children.map((child) => ({
        commitment: child.commitment,
        rollup: rollupOf(child, today),
      })),
    };
  }

  /**
   * The commitment and its descendants. A child is always at a lower tier, so an ICS commitment has
   * none (no query) and the tree is at most three levels deep.
   */
  private async treeOf(commitment: Commitment): Promise<CommitmentTree> {
    if (commitment.tier === 'ics') return { commitment, children: [] };
    const children = await listChildren(this.tableName, commitment.id);
    return { commitment, children: await Promise.all(children.map((child) => this.treeOf(child))) };
  }

  /** `GET /me/commitments`: what the caller is accountable for, by due date. */
  async mine(identity: Identity, query: Omit<MyCommitmentsInput, 'cursor'>, state?: readonly PartState[]) {
    const partitions: CommitmentPartition[] = [{ index: 'byAccountable', userId: identity.userId }];
    return listCommitments(this.tableName, partitions, this.filterOf(query), query.limit, state);
  }

  /** The list filters a query names, and today's date (the line between overdue and not). */
  private filterOf(
    query: Omit<MyCommitmentsInput, 'cursor' | 'limit'> & {
      responsibility?: string;
      measurable?: boolean;
      rag?: Rag[];
      accountable?: string;
    },
  ) {
    return {
      ...(query.status ? { statuses: query.status } : {}),
      ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
      ...(query.dueAfter ? { dueAfter: query.dueAfter } : {}),
      ...(query.dueBefore ? { dueBefore: query.dueBefore } : {}),
      ...(query.responsibility ? { responsibilityId: query.responsibility } : {}),
      ...(query.measurable !== undefined ? { measurable: query.measurable } : {}),
      ...(query.rag ? { rags: query.rag } : {}),
      ...(query.accountable ? { accountableUserId: query.accountable } : {}),
      today: todayUtc(this.clock()),
    };
  }

  /**
   * Hands a leaver's commitments in one unit to someone else. Each is an action on the commitment
   * (append-only, hash-chained, a Duty Logged event) that also changes its accountable person, so the
   * hand-over is in the record. Safe to repeat: commitments already handed over are not touched again.
   */
  async handOver(identity: Identity, unitId: string, input: HandoverInput) {
    if (!ORG_UNITS_BY_ID.has(unitId)) throw new NotFoundError(`No org unit ${unitId}.`);
    assertCanWrite(identity, unitId);
    const held = (await commitmentsOfPerson(this.tableName, input.fromUserId)).filter(
      (c) => c.ownerUnitId === unitId,
    );
    if (input.commitmentIds) {
      const heldIds = new Set(held.map((c) => c.id));
      const errors = input.commitmentIds.flatMap((id, i) =>
        heldIds.has(id)
          ? []
          : [
              {
                path: `body.commitmentIds.${i}`,
                message: `${id} is not a commitment of ${unitId} that ${input.fromUserId} is accountable for`,
              },
            ],
      );
      if (errors.length) throw new ValidationError(errors);
    }
    const named = input.commitmentIds && new Set(input.commitmentIds);
    const chosen = named ? held.filter((c) => named.has(c.id)) : held;
    const handedOver: Array<{ commitmentId: string; actionId: string }> = [];
    for (const commitment of chosen) {
      const outcome = await this.appendAction(
        identity,
        commitment.id,
        {
          summary: `Accountability handed over from ${input.fromUserId} to ${input.toUserId}: ${input.reason}`,
          occurredAt: this.clock().toISOString(),
          evidence: [],
        },
        { handOver: { from: input.fromUserId, to: input.toUserId } },
      );
      // Handed over by someone else meanwhile: it is no longer the leaver's to give.
      if (typeof outcome !== 'string') handedOver.push({ commitmentId: commitment.id, actionId: outcome.id });
    }
    return {
      unitId,
      fromUserId: input.fromUserId,
      toUserId: input.toUserId,
      count: handedOver.length,
      handedOver,
    };
  }

  /**
   * Moves many commitments to one status, each from the version the caller last saw. Each item goes
   * through the same rules and conditional write as a PATCH (and so has the same events); one failing
   * item does not stop the others. Items run one after another, in the order given.
   */
  async bulkStatus(identity: Identity, input: BulkStatusInput): Promise<ItemOutcome[]> {
    const outcomes: ItemOutcome[] = [];
    for (const item of input.items) {
      try {
        const { current, next } = await this.change(identity, item.id, item.version, {
          status: input.status,
          ...(input.reason ? { reason: input.reason } : {}),
        });
        outcomes.push({
          id: item.id,
          status: 200,
          outcome: 'updated',
          version: next.version,
          from: current.status,
          to: next.status,
        });
      } catch (caught) {
        // One item's infrastructure failure (throttling, a timeout) must not hide what the others did.
        if (!(caught instanceof HttpProblemError))
          logger.error('Bulk status item failed', { id: item.id, error: caught });
        const error =
          caught instanceof HttpProblemError
            ? caught
            : new ServiceUnavailableError('This item could not be changed just now; retry it.', {
                cause: caught,
              });
        const { type, title, detail, errors } = problemBody(error);
        outcomes.push({
          id: item.id,
          status: error.status,
          outcome: 'failed',
          ...(typeof error.extensions.currentVersion === 'number'
            ? { version: error.extensions.currentVersion }
            : {}),
          problem: {
            type,
            title,
            ...(detail ? { detail } : {}),
            ...(errors ? { errors: errors as FieldError[] } : {}),
          },
        });
      }
    }
    return outcomes;
  }

  async audit(identity: Identity, commitmentId: string) {
    const commitment = await this.get(identity, commitmentId);
    const [actions, versions] = await Promise.all([
      allActionsOfCommitment(this.tableName, commitmentId),
      allVersionsOfCommitment(this.tableName, commitmentId),
    ]);
    const chain = verifyChain(actions, commitment);
    const history = verifyHistory(versions, commitment, actions);
    const seal = await this.part('checkAgainstSeal')(commitment, versions, actions);
    const problems = [
      ...(chain.firstBrokenLink
        ? [`action chain: ${chain.firstBrokenLink.reason} (action ${chain.firstBrokenLink.seq})`]
        : []),
      ...history.problems.map((p) => `history: ${p}`),
      ...seal.problems.map((p) => `seal: ${p}`),
    ];
    return { commitmentId, ...chain, valid: problems.length === 0, chain, history, seal, problems };
  }

  /**
   * `GET /commitments?asAt=`: the commitments of the list's scope as they were at an instant, filtered
   * on that state (overdue as at its date), in due-date order, a page at a time after `after`.
   */
  async listAsAt(
    identity: Identity,
    query: Omit<ListCommitmentsInput, 'cursor'> & { asAt: string },
    after?: string,
  ) {
    const partitions = this.partitionsFor(identity, query);
    const regions = partitions.map((p) =>
      p.index === 'byUnit'
        ? { regionId: regionOf(p.unitId) ?? 'national', ownerUnitId: p.unitId }
        : { regionId: (p as { regionId: string }).regionId },
    );
    const { commitments } = await commitmentsAsAt(this.tableName, regions, query.asAt);
    const day = query.asAt.slice(0, 10);
    const filter = this.filterOf(query);
    const matching = commitments
      .filter(
        (c) =>
          (!filter.statuses || filter.statuses.includes(c.status)) &&
          (filter.overdue === undefined || filter.overdue === (isOpen(c.status) && c.dueDate < day)) &&
          (!filter.dueAfter || c.dueDate >= filter.dueAfter) &&
          (!filter.dueBefore || c.dueDate <= filter.dueBefore) &&
          (!filter.responsibilityId || c.responsibilityIds.includes(filter.responsibilityId)),
      )
      .map((c) => ({ key: `${c.dueDate}#${c.id}`, c }))
      .filter(({ key }) => !after || key > after)
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const page = matching.slice(0, query.limit);
    const last = page.at(-1);
    // The index keeps only changes a filter can see; a page item changed since by actions alone (progress,
    // action count) is read exactly from its own versions.
    const items = await Promise.all(
      page.map(async ({ c }) =>
        c.updatedAt <= query.asAt
          ? c
          : (stateAsAt(await versionsSince(this.tableName, c.id, query.asAt), query.asAt) ?? c),
      ),
    );
    return {
      items,
      ...(matching.length > query.limit && last ? { after: last.key } : {}),
    };
  }
}

/** Writes a pre-history commitment's baseline version (see writeBaselineVersion); false if it had one. */
export async function baselineVersion(tableName: string, current: Commitment, now: Date): Promise<boolean> {
  if (current.versionHash) return false;
  const recorded = recordVersion(undefined, current, { change: 'migrated', recordedAt: now.toISOString() });
  return writeBaselineVersion(tableName, recorded.commitment, recorded.version);
}

/** Sets a new status and what follows from it (completedAt, reason). */
/** The status change an action asks for (none when it asks for the status the commitment has). */
function statusChangeOf(current: Commitment, input: CreateActionInput) {
  return input.statusChange && input.statusChange.to !== current.status
    ? {
        from: current.status,
        to: input.statusChange.to,
        ...(input.statusChange.reason ? { reason: input.statusChange.reason } : {}),
      }
    : undefined;
}

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
