import type { OrgUnitKind } from '../catalogue/types';

export const STATUSES = [
  'not_started',
  'on_track',
  'at_risk',
  'off_track',
  'completed',
  'cancelled',
] as const;
export type Status = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly Status[] = ['not_started', 'on_track', 'at_risk', 'off_track'];
export const CLOSED_STATUSES: readonly Status[] = ['completed', 'cancelled'];
export const isOpen = (status: Status) => OPEN_STATUSES.includes(status);

export const RAGS = ['red', 'amber', 'green'] as const;
export type Rag = (typeof RAGS)[number];

export interface Commitment {
  id: string;
  ownerUnitId: string;
  /** The owner's tier: national, region or ics. */
  tier: OrgUnitKind;
  /** The owner's region (itself for a region; `national` for national commitments). */
  regionId: string;
  accountableRole: string;
  /** The person accountable for it (a user id, the token's `sub`); changed only by a hand-over. */
  accountableUserId: string;
  /** A commitment at a higher tier this one contributes to (ICS -> region or national, region -> national). */
  parentId?: string;
  /** Who linked it to its parent, and when (an editor of its own unit or of the parent's). */
  linkedBy?: string;
  linkedAt?: string;
  title: string;
  description: string;
  /** What will be delivered (a commitment without one is not measurable). */
  deliverable?: string;
  /** The measure or target delivery is judged by (a commitment without one is not measurable). */
  measure?: string;
  catalogueVersion: string;
  responsibilityIds: string[];
  tags: string[];
  dueDate: string;
  status: Status;
  statusReason?: string;
  rag: Rag;
  /** Percent complete, as last reported by an action. */
  progress: number;
  /** Bumped on every change to the item (PATCH or a logged action); the ETag. */
  version: number;
  actionCount: number;
  /** Hash of the newest action; the next action stores it as its `prevHash`. */
  lastActionHash: string;
  lastActionAt?: string;
  completedAt?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  /** The request that last changed it; events it causes carry the same id. */
  correlationId?: string;
  /** Hash of its newest version record (the head of the version chain; see commitment-history.ts). */
  versionHash?: string;
  /** The accountable owner's delivery confidence, as last rated (every rating is in the history). */
  ownerConfidence?: ConfidenceRating;
  /** The assurer's (the parent unit's: the region for an ICS, national for a region). */
  assurerConfidence?: ConfidenceRating;
  /** Opened by a Red from either side: a recovery action and a re-review, both tracked. */
  responseToRed?: ResponseToRed;
  /** The latest acknowledgement of it being overdue (every one is in the history). */
  acknowledgement?: Acknowledgement;
  /** Completing it, and its owner rating it Green, need evidence and a reviewer's sign-off. */
  signOffRequired?: boolean;
  /** The latest sign-off request and its decision (awaiting: not counted as done until approved). */
  signOff?: SignOff;
}

/** A completion or an owner's Green waiting for (or given) a reviewer's sign-off. */
export interface SignOff {
  kind: 'completion' | 'green';
  state: 'awaiting' | 'approved' | 'rejected';
  requestedAt: string;
  requestedBy: string;
  /** The action that asked to complete it (completion), with its evidence. */
  actionId?: string;
  /** The Green rating asked for (green), applied when approved. */
  rating?: ConfidenceRating;
  /** The status reason the completion gave. */
  reason?: string;
  decidedAt?: string;
  decidedBy?: string;
  decidedUnitId?: string;
  note?: string;
}

/** A unit holding an overdue duty says it has seen it and what it will do: escalation stops there. */
export interface Acknowledgement {
  /** The due date it was overdue against (a new due date starts afresh). */
  dueDate: string;
  /** The escalation level of the unit that acknowledged (0: the owner, 1: the next tier up...). */
  level: number;
  unitId: string;
  by: string;
  at: string;
  /** What they will do. */
  plan: string;
}

/** Delivery confidence, as UK government project boards rate it, with its published meaning. */
export const CONFIDENCE_DEFINITIONS: Record<Rag, string> = {
  green: 'Successful delivery appears highly likely.',
  amber: 'Successful delivery appears feasible but with significant issues, which appear resolvable.',
  red: 'Successful delivery appears unachievable without re-scoping or re-planning.',
};
/** "Green: Successful delivery appears highly likely. Amber: ..." where a rating is set or shown. */
export const confidenceScale = () =>
  (['green', 'amber', 'red'] as const)
    .map((r) => `${r.charAt(0).toUpperCase()}${r.slice(1)}: ${CONFIDENCE_DEFINITIONS[r]}`)
    .join(' ');
export type ConfidenceSide = 'owner' | 'assurer';

export interface ConfidenceRating {
  rating: Rag;
  /** Who rated it (user id) and for which unit. */
  by: string;
  unitId: string;
  at: string;
  reason: string;
  /** What it rests on (required for an owner's Green when sign-off is required). */
  evidence?: Evidence[];
}

export interface ResponseToRed {
  openedAt: string;
  /** Whose Red opened it. */
  openedBy: ConfidenceSide;
  /** A recovery action must be logged by the end of this day. */
  recoveryDue: string;
  recoveryActionId?: string;
  recoveryLoggedAt?: string;
  /** Confidence must be rated again by the end of this day. */
  reReviewDate: string;
  lastReviewAt?: string;
  /** Closed when neither side rates it Red any more. */
  closedAt?: string;
}

/** Evidence on an action: a link, or a file uploaded through POST /evidence (with its hash). */
export interface Evidence {
  url?: string;
  label?: string;
  file?: EvidenceFile;
}

export interface EvidenceFile {
  /** Where it is stored: `evidence/<commitment id>/<upload id>/<file name>`. */
  key: string;
  name: string;
  contentType: string;
  size: number;
  /** SHA-256 of the file as stored, hex (checked when the action was logged). */
  sha256: string;
}

/** A change of accountable person, recorded on the action that made it. */
export interface AccountabilityChange {
  from: string;
  to: string;
}

export interface StatusChange {
  from: Status;
  to: Status;
  reason?: string;
}

/** Something done against a commitment. Never updated or deleted; a correction is a new action. */
export interface Action {
  id: string;
  commitmentId: string;
  seq: number;
  unitId: string;
  /** Copied from the commitment so a Duty Logged event can be routed on them. */
  tier: OrgUnitKind;
  regionId: string;
  responsibilityIds: string[];
  summary: string;
  occurredAt: string;
  loggedAt: string;
  loggedBy: string;
  evidence: Evidence[];
  statusChange?: StatusChange;
  accountabilityChange?: AccountabilityChange;
  progress?: number;
  corrects?: string;
  /** The recovery action of a response to red. */
  recovery?: boolean;
  /** It asked to complete the commitment, which then awaits a reviewer's sign-off. */
  signOffRequested?: 'completion';
  correlationId?: string;
  prevHash: string;
  hash: string;
}

/** Derived, never stored: open and past its due date (dates compared as UTC calendar days). */
export function isOverdue(c: Pick<Commitment, 'status' | 'dueDate'>, today: string): boolean {
  return isOpen(c.status) && c.dueDate < today;
}

export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

/** What a commitment needs to be measurable: flagged in lists, digests and reports until it has all four. */
export const MEASURABILITY_FIELDS = ['deliverable', 'measure', 'dueDate', 'accountableUserId'] as const;

/** The fields a commitment lacks to be measurable (empty: measurable). */
export const notMeasurable = (c: Pick<Commitment, (typeof MEASURABILITY_FIELDS)[number]>) =>
  MEASURABILITY_FIELDS.filter((f) => !c[f]?.trim());

/** What the API returns: the stored commitment plus derived fields (and its roll-up, if it has children). */
export function commitmentView<R extends object>(c: Commitment, today = todayUtc(), rollup?: R) {
  const missing = notMeasurable(c);
  return {
    ...c,
    overdue: isOverdue(c, today),
    measurable: missing.length === 0,
    notMeasurable: missing,
    ...(rollup ? { rollup } : {}),
  };
}
