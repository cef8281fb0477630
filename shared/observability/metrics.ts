import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from './logger';

/**
 * One metrics emitter per process (CloudWatch EMF); the local runtime sets POWERTOOLS_METRICS_DISABLED.
 * Its notes go through the service logger (level from POWERTOOLS_LOG_LEVEL), except the warning that a
 * request added no metrics: most requests add none, so it was every other log line.
 */
export const metrics = new Metrics({
  namespace: 'AccountabilityTracker',
  serviceName: 'accountability-tracker',
  logger: {
    debug: (message: unknown) => logger.debug(String(message)),
    info: (message: unknown) => logger.info(String(message)),
    warn: (message: unknown) => {
      if (!String(message).startsWith('No application metrics to publish')) logger.warn(String(message));
    },
    error: (message: unknown) => logger.error(String(message)),
  },
});
export { MetricUnit };
