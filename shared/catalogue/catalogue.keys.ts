import {
  AREAS,
  ORG_UNIT_KINDS,
  type OrgUnit,
  type Responsibility,
  TIER_CODES,
  TIERS,
  type Tier,
} from './types';

/**
 * Table keys for the reference data. Responsibilities sort in figure order within a tier
 * (`RESP#<tier>#<area>#<position>`), so a tier or a tier-and-area filter is a key condition.
 */
const pad = (n: number) => String(n).padStart(2, '0');

export const cataloguePk = (version: string) => `CATALOGUE#${version}`;
export const catalogueMetaKey = (version: string) => ({ pk: cataloguePk(version), sk: 'META' });

const tierIndex = (tier: Tier) => TIERS.indexOf(tier);
const areaIndex = (slug: string) => AREAS.findIndex((a) => a.slug === slug);

export function responsibilitySkPrefix(tier?: Tier, area?: string): string {
  if (!tier) return 'RESP#';
  if (!area) return `RESP#${tierIndex(tier)}#`;
  return `RESP#${tierIndex(tier)}#${areaIndex(area)}#`;
}

/** The key of a responsibility, from its id alone (`REG-WP-2`); undefined when the id is malformed. */
export function responsibilityKey(version: string, id: string): { pk: string; sk: string } | undefined {
  const match = /^([A-Z]+)-([A-Z]+)-(\d{1,2})$/.exec(id);
  if (!match) return undefined;
  const tier = TIERS.find((t) => TIER_CODES[t] === match[1]);
  const area = AREAS.findIndex((a) => a.code === match[2]);
  if (!tier || area < 0) return undefined;
  return { pk: cataloguePk(version), sk: `RESP#${tierIndex(tier)}#${area}#${pad(Number(match[3]))}` };
}

export function responsibilityToItem(r: Responsibility): Record<string, unknown> {
  const key = responsibilityKey(r.version, r.id);
  if (!key) throw new Error(`responsibility id ${r.id} is malformed`);
  return { ...key, type: 'Responsibility', ...r };
}

export function responsibilityFromItem(item: Record<string, unknown>): Responsibility {
  const { id, version, tier, area, areaKind, figure, position, text } = item as unknown as Responsibility;
  return { id, version, tier, area, areaKind, figure, position, text };
}

export const ORG_UNITS_PK = 'ORG_UNITS';

export function orgUnitToItem(u: OrgUnit): Record<string, unknown> {
  return { pk: ORG_UNITS_PK, sk: `UNIT#${ORG_UNIT_KINDS.indexOf(u.kind)}#${u.id}`, type: 'OrgUnit', ...u };
}

export function orgUnitFromItem(item: Record<string, unknown>): OrgUnit {
  const { id, kind, name, parentId } = item as unknown as OrgUnit;
  return { id, kind, name, parentId: parentId ?? null };
}
