import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type * as z from 'zod';
import {
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
} from '../../events/catalogue';
import { detailSchema, EVENT_SOURCE, type EventContract, type EventMetadata } from '../../events/envelope';
import { assurerUnitOf, escalationChain } from '../commitments/assurance';
import { uuidFromSeed } from '../ids';

/** The part of a DynamoDB stream record the mapper reads (Lambda's and GetRecords' shapes agree). */
export interface StreamRecordLike {
  eventName?: string;
  dynamodb?: {
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    ApproximateCreationDateTime?: number | Date;
  };
}

export interface OutgoingEvent {
  source: string;
  detailType: string;
  detail: { metadata: EventMetadata; data: Record<string, unknown> };
}

type Item = Record<string, unknown>;

/** Same change, same id: a redelivered stream record produces an event consumers already saw. */
export const stableEventId = (detailType: string, identity: string) =>
  uuidFromSeed(`${detailType}|${identity}`);

function build<D extends z.ZodObject>(
  contract: EventContract<D>,
  identity: string,
  occurredAt: string,
  correlationId: string,
  data: z.input<D>,
): OutgoingEvent {
  // Validating here means a producer bug fails loudly (and reaches the DLQ) instead of sending a broken event.
  const detail = detailSchema(contract).parse({
    metadata: {
      eventId: stableEventId(contract.detailType, identity),
      schemaVersion: contract.version,
      occurredAt,
      correlationId,
    },
    data,
  });
  return { source: EVENT_SOURCE, detailType: contract.detailType, detail: detail as OutgoingEvent['detail'] };
}

const str = (item: Item, key: string) => item[key] as string;
const correlation = (item: Item) => (item.correlationId as string | undefined) ?? 'unknown';

/**
 * Maps one table change to the events it means. Items the catalogue has no event for (links,
 * idempotency records, reference data) map to none.
 */
export function eventsFromRecord(record: StreamRecordLike): OutgoingEvent[] {
  const image = (raw?: Record<string, unknown>) =>
    raw ? unmarshall(raw as Record<string, AttributeValue>) : undefined;
  const next = image(record.dynamodb?.NewImage);
  const previous = image(record.dynamodb?.OldImage);
  if (!next) return [];
  const events: OutgoingEvent[] = [];

  switch (next.type) {
    case 'Commitment': {
      const base = {
        commitmentId: str(next, 'id'),
        ownerUnitId: str(next, 'ownerUnitId'),
        tier: next.tier as 'ics' | 'region' | 'national',
        regionId: str(next, 'regionId'),
      };
      if (record.eventName === 'INSERT') {
        events.push(
          build(CommitmentCreated, base.commitmentId, str(next, 'createdAt'), correlation(next), {
            ...base,
            title: str(next, 'title'),
            responsibilityIds: next.responsibilityIds as string[],
            dueDate: str(next, 'dueDate'),
            status: str(next, 'status'),
            createdBy: str(next, 'createdBy'),
          }),
        );
      }
      if (
        record.eventName === 'MODIFY' &&
        previous &&
        (previous.ownerUnitId !== next.ownerUnitId || previous.regionId !== next.regionId)
      ) {
        events.push(
          build(
            CommitmentMoved,
            `${base.commitmentId}|v${next.version}`,
            str(next, 'updatedAt'),
            correlation(next),
            {
              commitmentId: base.commitmentId,
              tier: base.tier,
              from: { ownerUnitId: str(previous, 'ownerUnitId'), regionId: str(previous, 'regionId') },
              to: { ownerUnitId: base.ownerUnitId, regionId: base.regionId },
              orgChangeId: correlation(next).replace(/^org-change:/, ''),
              movedBy: str(next, 'updatedBy'),
              version: next.version as number,
            },
          ),
        );
      }
      const ack = next.acknowledgement as
        | { dueDate: string; level: number; unitId: string; by: string; at: string; plan: string }
        | undefined;
      if (
        record.eventName === 'MODIFY' &&
        ack &&
        (previous?.acknowledgement as { at?: string } | undefined)?.at !== ack.at
      ) {
        events.push(
          build(DutyAcknowledged, `${base.commitmentId}|ack|${ack.at}`, ack.at, correlation(next), {
            ...base,
            title: str(next, 'title'),
            dueDate: ack.dueDate,
            escalationLevel: ack.level,
            acknowledged: true,
            unitId: ack.unitId,
            acknowledgedBy: ack.by,
            plan: ack.plan,
          }),
        );
      }
      type Rated = {
        rating: 'green' | 'amber' | 'red';
        by: string;
        unitId: string;
        at: string;
        reason: string;
      };
      for (const side of ['owner', 'assurer'] as const) {
        const rated = next[`${side}Confidence`] as Rated | undefined;
        const before = previous?.[`${side}Confidence`] as Rated | undefined;
        if (!rated || before?.at === rated.at) continue;
        const response = next.responseToRed as { openedAt: string; closedAt?: string } | undefined;
        const wasOpen = previous?.responseToRed as { openedAt: string; closedAt?: string } | undefined;
        events.push(
          build(
            DeliveryConfidenceRated,
            `${base.commitmentId}|v${next.version}|${side}`,
            rated.at,
            correlation(next),
            {
              ...base,
              side,
              rating: rated.rating,
              previous: before?.rating ?? null,
              reason: rated.reason,
              ratedBy: rated.by,
              unitId: rated.unitId,
              ratedAt: rated.at,
              responseToRed: !response
                ? 'none'
                : response.closedAt
                  ? wasOpen && !wasOpen.closedAt
                    ? 'closed'
                    : 'none'
                  : wasOpen?.openedAt === response.openedAt
                    ? 'open'
                    : 'opened',
              version: next.version as number,
            },
          ),
        );
      }
      const signOff = next.signOff as
        | {
            kind: 'completion' | 'green';
            state: 'awaiting' | 'approved' | 'rejected';
            requestedBy: string;
            requestedAt: string;
            decidedBy?: string;
            note?: string;
          }
        | undefined;
      const signOffBefore = previous?.signOff as { state?: string; requestedAt?: string } | undefined;
      if (
        signOff &&
        (signOffBefore?.state !== signOff.state || signOffBefore?.requestedAt !== signOff.requestedAt)
      ) {
        events.push(
          build(
            SignOffChanged,
            `${base.commitmentId}|v${next.version}|sign-off`,
            str(next, 'updatedAt'),
            correlation(next),
            {
              ...base,
              kind: signOff.kind,
              state: signOff.state,
              requestedBy: signOff.requestedBy,
              requestedAt: signOff.requestedAt,
              reviewerUnitId: assurerUnitOf(base),
              ...(signOff.decidedBy ? { decidedBy: signOff.decidedBy } : {}),
              ...(signOff.note ? { note: signOff.note } : {}),
              version: next.version as number,
            },
          ),
        );
      }
      if (record.eventName === 'MODIFY' && previous && previous.status !== next.status) {
        const identity = `${base.commitmentId}|v${next.version}`;
        events.push(
          build(CommitmentStatusChanged, identity, str(next, 'updatedAt'), correlation(next), {
            ...base,
            from: str(previous, 'status'),
            to: str(next, 'status'),
            ...(next.statusReason ? { reason: str(next, 'statusReason') } : {}),
            changedBy: str(next, 'updatedBy'),
            version: next.version as number,
          }),
        );
        if (next.status === 'completed') {
          const completedAt = str(next, 'completedAt');
          events.push(
            build(CommitmentCompleted, identity, completedAt, correlation(next), {
              ...base,
              responsibilityIds: next.responsibilityIds as string[],
              dueDate: str(next, 'dueDate'),
              completedAt,
              onTime: completedAt.slice(0, 10) <= str(next, 'dueDate'),
            }),
          );
        }
      }
      break;
    }
    case 'Action':
      if (record.eventName === 'INSERT') {
        events.push(
          build(
            DutyLogged,
            str(next, 'id') + str(next, 'commitmentId'),
            str(next, 'loggedAt'),
            correlation(next),
            {
              tier: next.tier as 'ics' | 'region' | 'national',
              unitId: str(next, 'unitId'),
              regionId: str(next, 'regionId'),
              responsibilityIds: next.responsibilityIds as string[],
              commitmentId: str(next, 'commitmentId'),
              actionId: str(next, 'id'),
              seq: next.seq as number,
              summary: str(next, 'summary'),
              loggedBy: str(next, 'loggedBy'),
              loggedAt: str(next, 'loggedAt'),
              ...(Array.isArray(next.evidence) && next.evidence.length
                ? {
                    evidence: (next.evidence as Array<Record<string, unknown>>).map((e) => {
                      const file = e.file as { key: string; name: string; sha256: string } | undefined;
                      return {
                        ...(e.url ? { url: e.url as string } : {}),
                        ...(e.label ? { label: e.label as string } : {}),
                        ...(file ? { file: { key: file.key, name: file.name, sha256: file.sha256 } } : {}),
                      };
                    }),
                  }
                : {}),
              ...(next.recovery ? { recovery: true } : {}),
            },
          ),
        );
      }
      break;
    case 'OrgChange': {
      // Announced once, when it has been applied (a scheduled change is announced on its date).
      if (next.status !== 'applied' || previous?.status === 'applied') break;
      const change = next.change as {
        id: string;
        kind: 'rename' | 'merge' | 'split' | 'move' | 'close';
        effectiveDate: string;
        description: string;
        unitId?: string;
        from?: string[];
        into?: { id: string } | Array<{ id: string }>;
        successor?: string;
      };
      const units = [
        ...(change.unitId ? [change.unitId] : []),
        ...(change.from ?? []),
        ...[change.into ?? []].flat().map((u) => u.id),
        ...(change.successor ? [change.successor] : []),
      ];
      events.push(
        build(OrgUnitChanged, change.id, str(next, 'appliedAt'), str(next, 'correlationId') ?? change.id, {
          changeId: change.id,
          kind: change.kind,
          effectiveDate: change.effectiveDate,
          description: change.description,
          units: [...new Set(units)],
          moved: next.moved as number,
          appliedAt: str(next, 'appliedAt'),
        }),
      );
      break;
    }
    case 'Summary':
      // Only a final summary (or a correction of one) is announced; drafts never are.
      if (record.eventName === 'INSERT' && next.status === 'final') {
        events.push(
          build(
            AccountabilitySummaryGenerated,
            str(next, 'id'),
            str(next, 'generatedAt'),
            correlation(next),
            {
              summaryId: str(next, 'id'),
              kind: next.kind as 'digest' | 'report',
              scope: str(next, 'scope'),
              period: str(next, 'period'),
              formats: next.formats as Array<'html' | 'csv' | 'json' | 'md'>,
            },
          ),
        );
      }
      break;
    case 'SummaryJob':
      // Announced when asked for (and when asked again after failing): the worker makes the summary.
      if (record.eventName === 'INSERT' || (previous?.status === 'failed' && next.status === 'queued'))
        events.push(
          build(
            SummaryRequested,
            `${str(next, 'id')}|job|${str(next, 'updatedAt')}`,
            str(next, 'requestedAt'),
            correlation(next),
            {
              summaryId: str(next, 'id'),
              kind: next.kind as 'digest' | 'report',
              scope: str(next, 'scope'),
              period: str(next, 'period'),
              requestedBy: str(next, 'requestedBy'),
              requestedAt: str(next, 'requestedAt'),
            },
          ),
        );
      break;
    case 'ResponseToRedMark':
      if (record.eventName !== 'INSERT') break;
      events.push(
        build(
          ResponseToRedOverdue,
          `${str(next, 'commitmentId')}|${str(next, 'missed')}|${str(next, 'openedAt')}|${str(next, 'deadline')}`,
          str(next, 'markedAt'),
          correlation(next),
          {
            commitmentId: str(next, 'commitmentId'),
            ownerUnitId: str(next, 'ownerUnitId'),
            tier: next.tier as 'ics' | 'region' | 'national',
            regionId: str(next, 'regionId'),
            title: str(next, 'title'),
            missed: next.missed as 'recovery-action' | 're-review',
            deadline: str(next, 'deadline'),
            openedAt: str(next, 'openedAt'),
            openedBy: next.openedBy as 'owner' | 'assurer',
            assurerUnitId: (next.assurerUnitId as string | null) ?? null,
          },
        ),
      );
      break;
    case 'OverdueMark':
    case 'DueSoonMark': {
      if (record.eventName !== 'INSERT') break;
      const common = {
        commitmentId: str(next, 'commitmentId'),
        ownerUnitId: str(next, 'ownerUnitId'),
        tier: next.tier as 'ics' | 'region' | 'national',
        regionId: str(next, 'regionId'),
        title: str(next, 'title'),
        dueDate: str(next, 'dueDate'),
      };
      events.push(
        next.type === 'OverdueMark'
          ? build(
              DutyOverdue,
              `${common.commitmentId}|${next.escalationLevel}`,
              str(next, 'markedAt'),
              correlation(next),
              {
                ...common,
                responsibilityIds: next.responsibilityIds as string[],
                daysOverdue: next.daysOverdue as number,
                escalationLevel: next.escalationLevel as number,
                // Marks from before escalation waited for acknowledgements carry neither.
                heldBy:
                  (next.heldBy as string | undefined) ??
                  escalationChain(common)[next.escalationLevel as number] ??
                  'national',
                acknowledged: (next.acknowledged as boolean | undefined) ?? false,
              },
            )
          : build(
              DutyDueSoon,
              `${common.commitmentId}|${common.dueDate}`,
              str(next, 'markedAt'),
              correlation(next),
              {
                ...common,
                daysUntilDue: next.daysUntilDue as number,
              },
            ),
      );
      break;
    }
  }
  return events;
}
