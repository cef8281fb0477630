import { ConflictError, ValidationError } from '../http/problem';
import { isOpen, type Status } from './commitment.model';

/**
 * Status transitions (docs/api.md, "Commitment status"):
 * - an open status (not_started, on_track, at_risk, off_track) may move to any other status;
 * - a closed commitment (completed, cancelled) may only be reopened, to an open status, with a reason;
 * - nothing moves back to not_started once work has been reported.
 * Staying in the same status is not a transition and is always allowed.
 */
export function checkTransition(from: Status, to: Status, reason: string | undefined, field: string): void {
  if (from === to) return;
  if (to === 'not_started') {
    throw new ConflictError(
      'invalid-transition',
      'Invalid status transition',
      `A commitment cannot move from ${from} back to not_started.`,
    );
  }
  if (!isOpen(from)) {
    if (!isOpen(to)) {
      throw new ConflictError(
        'invalid-transition',
        'Invalid status transition',
        `A ${from} commitment can only be reopened (to on_track, at_risk or off_track), not moved to ${to}.`,
      );
    }
    if (!reason?.trim()) {
      throw new ValidationError(
        [{ path: field, message: `Reopening a ${from} commitment needs a reason.`, code: 'reason_required' }],
        'Reopening a closed commitment needs a reason.',
      );
    }
  }
}
