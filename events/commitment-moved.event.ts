import * as z from 'zod';
import { defineEvent, Tier } from './envelope';

export const CommitmentMoved = defineEvent({
  detailType: 'Commitment Moved',
  version: '1',
  description:
    'An org change (a merger, split, move or closure) moved a commitment to another owner unit or region. One per commitment moved; its action chain is unchanged.',
  data: z.object({
    commitmentId: z.string(),
    tier: Tier,
    from: z.object({ ownerUnitId: z.string(), regionId: z.string() }),
    to: z.object({ ownerUnitId: z.string(), regionId: z.string() }),
    orgChangeId: z.string(),
    movedBy: z.string(),
    version: z.number().int(),
  }),
  example: {
    commitmentId: 'cmt-4b1d6f2e-0000-4000-8000-000000000001',
    tier: 'ics',
    from: { ownerUnitId: 'ics-norfolk-and-waveney', regionId: 'region-east-of-england' },
    to: { ownerUnitId: 'ics-east-coast', regionId: 'region-east-of-england' },
    orgChangeId: '2026-04-east-coast-merger',
    movedBy: 'sam.patel',
    version: 7,
  },
});
