import * as z from 'zod';
import { seedReferenceData } from '../../shared/catalogue/catalogue.repository';
import { logger } from '../../shared/observability/logger';

const Env = z.object({ TABLE_NAME: z.string().min(1) });

/**
 * Loads the responsibility catalogue and org units into the table. The CDK app runs it after every
 * deployment (a Trigger); the local runtime calls the same function on start.
 */
export const handler = async (): Promise<{ written: number }> => {
  const result = await seedReferenceData(Env.parse(process.env).TABLE_NAME);
  logger.info('reference data seeded', result);
  return result;
};
