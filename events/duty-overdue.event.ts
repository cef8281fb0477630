import * as z from 'zod';
import { defineEvent, Tier } from './envelope';

export const DutyOverdue = defineEvent({
  detailType: 'Duty Overdue',
  version: '1',
  description:
    'An open commitment passed its due date (level 0: held by its owner), or moved up a tier because the unit holding it did not acknowledge it within 5 working days (level 1: the region for an ICS, national for a region; level 2: national). Each level once per commitment.',
  data: z.object({
    commitmentId: z.string(),
    ownerUnitId: z.string(),
    tier: Tier,
    regionId: z.string(),
    responsibilityIds: z.array(z.string()),
    title: z.string(),
    dueDate: z.iso.date(),
    daysOverdue: z.number().int().min(1),
    escalationLevel: z.number().int().min(0).max(2),
    heldBy: z.string().describe('The unit holding it at this level'),
    acknowledged: z
      .boolean()
      .describe('Whether the unit holding it has acknowledged it (a Duty Acknowledged event says when)'),
  }),
  example: {
    commitmentId: 'cmt-4b1d6f2e-0000-4000-8000-000000000001',
    ownerUnitId: 'ics-devon',
    tier: 'ics',
    regionId: 'region-south-west',
    responsibilityIds: ['ICS-WP-1'],
    title: 'Devon workforce and education plan',
    dueDate: '2026-10-31',
    daysOverdue: 23,
    escalationLevel: 1,
    heldBy: 'region-south-west',
    acknowledged: false,
  },
});
