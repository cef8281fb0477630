import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { EventMetadata } from '../../events/envelope';
import { mailerFromEnvironment } from '../../shared/summaries/mailer';
import { reportStore } from '../../shared/summaries/report-store';
import { webhooksService } from '../../shared/webhooks/service.instance';
import '../../shared/observability/tracing';

const Detail = z.object({ metadata: EventMetadata, data: z.record(z.string(), z.unknown()) });

/**
 * Rule target for every event: queues it for each webhook that wants it (once, however often the
 * event is redelivered) and delivers what is due. A failure to reach a receiver is not this
 * function's failure: it is retried from the queue, with backoff, for a day.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>) => {
  const detail = Detail.parse(event.detail);
  return webhooksService(undefined, { reports: reportStore, mailer: mailerFromEnvironment }).dispatch({
    detailType: event['detail-type'],
    version: detail.metadata.schemaVersion,
    detail,
  });
};
