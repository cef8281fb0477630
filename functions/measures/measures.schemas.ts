import * as z from 'zod';
import { orgMap } from '../../shared/org/live-map';
import { MEASURE_IDS } from '../../shared/spc/measures';

export const MeasuresQuery = z.strictObject({
  scope: z
    .string()
    .refine((s) => s === 'national' || orgMap().life(s) !== undefined, {
      message: 'Must be national, a region id or an ICS id',
    })
    .optional()
    .describe("national, a region or an ICS; default: the caller's own unit (national for board members)"),
  grain: z.enum(['week', 'month']).default('week').describe('52 weeks or 24 months'),
  through: z.iso
    .date()
    .optional()
    .describe('The series ends with the last week or month ended by this date; default: today (London)'),
  measure: z.enum(MEASURE_IDS).optional().describe('Only this measure (required with format=svg)'),
  format: z.enum(['json', 'svg']).default('json').describe('svg: the chart of one measure'),
});
