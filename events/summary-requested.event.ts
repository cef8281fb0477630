import * as z from 'zod';
import { defineEvent } from './envelope';

export const SummaryRequested = defineEvent({
  detailType: 'Summary Requested',
  version: '1',
  description:
    'A digest or report was asked for asynchronously (POST /reports with Prefer: respond-async). The summary worker makes it; GET /reports/{summaryId} answers 202 until it exists.',
  data: z.object({
    summaryId: z.string(),
    kind: z.enum(['digest', 'report']),
    scope: z.string(),
    period: z.string(),
    requestedBy: z.string(),
    requestedAt: z.iso.datetime(),
  }),
  example: {
    summaryId: 'sum-report-national-2026-Q3-final',
    kind: 'report',
    scope: 'national',
    period: '2026-Q3',
    requestedBy: 'priya.shah',
    requestedAt: '2026-10-01T08:00:00.000Z',
  },
});
