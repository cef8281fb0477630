import * as z from 'zod';
import { defineEvent, Tier } from './envelope';

const Rating = z.enum(['green', 'amber', 'red']);

export const DeliveryConfidenceRated = defineEvent({
  detailType: 'Delivery Confidence Rated',
  version: '1',
  description:
    "The accountable owner or the assurer (the parent unit) rated a commitment's delivery confidence. `responseToRed` says whether a response to red is open after it.",
  data: z.object({
    commitmentId: z.string(),
    ownerUnitId: z.string(),
    tier: Tier,
    regionId: z.string(),
    side: z.enum(['owner', 'assurer']),
    rating: Rating,
    previous: Rating.nullable().describe("The same side's rating before (null: first rating)"),
    reason: z.string(),
    ratedBy: z.string(),
    unitId: z.string().describe('The unit the rater rated for'),
    ratedAt: z.iso.datetime(),
    responseToRed: z.enum(['opened', 'open', 'closed', 'none']),
    version: z.number().int(),
  }),
  example: {
    commitmentId: 'cmt-4b1d6f2e-0000-4000-8000-000000000001',
    ownerUnitId: 'ics-devon',
    tier: 'ics',
    regionId: 'region-south-west',
    side: 'assurer',
    rating: 'red',
    previous: 'amber',
    reason: 'Recruitment paused; no recovery plan yet.',
    ratedBy: 'regional.lead',
    unitId: 'region-south-west',
    ratedAt: '2026-11-20T10:00:00.000Z',
    responseToRed: 'opened',
    version: 7,
  },
});
