import * as z from 'zod';
import { defineEvent, Tier } from './envelope';

export const DutyDueSoon = defineEvent({
  detailType: 'Duty Due Soon',
  version: '1',
  description:
    'A reminder, once, a configurable number of days (DUE_SOON_DAYS, default 14) before an open commitment is due.',
  data: z.object({
    commitmentId: z.string(),
    ownerUnitId: z.string(),
    tier: Tier,
    regionId: z.string(),
    title: z.string(),
    dueDate: z.iso.date(),
    daysUntilDue: z.number().int().min(0),
  }),
  example: {
    commitmentId: 'cmt-4b1d6f2e-0000-4000-8000-000000000001',
    ownerUnitId: 'national',
    tier: 'national',
    regionId: 'national',
    title: 'PGMDE recruitment framework refresh',
    dueDate: '2026-12-01',
    daysUntilDue: 8,
  },
});
