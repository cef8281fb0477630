import { orgMap, orgMapToday } from '../org/live-map';
import { addDays, londonDate } from '../summaries/period';
import { ORG_UNITS } from './org-units.data';
import {
  AREAS,
  type OperatingModelVersion,
  type OrgUnit,
  type Responsibility,
  TIER_CODES,
  type Tier,
} from './types';
import { OPERATING_MODEL_V1 } from './v1/responsibilities';

/** Every loaded operating model, oldest first. A new version is one more file and one more entry. */
export const OPERATING_MODELS: readonly OperatingModelVersion[] = [OPERATING_MODEL_V1];
export const CATALOGUE_VERSIONS = OPERATING_MODELS.map((m) => m.version);
export const LATEST_CATALOGUE_VERSION = OPERATING_MODELS[OPERATING_MODELS.length - 1]?.version ?? 'v1';

/**
 * The operating model in force on a date: the latest whose `effectiveFrom` is on or before it (the
 * first one for earlier dates). A later model adds, retires or rewords responsibilities from its date.
 */
export function modelInForce(
  date: string,
  models: readonly OperatingModelVersion[] = OPERATING_MODELS,
): OperatingModelVersion {
  const sorted = [...models].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return [...sorted].reverse().find((m) => m.effectiveFrom <= date) ?? (sorted[0] as OperatingModelVersion);
}

/** The catalogue version in force today (UK date): what new commitments cite and lists default to. */
export const catalogueVersionInForce = (date = londonDate(new Date())) => modelInForce(date).version;

/** Flattens a version's figure cells into responsibilities, in figure order. */
export function responsibilitiesOf(model: OperatingModelVersion): Responsibility[] {
  return model.cells.flatMap((cell) => {
    const area = AREAS.find((a) => a.slug === cell.area);
    if (!area) throw new Error(`unknown area ${cell.area} in catalogue ${model.version}`);
    return cell.bullets.map(([id, text], index) => ({
      id,
      version: model.version,
      tier: cell.tier,
      area: area.slug,
      areaKind: area.kind,
      figure: area.figure,
      position: index + 1,
      text,
    }));
  });
}

/** Responsibility ids read `<TIER>-<AREA>-<n>`, e.g. `REG-WP-2`. */
export const RESPONSIBILITY_ID_PATTERN = /^(ICS|REG|NAT)-(SUM|ORG|IMP|WP|SR|PGMDE|EQ)-\d{1,2}$/;

export function tierOfResponsibilityId(id: string): Tier | undefined {
  const code = id.split('-')[0];
  return (Object.entries(TIER_CODES) as Array<[Tier, string]>).find(([, c]) => c === code)?.[0];
}

export { OPERATING_MODEL_V1, ORG_UNITS };

/**
 * The org units in existence today, by id: the operating model's map with every org change effective
 * by today applied (shared/org/live-map.ts). A view, so it follows the map as it is refreshed.
 */
class UnitsToday implements ReadonlyMap<string, OrgUnit> {
  private get map() {
    return orgMapToday().byId;
  }
  get size() {
    return this.map.size;
  }
  get(id: string) {
    return this.map.get(id);
  }
  has(id: string) {
    return this.map.has(id);
  }
  forEach(fn: (value: OrgUnit, key: string, map: ReadonlyMap<string, OrgUnit>) => void) {
    for (const [k, v] of this.map) fn(v, k, this);
  }
  entries() {
    return this.map.entries();
  }
  keys() {
    return this.map.keys();
  }
  values() {
    return this.map.values();
  }
  [Symbol.iterator]() {
    return this.map[Symbol.iterator]();
  }
}
export const ORG_UNITS_BY_ID: ReadonlyMap<string, OrgUnit> = new UnitsToday();

/** The org units in existence today. */
export const orgUnitsToday = (): readonly OrgUnit[] => orgMapToday().units;

/**
 * The region an org unit belongs to today (itself for a region, none for national). A unit the map has
 * closed answers the region it was in on its last day, so that region still reads its history.
 */
export function regionOf(unitId: string): string | null {
  const unit = ORG_UNITS_BY_ID.get(unitId);
  if (!unit) {
    const life = orgMap().life(unitId);
    if (!life?.validTo) return null;
    return orgMap().regionOn(unitId, addDays(life.validTo, -1));
  }
  if (unit.kind === 'region') return unit.id;
  if (unit.kind === 'ics') return unit.parentId;
  return null;
}
