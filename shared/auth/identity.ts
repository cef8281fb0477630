import * as z from 'zod';
import type { HttpEvent } from '../http/handler';
import { UnauthorizedError } from '../http/problem';

/**
 * Claim names, the same in the cloud (Cognito, via API Gateway's JWT authorizer) and locally
 * (dev tokens verified by the local server). Handlers read identity only through `identityOf`.
 */
export const CLAIMS = { role: 'custom:role', unit: 'custom:unit' } as const;

export const ROLES = ['editor', 'reader', 'board'] as const;
export type Role = (typeof ROLES)[number];

/** OAuth scopes (Cognito resource server `tracker`): every route requires one of them. */
export const SCOPES = { read: 'tracker/read', write: 'tracker/write' } as const;

/** Editors read and write; readers and board members only read. */
export function scopesFor(role: Role): string[] {
  return role === 'editor' ? [SCOPES.read, SCOPES.write] : [SCOPES.read];
}

export interface Identity {
  userId: string;
  role: Role;
  unitId: string;
  name?: string;
  /** The request being made: `X-Correlation-Id` if the caller sent one, else API Gateway's request id. */
  correlationId?: string;
}

const ClaimsSchema = z.object({
  sub: z.string().min(1),
  [CLAIMS.role]: z.enum(ROLES),
  [CLAIMS.unit]: z.string().min(1),
  name: z.string().optional(),
});

/** Reads the caller from `requestContext.authorizer.jwt.claims`, where API Gateway puts them. */
export function identityOf(event: HttpEvent): Identity {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const parsed = ClaimsSchema.safeParse(claims ?? {});
  if (!parsed.success) {
    throw new UnauthorizedError('The token does not carry a valid role and unit.');
  }
  const c = parsed.data;
  const correlationId = event.headers?.['x-correlation-id']?.slice(0, 128) ?? event.requestContext.requestId;
  return {
    userId: c.sub,
    role: c[CLAIMS.role],
    unitId: c[CLAIMS.unit],
    ...(c.name ? { name: c.name } : {}),
    ...(correlationId ? { correlationId } : {}),
  };
}
