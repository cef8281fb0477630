import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
export const l = new Logger();
export const m = new Metrics({ namespace: 'x' });
export const h = middy().use(logMetrics(m));
