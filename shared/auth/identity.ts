import * as z from 'zod';
import type { HttpEvent } from '../http/handler';
import { ForbiddenError, UnauthorizedError } from '../http/problem';
import { orgMap, unitActingFor } from '../org/live-map';

/**
 * Claim names, the same in the cloud (Cognito, via API Gateway's JWT authorizer) and locally
 * (dev tokens verified by the local server). Handlers read identity only through `identityOf`.
 */
export const CLAIMS = { role: 'custom:role', unit: 'custom:unit' } as const;

/** `admin`: a national administrator, who records org changes (and otherwise reads like national). */
export const ROLES = ['editor', 'reader', 'board', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** OAuth scopes (Cognito resource server `tracker`): every route requires one of them. */
export const SCOPES = { read: 'tracker/read', write: 'tracker/write' } as const;

/** Editors and administrators read and write; readers and board members only read. */
export function scopesFor(role: Role): string[] {
  return role === 'editor' || role === 'admin' ? [SCOPES.read, SCOPES.write] : [SCOPES.read];
}

export interface Identity {
  userId: string;
  role: Role;
  unitId: string;
  name?: string;
  /** The request being made: `X-Correlation-Id` if the caller sent one, else API Gateway's request id. */
  correlationId?: string;
  /** The unit the token names, when the org map has since closed it and the caller acts as its successor. */
  tokenUnitId?: string;
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
  const role = c[CLAIMS.role];
  if (role === 'admin' && c[CLAIMS.unit] !== 'national')
    throw new ForbiddenError('The admin role belongs to the national unit only.');
  const unitId = unitFollowingTheMap(c[CLAIMS.unit]);
  return {
    userId: c.sub,
    role,
    unitId,
    ...(unitId !== c[CLAIMS.unit] ? { tokenUnitId: c[CLAIMS.unit] } : {}),
    ...(c.name ? { name: c.name } : {}),
    ...(correlationId ? { correlationId } : {}),
  };
}

/**
 * The unit a token acts for today. A unit the org map has closed acts as its successor only if the
 * change said so (`successorAccess`); otherwise the caller gets a 403 that names where its
 * commitments went, so they can ask for an account in the successor.
 */
function unitFollowingTheMap(unitId: string): string {
  const acting = unitActingFor(unitId);
  if (acting) return acting;
  const life = orgMap().life(unitId);
  const where = life?.successors?.length
    ? `its commitments are now held by ${life.successors.join(', ')}`
    : 'it has no successor';
  throw new ForbiddenError(
    `${unitId} closed on ${life?.validTo} (org change ${life?.closedBy}): ${where}. Ask an administrator for an account in the successor unit.`,
  );
}
