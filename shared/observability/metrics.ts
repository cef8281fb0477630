import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** One metrics emitter per process (CloudWatch EMF); the local runtime sets POWERTOOLS_METRICS_DISABLED. */
export const metrics = new Metrics({
  namespace: 'AccountabilityTracker',
  serviceName: 'accountability-tracker',
});
export { MetricUnit };
