import * as z from 'zod';
import { IsoDate } from '../../shared/commitments/commitments.schemas';

export const OrgChangeQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false)
    .describe('List everything the change would move, and write nothing'),
});

export const OrgChangePath = z.strictObject({ id: z.string().min(3).max(80) });

export const OrgUnitsQuery = z.strictObject({
  region: z.string().min(1).max(64).optional().describe('Only this region and its ICSs'),
  asAt: IsoDate.optional().describe('The map as it was on this date (default: today, UK time)'),
});
