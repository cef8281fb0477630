import { seedReferenceData } from '../../shared/catalogue/catalogue.repository';
import { config } from '../../shared/config';
import { logger } from '../../shared/observability/logger';

/**
 * Loads the responsibility catalogue and org units into the table. The CDK app runs it after every
 * deployment (a Trigger); the local runtime calls the same function on start.
 */
export const handler = async (): Promise<{ written: number }> => {
  const result = await seedReferenceData(config().TABLE_NAME);
  logger.info('reference data seeded', result);
  return result;
};
