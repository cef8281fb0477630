import * as z from 'zod';
import { defineEvent } from './envelope';

export const OrgUnitChanged = defineEvent({
  detailType: 'Org Unit Changed',
  version: '1',
  description:
    'An org change was applied: units renamed, merged, split, moved to another region or closed, from its effective date. Its commitments each raise Commitment Moved.',
  data: z.object({
    changeId: z.string(),
    kind: z.enum(['rename', 'merge', 'split', 'move', 'close']),
    effectiveDate: z.iso.date(),
    description: z.string(),
    /** Every unit the change names (closed, created, renamed or moved). */
    units: z.array(z.string()),
    moved: z.number().int(),
    appliedAt: z.iso.datetime(),
  }),
  example: {
    changeId: '2026-04-east-coast-merger',
    kind: 'merge',
    effectiveDate: '2026-04-01',
    description: 'Three ICBs merge under one board',
    units: [
      'ics-mid-and-south-essex',
      'ics-suffolk-and-north-east-essex',
      'ics-norfolk-and-waveney',
      'ics-east-coast',
    ],
    moved: 42,
    appliedAt: '2026-11-25T10:00:00.000Z',
  },
});
