import type { Identity } from '../auth/identity';
import { addWorkingDays } from '../calendar/working-days';
import { regionOf } from '../catalogue/catalogue';
import { ConflictError, ForbiddenError, ValidationError } from '../http/problem';
import {
  type Commitment,
  type ConfidenceRating,
  type ConfidenceSide,
  isOpen,
  type Rag,
} from './commitment.model';

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
}

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
