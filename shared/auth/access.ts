import { ORG_UNITS_BY_ID, regionOf } from '../catalogue/catalogue';
import { ForbiddenError } from '../http/problem';
import type { Identity } from './identity';

/**
 * Who may see and change what (docs/api.md, "Authorization"):
 * - national units and board members read everything;
 * - a region reads its own and its ICSs' commitments and actions;
 * - an ICS reads its own;
 * - only editors write, and only their own unit's commitments and actions.
 */
export function canRead(identity: Identity, unitId: string): boolean {
  if (identity.role === 'board') return true;
  const caller = ORG_UNITS_BY_ID.get(identity.unitId);
  if (!caller) return false;
  if (caller.kind === 'national') return true;
  if (unitId === identity.unitId) return true;
  return caller.kind === 'region' && regionOf(unitId) === caller.id;
}

/**
 * A commitment: whoever may read its owner unit's, and the person accountable for it (who may sit in
 * another unit). A parent's children are in its region at a lower tier, so the parent's owner reads
 * them under the rules above; anyone who may read a parent may list its children (docs/api.md, "Roll-ups").
 */
export function canReadCommitment(
  identity: Identity,
  commitment: { ownerUnitId: string; accountableUserId: string },
): boolean {
  return canRead(identity, commitment.ownerUnitId) || commitment.accountableUserId === identity.userId;
}

export function assertCanRead(identity: Identity, unitId: string): void {
  if (!canRead(identity, unitId)) {
    throw new ForbiddenError(`${identity.unitId} may not read ${unitId}'s commitments.`);
  }
}

export function assertCanWrite(identity: Identity, unitId: string): void {
  if (identity.role !== 'editor') {
    throw new ForbiddenError(`The ${identity.role} role is read-only.`);
  }
  if (unitId !== identity.unitId) {
    throw new ForbiddenError(
      `Editors of ${identity.unitId} may only change ${identity.unitId}'s commitments.`,
    );
  }
}

/**
 * The narrowest listing a caller may run without naming a unit or region: everything (national,
 * board), their region (regions), or their own unit (ICSs).
 */
export function defaultScope(
  identity: Identity,
): { kind: 'all' } | { kind: 'region'; regionId: string } | { kind: 'unit'; unitId: string } {
  const caller = ORG_UNITS_BY_ID.get(identity.unitId);
  if (identity.role === 'board' || caller?.kind === 'national') return { kind: 'all' };
  if (caller?.kind === 'region') return { kind: 'region', regionId: caller.id };
  return { kind: 'unit', unitId: identity.unitId };
}

/**
 * Digests and reports: board members and national units read every scope; a region reads its own
 * region's. ICS units read none (a regional report shows the region's other ICSs).
 */
export function readableReportScopes(identity: Identity): 'all' | string[] {
  const caller = ORG_UNITS_BY_ID.get(identity.unitId);
  if (identity.role === 'board' || caller?.kind === 'national') return 'all';
  if (caller?.kind === 'region') return [caller.id];
  return [];
}

export function canReadReport(identity: Identity, scope: string): boolean {
  const scopes = readableReportScopes(identity);
  return scopes === 'all' || scopes.includes(scope);
}

export function assertCanReadReport(identity: Identity, scope: string): void {
  if (!canReadReport(identity, scope)) {
    throw new ForbiddenError(`${identity.unitId} may not read summaries for ${scope}.`);
  }
}

/** Generating on demand: editors, for scopes they may read (national: any; a region: its own). */
export function assertCanGenerateReport(identity: Identity, scope: string): void {
  if (identity.role !== 'editor')
    throw new ForbiddenError(`The ${identity.role} role cannot generate summaries.`);
  assertCanReadReport(identity, scope);
}

/**
 * The tracker's measures (GET /measures): national units and board members for any scope, a region
 * for itself and the ICSs in it today, an ICS for itself.
 */
export function assertCanReadMeasures(identity: Identity, scope: string): void {
  if (canReadReport(identity, scope)) return;
  const caller = ORG_UNITS_BY_ID.get(identity.unitId);
  if (scope === identity.unitId) return;
  if (caller?.kind === 'region' && scope !== 'national' && regionOf(scope) === caller.id) return;
  throw new ForbiddenError(`${identity.unitId} may not read the measures of ${scope}.`);
}
