import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per process; the level comes from POWERTOOLS_LOG_LEVEL. */
export const logger = new Logger({ serviceName: 'accountability-tracker' });
