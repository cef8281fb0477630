import * as z from 'zod';
import { defineEvent, Tier } from './envelope';

export const CommitmentStatusChanged = defineEvent({
  detailType: 'Commitment Status Changed',
  version: '1',
  description: "A commitment's status moved (by PATCH or by an action's status change).",
  data: z.object({
    commitmentId: z.string(),
    ownerUnitId: z.string(),
    tier: Tier,
    regionId: z.string(),
    from: z.string(),
    to: z.string(),
    reason: z.string().optional(),
    changedBy: z.string(),
    version: z.number().int(),
  }),
  example: {
    commitmentId: 'cmt-4b1d6f2e-0000-4000-8000-000000000001',
    ownerUnitId: 'region-london',
    tier: 'region',
    regionId: 'region-london',
    from: 'on_track',
    to: 'at_risk',
    changedBy: 'amara.okafor',
    version: 4,
  },
});
