import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { EventMetadata } from '../../events/envelope';
import { logger } from '../../shared/observability/logger';
import { refreshOrgMap } from '../../shared/org/live-map';
import { generateSummary } from '../../shared/summaries/summaries.service';
import { finishSummaryJob, getSummaryJob } from '../../shared/summaries/summary.repository';
import '../../shared/observability/tracing';

const Env = z.object({ TABLE_NAME: z.string().min(1) });
const Detail = z.object({
  metadata: EventMetadata,
  data: z.object({ summaryId: z.string(), requestedAt: z.iso.datetime() }),
});

/**
 * Rule target for Summary Requested: makes the summary a POST /reports asked for asynchronously, as
 * at the instant it was asked (a draft's id was chosen then), and marks its job done. Safe to run
 * again (EventBridge retries): a summary that exists is not made twice. A failure marks the job
 * failed with why, then throws so the retries and the on-failure queue take over.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>) => {
  const { TABLE_NAME } = Env.parse(process.env);
  const { data } = Detail.parse(event.detail);
  const job = await getSummaryJob(TABLE_NAME, data.summaryId);
  if (!job || job.status === 'done') return { summaryId: data.summaryId, skipped: true };
  await refreshOrgMap(TABLE_NAME);
  try {
    const result = await generateSummary(
      TABLE_NAME,
      {
        kind: job.kind,
        scope: job.scope,
        period: job.period,
        correlationId: job.correlationId,
        requestedBy: job.requestedBy,
        draftId: job.id,
      },
      new Date(job.requestedAt),
    );
    await finishSummaryJob(TABLE_NAME, job.id, 'done');
    return { summaryId: result.record.id, created: result.created };
  } catch (error) {
    logger.error('summary generation failed', { summaryId: job.id, error });
    await finishSummaryJob(
      TABLE_NAME,
      job.id,
      'failed',
      error instanceof Error ? error.message : String(error),
    );
    throw error;
  }
};
