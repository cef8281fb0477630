import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { todayUtc } from '../../shared/commitments/commitment.model';
import { runOverdueSweep, type SweepResult } from '../../shared/commitments/overdue-sweep';
import { logger } from '../../shared/observability/logger';
import { refreshOrgMap } from '../../shared/org/live-map';
import '../../shared/observability/tracing';

const Env = z.object({
  TABLE_NAME: z.string().min(1),
  DUE_SOON_DAYS: z.coerce.number().int().min(0).max(90).default(14),
});
let env: z.infer<typeof Env> | undefined;

/** Scheduled (OverdueSweep in functions/schedules.ts). Safe to run twice, or twice at once. */
export const handler = async (input?: { today?: string } | null): Promise<SweepResult> => {
  env ??= Env.parse(process.env);
  const runId = `sweep-${randomUUID()}`;
  await refreshOrgMap(env.TABLE_NAME);
  const result = await runOverdueSweep(env.TABLE_NAME, {
    today: input?.today ?? todayUtc(),
    dueSoonDays: env.DUE_SOON_DAYS,
    runId,
  });
  logger.info('overdue sweep finished', { runId, ...result });
  return result;
};
