import * as z from 'zod';
import { defineEvent } from './envelope';

export const AccountabilitySummaryGenerated = defineEvent({
  detailType: 'Accountability Summary Generated',
  version: '1',
  description: 'A digest or governance report was generated for a scope and period (summaries issue).',
  data: z.object({
    summaryId: z.string(),
    kind: z.enum(['digest', 'report']),
    scope: z.string().describe('national, or a region id'),
    period: z.string().describe('e.g. 2026-W48, 2026-11, 2026-Q3'),
    formats: z.array(z.enum(['html', 'csv', 'json', 'md'])),
  }),
  example: {
    summaryId: 'sum-digest-national-2026-W48',
    kind: 'digest',
    scope: 'national',
    period: '2026-W48',
    formats: ['html', 'csv', 'json', 'md'],
  },
});
