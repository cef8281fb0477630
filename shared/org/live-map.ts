import { londonDate } from '../summaries/period';
import { type OrgChange, OrgMap, type OrgSnapshot } from './org-map';

/**
 * The map this process works with: the operating model's units plus every recorded org change,
 * loaded from the table at most every 30 seconds (`refreshOrgMap`, run by the HTTP middleware and the
 * jobs before they read it). Until loaded, it is the operating model's map.
 */
let current = new OrgMap();
let loadedAt = 0;
let loading: Promise<void> | undefined;
const MAX_AGE_MS = 30_000;

export const orgMap = (): OrgMap => current;

/** Today's map (UK date). */
export const orgMapToday = (): OrgSnapshot => current.at(londonDate(new Date()));

/** Replaces the map (after a change is recorded, and in tests). */
export function setOrgChanges(changes: readonly OrgChange[]): void {
  current = new OrgMap(changes);
  loadedAt = Date.now();
}

/** Reloads the recorded changes when the map is older than 30 s (or always with `force`). */
export async function refreshOrgMap(tableName: string, options: { force?: boolean } = {}): Promise<OrgMap> {
  if (!options.force && Date.now() - loadedAt < MAX_AGE_MS) return current;
  loading ??= (async () => {
    const { readOrgChanges } = await import('./org-change.repository');
    setOrgChanges(await readOrgChanges(tableName));
  })().finally(() => {
    loading = undefined;
  });
  await loading;
  return current;
}

/** Every region partition of today's map (OrgMap.regionPartitions). */
export const allRegionPartitions = (): string[] => current.regionPartitions();

/**
 * The unit a stored unit (a subscriber's, say) acts for today: itself while it exists, its successor
 * if the change that closed it gave its people the successor's access, otherwise none.
 */
export function unitActingFor(unitId: string, date = londonDate(new Date())): string | undefined {
  const life = current.life(unitId);
  if (!life || life.validTo === null || life.validTo > date) return unitId;
  return life.successorAccess ? current.holderOn(unitId, date) : undefined;
}

/**
 * Units whose commitments had passed to this one by a date, by mergers or closures (directly or through
 * others); a change recorded ahead of its date counts from that date.
 */
export function predecessorsOf(unitId: string, date = londonDate(new Date())): string[] {
  const direct = current
    .allUnits()
    .filter(
      (u) =>
        u.successors?.length === 1 && u.successors[0] === unitId && u.validTo !== null && u.validTo <= date,
    )
    .map((u) => u.id);
  return [...direct, ...direct.flatMap((id) => predecessorsOf(id, date))];
}
