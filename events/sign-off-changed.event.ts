import * as z from 'zod';
import { defineEvent, Tier } from './envelope';

export const SignOffChanged = defineEvent({
  detailType: 'Sign-off Changed',
  version: '1',
  description:
    "A completion or an owner's Green was put up for sign-off (`awaiting`), or a reviewer of the parent unit approved or rejected it. Route `awaiting` to the parent unit's reviewers.",
  data: z.object({
    commitmentId: z.string(),
    ownerUnitId: z.string(),
    tier: Tier,
    regionId: z.string(),
    kind: z.enum(['completion', 'green']),
    state: z.enum(['awaiting', 'approved', 'rejected']),
    requestedBy: z.string(),
    requestedAt: z.iso.datetime(),
    reviewerUnitId: z.string().nullable().describe('The unit whose editors sign it off'),
    decidedBy: z.string().optional(),
    note: z.string().optional(),
    version: z.number().int(),
  }),
  example: {
    commitmentId: 'cmt-4b1d6f2e-0000-4000-8000-000000000001',
    ownerUnitId: 'ics-devon',
    tier: 'ics',
    regionId: 'region-south-west',
    kind: 'completion',
    state: 'awaiting',
    requestedBy: 'devon.lead',
    requestedAt: '2026-11-20T10:00:00.000Z',
    reviewerUnitId: 'region-south-west',
    version: 9,
  },
});
