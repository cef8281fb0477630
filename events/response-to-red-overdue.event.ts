import * as z from 'zod';
import { defineEvent, Tier } from './envelope';

export const ResponseToRedOverdue = defineEvent({
  detailType: 'Response To Red Overdue',
  version: '1',
  description:
    'A response to red missed a deadline: no recovery action by its due day, or confidence not re-reviewed by the re-review date. Once per deadline; the assurer unit is named so it can act.',
  data: z.object({
    commitmentId: z.string(),
    ownerUnitId: z.string(),
    tier: Tier,
    regionId: z.string(),
    title: z.string(),
    missed: z.enum(['recovery-action', 're-review']),
    deadline: z.iso.date().describe('The day it was due by'),
    openedAt: z.iso.datetime().describe('When the Red opened the response'),
    openedBy: z.enum(['owner', 'assurer']),
    assurerUnitId: z.string().nullable(),
  }),
  example: {
    commitmentId: 'cmt-4b1d6f2e-0000-4000-8000-000000000001',
    ownerUnitId: 'ics-devon',
    tier: 'ics',
    regionId: 'region-south-west',
    title: 'Devon workforce and education plan',
    missed: 'recovery-action',
    deadline: '2026-11-13',
    openedAt: '2026-10-30T10:12:00.000Z',
    openedBy: 'assurer',
    assurerUnitId: 'region-south-west',
  },
});
