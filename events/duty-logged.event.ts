import * as z from 'zod';
import { defineEvent, Tier } from './envelope';

export const DutyLogged = defineEvent({
  detailType: 'Duty Logged',
  version: '1',
  description:
    'An action was logged against a commitment. Select regional or national duties on `data.tier`.',
  data: z.object({
    tier: Tier,
    unitId: z.string(),
    regionId: z.string(),
    responsibilityIds: z.array(z.string()),
    commitmentId: z.string(),
    actionId: z.string(),
    seq: z.number().int(),
    summary: z.string(),
    loggedBy: z.string(),
    loggedAt: z.iso.datetime(),
    evidence: z
      .array(
        z.object({
          url: z.string().optional(),
          label: z.string().optional(),
          file: z.object({ key: z.string(), name: z.string(), sha256: z.string() }).optional(),
        }),
      )
      .optional()
      .describe('Links and uploaded files (with their SHA-256) the action cites'),
    recovery: z.boolean().optional().describe('The recovery action of a response to red'),
  }),
  example: {
    tier: 'region',
    unitId: 'region-london',
    regionId: 'region-london',
    responsibilityIds: ['REG-WP-1', 'REG-WP-3'],
    commitmentId: 'cmt-4b1d6f2e-0000-4000-8000-000000000001',
    actionId: 'act-1-a24dc8a219',
    seq: 1,
    summary: 'Planning workshop with all five ICSs',
    loggedBy: 'amara.okafor',
    loggedAt: '2026-11-23T09:30:58.595Z',
  },
});
