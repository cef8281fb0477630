import type { Identity } from '../auth/identity';
import { addWorkingDays } from '../calendar/working-days';
import { regionOf } from '../catalogue/catalogue';
import { ConflictError, ForbiddenError, ValidationError } from '../http/problem';
import { londonDate } from '../summaries/period';
import {
  type Acknowledgement,
  type Commitment,
  type ConfidenceRating,
  type ConfidenceSide,
  isOpen,
  type Rag,
} from './commitment.model';
import type { EvidenceInput } from './commitments.schemas';

/** A recovery action is due this many working days after a Red opens a response to red. */
export const RECOVERY_ACTION_WORKING_DAYS = 10;
/** Unless the rater names a date, confidence is re-reviewed this many working days after a Red. */
export const RE_REVIEW_WORKING_DAYS = 20;

/** The unit that assures a commitment: the region for an ICS's, national for a region's; none for national. */
export function assurerUnitOf(c: Pick<Commitment, 'tier' | 'ownerUnitId' | 'regionId'>): string | null {
  if (c.tier === 'ics') return regionOf(c.ownerUnitId) ?? c.regionId;
  if (c.tier === 'region') return 'national';
  return null;
}

/** Whose rating the caller gives: the owner unit's editors rate as owner, the parent unit's as assurer. */
export function confidenceSideOf(identity: Identity, c: Commitment): ConfidenceSide {
  if (identity.role !== 'editor')
    throw new ForbiddenError(`The ${identity.role} role cannot rate delivery confidence.`);
  if (identity.unitId === c.ownerUnitId) return 'owner';
  const assurer = assurerUnitOf(c);
  if (assurer && identity.unitId === assurer) return 'assurer';
  throw new ForbiddenError(
    `Delivery confidence of ${c.id} is rated by its owner (${c.ownerUnitId}) and ${assurer ? `its assurer (${assurer})` : 'no assurer: national commitments have none'}.`,
  );
}

export interface ConfidenceInput {
  rating: Rag;
  reason: string;
  reReviewDate?: string;
  /** Links as given, or uploads (`{file: {key}}`): resolved by the service before they are recorded. */
  evidence?: readonly EvidenceInput[];
}

type EvidenceList = NonNullable<ConfidenceRating['evidence']>;

/**
 * A confidence rating applied to a commitment: the side's rating replaced, and the response to red
 * opened (a Red when none is open), moved on (another rating while it stays Red: a new re-review
 * date) or closed (neither side Red any more).
 */
export function applyConfidence(
  current: Commitment,
  side: ConfidenceSide,
  input: ConfidenceInput,
  identity: Identity,
  now: Date,
  today: string,
  evidence: EvidenceList = [],
): Commitment {
  if (!isOpen(current.status))
    throw new ConflictError(
      'commitment-closed',
      'Commitment closed',
      `${current.id} is ${current.status}; delivery confidence is rated on open commitments only.`,
    );
  if (input.reReviewDate !== undefined && input.reReviewDate <= today)
    throw new ValidationError([{ path: 'body.reReviewDate', message: `Must be after today (${today})` }]);
  const rating: ConfidenceRating = {
    rating: input.rating,
    by: identity.userId,
    unitId: identity.unitId,
    at: now.toISOString(),
    reason: input.reason,
    ...(evidence.length ? { evidence } : {}),
  };
  const next: Commitment = {
    ...current,
    ...(side === 'owner' ? { ownerConfidence: rating } : { assurerConfidence: rating }),
  };
  const red = next.ownerConfidence?.rating === 'red' || next.assurerConfidence?.rating === 'red';
  const open = current.responseToRed && !current.responseToRed.closedAt ? current.responseToRed : undefined;
  const reReviewDate = input.reReviewDate ?? addWorkingDays(today, RE_REVIEW_WORKING_DAYS);
  if (!open && input.rating === 'red')
    next.responseToRed = {
      openedAt: rating.at,
      openedBy: side,
      recoveryDue: addWorkingDays(today, RECOVERY_ACTION_WORKING_DAYS),
      reReviewDate,
    };
  else if (open)
    next.responseToRed = red
      ? { ...open, lastReviewAt: rating.at, reReviewDate }
      : { ...open, lastReviewAt: rating.at, closedAt: rating.at };
  return next;
}

/** What is missed on an open response to red at the end of `today`: the recovery action, the re-review. */
export function missedOnResponse(c: Commitment, today: string): Array<'recovery-action' | 're-review'> {
  const r = c.responseToRed;
  if (!r || r.closedAt || !isOpen(c.status)) return [];
  return [
    ...(!r.recoveryActionId && r.recoveryDue < today ? (['recovery-action'] as const) : []),
    ...(r.reReviewDate < today ? (['re-review'] as const) : []),
  ];
}

/** An overdue duty moves up a tier when the unit holding it has not acknowledged it within this many working days. */
export const ESCALATION_GRACE_WORKING_DAYS = 5;

/** Who holds an overdue duty at each escalation level: the owner, then each tier up to national. */
export function escalationChain(c: Pick<Commitment, 'tier' | 'ownerUnitId' | 'regionId'>): string[] {
  const assurer = assurerUnitOf(c);
  if (!assurer) return [c.ownerUnitId];
  return assurer === 'national' ? [c.ownerUnitId, 'national'] : [c.ownerUnitId, assurer, 'national'];
}

const nextDay = (date: string) => new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);

export interface Escalation {
  /** 0: held by the owner; 1: by the next tier up; 2: by national. */
  level: number;
  heldBy: string;
  /** The day each level reached was reached, by level. */
  reachedOn: string[];
  /** Acknowledged by the unit holding it (or one above). */
  acknowledged: boolean;
  acknowledgement?: Acknowledgement;
  /** The day it moves up unless acknowledged first (none at the top or once acknowledged). */
  nextLevelOn?: string;
}

/**
 * Where an overdue duty is held on a day, by the rule: held by its owner from the day after its due
 * date; each ESCALATION_GRACE_WORKING_DAYS working days without an acknowledgement from the unit
 * holding it (or one above), it moves up a tier. Computed from the commitment alone (its due date and
 * its acknowledgement), so the sweep and an as-at summary agree. Undefined when it is not overdue.
 */
export function escalationOf(c: Commitment, today: string): Escalation | undefined {
  if (!isOpen(c.status) || c.dueDate >= today) return undefined;
  const chain = escalationChain(c);
  const ack = c.acknowledgement?.dueDate === c.dueDate ? c.acknowledgement : undefined;
  const ackDay = ack ? londonDate(ack.at) : undefined;
  const first = nextDay(c.dueDate);
  const reachedOn = [first];
  let nextLevelOn: string | undefined;
  for (let level = 1; level < chain.length; level++) {
    const day = addWorkingDays(first, level * ESCALATION_GRACE_WORKING_DAYS);
    // Acknowledged by the holder (or a unit above) before the grace ran out: it stays where it is.
    if (ack && ackDay && ack.level >= level - 1 && ackDay < day) break;
    if (day > today) {
      nextLevelOn = day;
      break;
    }
    reachedOn.push(day);
  }
  const level = reachedOn.length - 1;
  return {
    level,
    heldBy: chain[level] as string,
    reachedOn,
    acknowledged: Boolean(ack && ack.level >= level),
    ...(ack ? { acknowledgement: ack } : {}),
    ...(nextLevelOn ? { nextLevelOn } : {}),
  };
}

/**
 * Checks an acknowledgement: the caller must edit a unit in the duty's escalation chain that holds it
 * now or held it before (the owner always may; the region once it reached the region...).
 */
export function acknowledgementLevel(identity: Identity, c: Commitment, today: string): number {
  const escalation = escalationOf(c, today);
  if (!escalation)
    throw new ConflictError(
      'not-overdue',
      'Not overdue',
      `${c.id} is not overdue${isOpen(c.status) ? ` (due ${c.dueDate})` : ` (${c.status})`}: there is nothing to acknowledge.`,
    );
  if (identity.role !== 'editor')
    throw new ForbiddenError(`The ${identity.role} role cannot acknowledge an overdue duty.`);
  const chain = escalationChain(c);
  const level = chain.indexOf(identity.unitId);
  if (level < 0)
    throw new ForbiddenError(
      `An overdue ${c.id} is acknowledged by the unit holding it: ${chain.slice(0, escalation.level + 1).join(', ')}.`,
    );
  if (level > escalation.level)
    throw new ConflictError(
      'not-escalated-to-you',
      'Not escalated to your unit',
      `${c.id} is held by ${escalation.heldBy} (level ${escalation.level}); it reaches ${identity.unitId} ${escalation.nextLevelOn && level === escalation.level + 1 ? `on ${escalation.nextLevelOn} unless acknowledged first` : 'only if it is not acknowledged'}.`,
    );
  return level;
}
