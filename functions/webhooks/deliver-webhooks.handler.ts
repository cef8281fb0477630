import { mailerFromEnvironment } from '../../shared/summaries/mailer';
import { webhooksService } from '../../shared/webhooks/service.instance';
import '../../shared/observability/tracing';

/** Schedule (every minute): delivers every webhook's due retries, oldest first. */
export const handler = async () => webhooksService(undefined, { mailer: mailerFromEnvironment }).deliverDue();
