import * as z from 'zod';
import { defineEvent, Tier } from './envelope';

export const CommitmentCompleted = defineEvent({
  detailType: 'Commitment Completed',
  version: '1',
  description: 'A commitment was marked completed (also announced as a status change).',
  data: z.object({
    commitmentId: z.string(),
    ownerUnitId: z.string(),
    tier: Tier,
    regionId: z.string(),
    responsibilityIds: z.array(z.string()),
    dueDate: z.iso.date(),
    completedAt: z.iso.datetime(),
    onTime: z.boolean(),
  }),
  example: {
    commitmentId: 'cmt-4b1d6f2e-0000-4000-8000-000000000001',
    ownerUnitId: 'region-london',
    tier: 'region',
    regionId: 'region-london',
    responsibilityIds: ['REG-WP-1'],
    dueDate: '2027-03-31',
    completedAt: '2027-03-20T16:00:00.000Z',
    onTime: true,
  },
});
