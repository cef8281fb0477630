import * as z from 'zod';
import { PageQuery } from '../../shared/http/page-query';
import { orgMap } from '../../shared/org/live-map';
import { FORMATS } from '../../shared/summaries/render';

/** National, or a region the org map has had (a merged region's earlier periods stay reportable). */
export const Scope = z.string().refine((s) => s === 'national' || orgMap().life(s)?.kind === 'region', {
  message: 'Must be national or a region id',
});

export const GenerateReportBody = z.strictObject({
  kind: z.enum(['digest', 'report']),
  scope: Scope,
  period: z
    .string()
    .min(7)
    .max(22)
    .describe(
      '2026-W48, 2026-11, 2026-Q3 or 2026-11-01..2026-11-30 (a range: at most 366 days, not ending in the future). An ended period gives the final summary; a running one a draft.',
    ),
});

export const ReviseReportBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(5)
    .max(1000)
    .describe('Why the final summary is being corrected (kept on the record)'),
});

export const ListReportsQuery = z.strictObject({
  kind: z.enum(['digest', 'report']).optional(),
  status: z.enum(['draft', 'final']).optional().describe('Only drafts, or only finals (every revision)'),
  scope: Scope.optional(),
  ...PageQuery,
});

export const ReportPath = z.strictObject({ id: z.string().min(1).max(80) });
export const GetReportQuery = z.strictObject({ format: z.enum(FORMATS).optional() });
