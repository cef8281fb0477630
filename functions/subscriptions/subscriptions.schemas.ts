import * as z from 'zod';
import { Scope } from '../reports/reports.schemas';

export const SubscribeBody = z.strictObject({
  email: z.email().max(254),
  scope: Scope,
  kind: z.enum(['digest', 'report']).default('digest'),
});
export const SubscriptionPath = z.strictObject({ id: z.string().min(1).max(100) });
export const SubscriptionLinkQuery = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{32}$/, 'Must be the token from the e-mail link'),
});
