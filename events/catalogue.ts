import { AccountabilitySummaryGenerated } from './accountability-summary-generated.event';
import { CommitmentCompleted } from './commitment-completed.event';
import { CommitmentCreated } from './commitment-created.event';
import { CommitmentMoved } from './commitment-moved.event';
import { CommitmentStatusChanged } from './commitment-status-changed.event';
import { DeliveryConfidenceRated } from './delivery-confidence-rated.event';
import { DutyAcknowledged } from './duty-acknowledged.event';
import { DutyDueSoon } from './duty-due-soon.event';
import { DutyLogged } from './duty-logged.event';
import { DutyOverdue } from './duty-overdue.event';
import type { EventContract } from './envelope';
import { OrgUnitChanged } from './org-unit-changed.event';
import { ResponseToRedOverdue } from './response-to-red-overdue.event';
import { SignOffChanged } from './sign-off-changed.event';
import { SummaryRequested } from './summary-requested.event';

/** Every event this system publishes (docs/events.md, "Event catalogue"). */
export const EVENT_CATALOGUE: readonly EventContract[] = [
  CommitmentCreated,
  CommitmentStatusChanged,
  CommitmentCompleted,
  CommitmentMoved,
  DutyLogged,
  DutyOverdue,
  DutyDueSoon,
  DutyAcknowledged,
  AccountabilitySummaryGenerated,
  OrgUnitChanged,
  DeliveryConfidenceRated,
  ResponseToRedOverdue,
  SignOffChanged,
  SummaryRequested,
];

export const contractFileName = (c: EventContract) =>
  `${c.detailType.toLowerCase().replace(/\s+/g, '-')}.v${c.version}.schema.json`;

export {
  AccountabilitySummaryGenerated,
  CommitmentCompleted,
  CommitmentCreated,
  CommitmentMoved,
  CommitmentStatusChanged,
  DeliveryConfidenceRated,
  DutyAcknowledged,
  DutyDueSoon,
  DutyLogged,
  DutyOverdue,
  OrgUnitChanged,
  ResponseToRedOverdue,
  SignOffChanged,
  SummaryRequested,
};
