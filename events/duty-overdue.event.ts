import * as z from 'zod';
import { defineEvent, Tier } from './envelope';

export const DutyOverdue = defineEvent({
  detailType: 'Duty Overdue',
  version: '1',
  description:
    'An open commitment passed its due date. Escalation level 0 once overdue, 1 at 14 days, 2 at 30 days; each level once per commitment.',
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
  },
});
