import type { OrgUnit } from './types';

export interface RegionNode extends OrgUnit {
  icss: OrgUnit[];
}

export interface OrgUnitTree {
  national: OrgUnit | null;
  regions: RegionNode[];
}

/** Arranges flat org units as national, then each region with its ICSs (names sorted). */
export function orgUnitTree(units: readonly OrgUnit[], onlyRegion?: string): OrgUnitTree {
  const byName = (a: OrgUnit, b: OrgUnit) => a.name.localeCompare(b.name);
  const regions = units
    .filter((u) => u.kind === 'region' && (!onlyRegion || u.id === onlyRegion))
    .sort(byName)
    .map((region) => ({
      ...region,
      icss: units.filter((u) => u.kind === 'ics' && u.parentId === region.id).sort(byName),
    }));
  return { national: units.find((u) => u.kind === 'national') ?? null, regions };
}
