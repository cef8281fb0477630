import * as z from 'zod';
import { defineEvent, Tier } from './envelope';

export const DutyAcknowledged = defineEvent({
  detailType: 'Duty Acknowledged',
  version: '1',
  description:
    'The unit holding an overdue duty (its owner at level 0, the tier it escalated to at 1 or 2) acknowledged it and said what it will do; it escalates no further.',
  data: z.object({
    commitmentId: z.string(),
    ownerUnitId: z.string(),
    tier: Tier,
    regionId: z.string(),
    title: z.string(),
    dueDate: z.iso.date(),
    escalationLevel: z.number().int().min(0).max(2),
    acknowledged: z.literal(true),
    unitId: z.string().describe('The unit that acknowledged'),
    acknowledgedBy: z.string(),
    plan: z.string(),
  }),
  example: {
    commitmentId: 'cmt-4b1d6f2e-0000-4000-8000-000000000001',
    ownerUnitId: 'ics-devon',
    tier: 'ics',
    regionId: 'region-south-west',
    title: 'Devon workforce and education plan',
    dueDate: '2026-10-31',
    escalationLevel: 1,
    acknowledged: true,
    unitId: 'region-south-west',
    acknowledgedBy: 'regional.lead',
    plan: 'Regional lead to meet the ICS this week and agree a recovery date.',
  },
});
