import * as z from 'zod';
import { EVENT_CATALOGUE } from '../../events/catalogue';

const DETAIL_TYPES = EVENT_CATALOGUE.map((c) => c.detailType) as [string, ...string[]];

export const CreateWebhookBody = z.strictObject({
  kind: z
    .enum(['cloudevents', 'teams'])
    .default('cloudevents')
    .describe(
      'cloudevents: signed CloudEvents of the types asked for; teams: digests, reports and escalations as Adaptive Cards to a Teams Workflows webhook URL',
    ),
  url: z
    .string()
    .max(2048)
    .describe('Where events are POSTed: https, and not a private, loopback or link-local address'),
  eventTypes: z
    .array(z.enum(DETAIL_TYPES))
    .max(DETAIL_TYPES.length)
    .default([])
    .describe('The detail-types to send (docs/events.md); empty: every type'),
  scope: z
    .string()
    .min(1)
    .max(64)
    .describe('national, a region or a unit the caller may read: the events of commitments there'),
  email: z.email().max(254).describe('Told if the webhook is disabled after a day of failed deliveries'),
});

export const WebhookPath = z.strictObject({
  id: z.string().regex(/^wh-[0-9a-f-]{36}$/, 'Must be a webhook id'),
});

export const DeliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const ReplayBody = z.strictObject({
  from: z.iso.datetime({ offset: true }).describe('Events that occurred at or after this instant'),
  to: z.iso.datetime({ offset: true }).describe('... and at or before this one'),
});
