import * as z from 'zod';
import { logger } from '../../shared/observability/logger';
import { refreshOrgMap } from '../../shared/org/live-map';
import { OrgChangeService } from '../../shared/org/org-change.service';
import '../../shared/observability/tracing';

const Env = z.object({ TABLE_NAME: z.string().min(1) });

/** Scheduled daily: applies recorded org changes whose effective date has come (moves their commitments). */
export const handler = async (input?: { now?: string } | null) => {
  const { TABLE_NAME } = Env.parse(process.env);
  await refreshOrgMap(TABLE_NAME, { force: true });
  const now = input?.now ? new Date(input.now) : new Date();
  const applied = await new OrgChangeService(TABLE_NAME, () => now).applyDue({
    userId: 'org-change-schedule',
    role: 'admin',
    unitId: 'national',
    correlationId: `apply-org-changes-${now.toISOString()}`,
  });
  logger.info('org changes applied', { applied });
  return { applied: applied.length, moved: applied.reduce((n, a) => n + a.moved, 0), changes: applied };
};
