import * as z from 'zod';
import { Scope } from '../reports/reports.schemas';

export const SubscribeBody = z.strictObject({
  email: z.email().max(254),
  scope: Scope,
  kind: z.enum(['digest', 'report']).default('digest'),
});
export const SubscriptionPath = z.strictObject({ id: z.string().min(1).max(100) });
