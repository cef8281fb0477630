import { createHmac, randomBytes } from 'node:crypto';
import { asyncApiMessageId } from '../../events/envelope';

/**
 * What a webhook receives (docs/events.md, "Webhooks"): each event as a CloudEvents 1.0 structured
 * JSON document, signed as the Standard Webhooks specification describes.
 */
export interface TrackerEvent {
  detailType: string;
  version: string;
  detail: {
    metadata: { eventId: string; occurredAt: string; schemaVersion: string };
    data: Record<string, unknown>;
  };
}

export interface CloudEvent {
  specversion: '1.0';
  /** The event's stable id (`metadata.eventId`): the same change always has the same id. */
  id: string;
  source: string;
  /** `uk.nhs.accountability-tracker.<detail-type>.v<version>`, e.g. `...duty-logged.v1`. */
  type: string;
  /** What it is about: the commitment (or the summary, or the org change). */
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  /** The JSON Schema of `data`: the AsyncAPI document's message payload `detail`. */
  dataschema: string;
  /** The EventBridge `detail`: `{ metadata, data }`. */
  data: TrackerEvent['detail'];
}

export const CLOUDEVENTS_SOURCE = 'urn:accountability-tracker:events';
const slug = (detailType: string) => detailType.toLowerCase().replace(/\s+/g, '-');

export const cloudEventType = (detailType: string, version: string) =>
  `uk.nhs.accountability-tracker.${slug(detailType)}.v${version}`;

export function toCloudEvent(event: TrackerEvent, apiUrl: string): CloudEvent {
  const data = event.detail.data;
  const subject = [data.commitmentId, data.summaryId, data.changeId].find((v) => typeof v === 'string') as
    | string
    | undefined;
  return {
    specversion: '1.0',
    id: event.detail.metadata.eventId,
    source: CLOUDEVENTS_SOURCE,
    type: cloudEventType(event.detailType, event.version),
    ...(subject ? { subject } : {}),
    time: event.detail.metadata.occurredAt,
    datacontenttype: 'application/json',
    dataschema: `${apiUrl.replace(/\/$/, '')}/asyncapi.json#/components/messages/${asyncApiMessageId(event.detailType, event.version)}/payload/schema/properties/detail`,
    data: event.detail,
  };
}

/** A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * The Standard Webhooks headers for a body: `webhook-id` (the same on every retry of one message),
 * `webhook-timestamp` (seconds) and `webhook-signature` (`v1,` and the base64 HMAC-SHA256 of
 * `id.timestamp.body` under the secret's bytes).
 */
export function signWebhook(secret: string, id: string, body: string, at: Date): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000).toString();
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
