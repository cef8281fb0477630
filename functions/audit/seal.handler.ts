import * as z from 'zod';
import { runSeal } from '../../shared/audit/sealing';
import { logger } from '../../shared/observability/logger';
import { refreshOrgMap } from '../../shared/org/live-map';
import '../../shared/observability/tracing';

const Env = z.object({ TABLE_NAME: z.string().min(1) });
const Input = z
  .object({
    /** Leave changes younger than this for the next run (index propagation, clock skew). */
    lagSeconds: z.number().int().min(0).max(3600).default(60),
    now: z.iso.datetime().optional(),
  })
  .default({ lagSeconds: 60 });

/** Scheduled (functions/schedules.ts): seals what moved since the last seal (see runSeal). */
export const handler = async (raw?: unknown) => {
  const { TABLE_NAME } = Env.parse(process.env);
  await refreshOrgMap(TABLE_NAME);
  const input = Input.parse(raw ?? undefined);
  const result = await runSeal(TABLE_NAME, {
    lagSeconds: input.lagSeconds,
    ...(input.now ? { now: new Date(input.now) } : {}),
  });
  logger.info('seal', result);
  return result;
};
