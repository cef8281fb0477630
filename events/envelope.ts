import * as z from 'zod';

/** Every event this system publishes has this source. */
export const EVENT_SOURCE = 'accountability-tracker';

/** Metadata on every event: consumers deduplicate on `eventId`. */
export const EventMetadata = z.strictObject({
  eventId: z
    .string()
    .min(1)
    .describe('Stable id: the same change always yields the same id; deduplicate on it'),
  schemaVersion: z.string().describe('Version of this detail-type’s schema'),
  occurredAt: z.iso.datetime().describe('When the change happened'),
  correlationId: z.string().describe('The API request (or scheduled run) that caused it'),
});
export type EventMetadata = z.infer<typeof EventMetadata>;

export interface EventContract<D extends z.ZodObject = z.ZodObject> {
  /** EventBridge detail-type. */
  detailType: string;
  version: string;
  description: string;
  data: D;
  example: z.input<D>;
}

/** An event type's AsyncAPI message id (`DutyLoggedV1`), for the document and CloudEvents' `dataschema`. */
export const asyncApiMessageId = (detailType: string, version: string) =>
  `${detailType.replace(/(^|\s)(\w)/g, (_, __, c: string) => c.toUpperCase())}V${version}`;

/** The EventBridge `detail` of a contract: `{ metadata, data }`. */
export function detailSchema<D extends z.ZodObject>(contract: EventContract<D>) {
  return z.strictObject({ metadata: EventMetadata, data: contract.data });
}

export function defineEvent<D extends z.ZodObject>(contract: EventContract<D>): EventContract<D> {
  return contract;
}

export const Tier = z.enum(['ics', 'region', 'national']);
