import * as z from 'zod';
import { defineEvent, Tier } from './envelope';

export const CommitmentCreated = defineEvent({
  detailType: 'Commitment Created',
  version: '1',
  description: 'A unit recorded a commitment against one or more responsibilities.',
  data: z.object({
    commitmentId: z.string(),
    ownerUnitId: z.string(),
    tier: Tier,
    regionId: z.string(),
    title: z.string(),
    responsibilityIds: z.array(z.string()),
    dueDate: z.iso.date(),
    status: z.string(),
    createdBy: z.string(),
  }),
  example: {
    commitmentId: 'cmt-4b1d6f2e-0000-4000-8000-000000000001',
    ownerUnitId: 'region-london',
    tier: 'region',
    regionId: 'region-london',
    title: 'Integrated regional workforce plan 2027/28',
    responsibilityIds: ['REG-WP-1', 'REG-WP-3'],
    dueDate: '2027-03-31',
    status: 'not_started',
    createdBy: 'amara.okafor',
  },
});
