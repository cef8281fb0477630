import * as z from 'zod';
import { ORG_UNITS as BASE_UNITS } from '../catalogue/org-units.data';
import type { OrgUnit, OrgUnitKind } from '../catalogue/types';
import { addDays } from '../summaries/period';

/**
 * The NHS map with dates. The operating model's map (national, 7 regions, 42 ICSs) is where it starts;
 * every later change (a rename, a merger, a split, an ICS moving region, a closure) is a dated record
 * entered by a national administrator, never guessed. The map on any date is the base with every
 * change effective on or before that date applied in order.
 */

/** The day the operating model's map starts (HEE Operating Model v1, November 2021). */
export const MAP_START = '2021-11-01';

const UnitId = z
  .string()
  .regex(
    /^(region|ics)-[a-z0-9]+(-[a-z0-9]+)*$/,
    'Must be an org unit id such as ics-lancashire-and-south-cumbria',
  )
  .max(64);
const ExistingUnitId = z.string().min(1).max(64);
const Name = z.string().trim().min(2).max(120);
const IsoDay = z.iso.date();

const NewUnit = z.strictObject({
  id: UnitId.describe('The new unit’s id'),
  name: Name,
});

const Common = {
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Must be lower case letters, digits and hyphens')
    .min(3)
    .max(80)
    .describe(
      'Your name for this change, e.g. 2026-04-lancashire-merger; the same id again is the same change',
    ),
  effectiveDate: IsoDay.describe('The first day (UK time) the new map applies'),
  description: z.string().trim().min(5).max(1000).describe('What happened and on whose decision'),
};

export const OrgChangeBody = z.discriminatedUnion('kind', [
  z.strictObject({
    ...Common,
    kind: z.literal('rename'),
    unitId: ExistingUnitId,
    name: Name,
  }),
  z.strictObject({
    ...Common,
    kind: z.literal('merge'),
    from: z
      .array(ExistingUnitId)
      .min(1)
      .max(10)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'Must not repeat a unit' }),
    into: z
      .union([NewUnit, z.strictObject({ id: ExistingUnitId })])
      .describe('A new unit (id and name), or an existing unit of the same kind the others join'),
    successorAccess: z
      .boolean()
      .default(false)
      .describe('From the date, tokens of the merged units act as the successor; otherwise they get 403'),
  }),
  z.strictObject({
    ...Common,
    kind: z.literal('split'),
    unitId: ExistingUnitId,
    into: z.array(NewUnit).min(2).max(10),
    commitments: z
      .record(z.string().min(1).max(64), UnitId)
      .describe('Every commitment of the unit, by id, to the successor that takes it'),
  }),
  z.strictObject({
    ...Common,
    kind: z.literal('move'),
    unitId: ExistingUnitId.describe('An ICS'),
    toRegion: ExistingUnitId,
  }),
  z.strictObject({
    ...Common,
    kind: z.literal('close'),
    unitId: ExistingUnitId,
    successor: ExistingUnitId.optional().describe(
      'The unit that takes its commitments (none: they stay, closed)',
    ),
    successorAccess: z.boolean().default(false),
  }),
]);
export type OrgChange = z.output<typeof OrgChangeBody>;
export const ORG_CHANGE_KINDS = ['rename', 'merge', 'split', 'move', 'close'] as const;

/** A unit over its life: valid from `validFrom` up to (not including) `validTo`. */
export interface OrgUnitLife extends OrgUnit {
  validFrom: string;
  validTo: string | null;
  /** Where its commitments went when it closed (one unit, or several for a split). */
  successors?: string[];
  /** Whether its people's tokens act as the successor after it closed. */
  successorAccess?: boolean;
  /** The change that closed it. */
  closedBy?: string;
}

/** Earlier names and regions, for "as it was" answers. */
interface Revision {
  from: string;
  name: string;
  parentId: string | null;
}

export class OrgChangeError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'OrgChangeError';
  }
}

/** The map on one date. */
export interface OrgSnapshot {
  date: string;
  units: readonly OrgUnit[];
  byId: ReadonlyMap<string, OrgUnit>;
}

const byOrder = (a: OrgChange, b: OrgChange) =>
  a.effectiveDate.localeCompare(b.effectiveDate) || a.id.localeCompare(b.id);

/** Every unit's life under a list of changes, checked as each is applied. */
export class OrgMap {
  readonly changes: readonly OrgChange[];
  private readonly lives = new Map<string, OrgUnitLife>();
  private readonly revisions = new Map<string, Revision[]>();
  private readonly snapshots = new Map<string, OrgSnapshot>();

  constructor(changes: readonly OrgChange[] = [], base: readonly OrgUnit[] = BASE_UNITS) {
    for (const unit of base) {
      this.lives.set(unit.id, { ...unit, validFrom: MAP_START, validTo: null });
      this.revisions.set(unit.id, [{ from: MAP_START, name: unit.name, parentId: unit.parentId }]);
    }
    this.changes = [...changes].sort(byOrder);
    for (const change of this.changes) this.apply(change);
  }

  /** A new map with one more change (throws OrgChangeError naming the field when it cannot apply). */
  with(change: OrgChange): OrgMap {
    const last = this.changes.at(-1);
    if (last && change.effectiveDate < last.effectiveDate)
      throw new OrgChangeError(
        'effectiveDate',
        `Changes apply in date order: ${last.id} is effective ${last.effectiveDate}, after ${change.effectiveDate}`,
      );
    return new OrgMap([...this.changes, change]);
  }

  /** Every unit that ever existed, with its life. */
  allUnits(): OrgUnitLife[] {
    return [...this.lives.values()];
  }

  /**
   * The history and region-index partitions a national read covers: national and every region that
   * ever existed (a merged region's past is still in its own partition).
   */
  regionPartitions(): string[] {
    return [
      'national',
      ...this.allUnits()
        .filter((u) => u.kind === 'region')
        .map((u) => u.id),
    ];
  }

  life(unitId: string): OrgUnitLife | undefined {
    return this.lives.get(unitId);
  }

  /** The units in existence on a date, each with its name and region then. */
  at(date: string): OrgSnapshot {
    const cached = this.snapshots.get(date);
    if (cached) return cached;
    const units: OrgUnit[] = [];
    for (const life of this.lives.values()) {
      if (life.validFrom > date || (life.validTo !== null && life.validTo <= date)) continue;
      const revision = [...(this.revisions.get(life.id) ?? [])].reverse().find((r) => r.from <= date);
      units.push({
        id: life.id,
        kind: life.kind,
        name: revision?.name ?? life.name,
        parentId: revision?.parentId ?? life.parentId,
      });
    }
    const snapshot = { date, units, byId: new Map(units.map((u) => [u.id, u])) };
    if (this.snapshots.size > 64) this.snapshots.clear();
    this.snapshots.set(date, snapshot);
    return snapshot;
  }

  /** The region a unit was in on a date (itself for a region; null for national or a unit not in existence). */
  regionOn(unitId: string, date: string): string | null {
    const unit = this.at(date).byId.get(unitId);
    if (!unit) return null;
    if (unit.kind === 'region') return unit.id;
    if (unit.kind === 'ics') return unit.parentId;
    return null;
  }

  /**
   * The unit that holds a unit's commitments on a date: itself while it exists, else its successor's
   * holder (following mergers). Undefined before it existed, for a split, or a closure without successor.
   */
  holderOn(unitId: string, date: string): string | undefined {
    let id = unitId;
    for (let hops = 0; hops < 50; hops++) {
      const life = this.lives.get(id);
      if (!life || life.validFrom > date) return undefined;
      if (life.validTo === null || life.validTo > date) return id;
      if (life.successors?.length !== 1) return undefined;
      id = life.successors[0] as string;
    }
    return undefined;
  }

  /** Changes effective within a range of days (inclusive), in order: what a report of the range mentions. */
  changesBetween(from: string, to: string): OrgChange[] {
    return this.changes.filter((c) => c.effectiveDate >= from && c.effectiveDate <= to);
  }

  private active(field: string, unitId: string, date: string, kind?: OrgUnitKind): OrgUnitLife {
    const life = this.lives.get(unitId);
    const unit = this.at(date).byId.get(unitId);
    if (!life || !unit) throw new OrgChangeError(field, `${unitId} is not an org unit on ${date}`);
    if (kind && unit.kind !== kind)
      throw new OrgChangeError(field, `${unitId} is a ${unit.kind}, not a ${kind}`);
    return life;
  }

  private fresh(field: string, id: string): void {
    if (this.lives.has(id)) throw new OrgChangeError(field, `${id} exists already (units are never re-used)`);
  }

  private close(life: OrgUnitLife, change: OrgChange, successors: string[], successorAccess: boolean): void {
    life.validTo = change.effectiveDate;
    life.successors = successors;
    life.successorAccess = successorAccess;
    life.closedBy = change.id;
  }

  private revise(unitId: string, date: string, patch: Partial<Omit<Revision, 'from'>>): void {
    const list = this.revisions.get(unitId) ?? [];
    const current = [...list].reverse().find((r) => r.from <= date) ?? list.at(-1);
    list.push({
      from: date,
      name: patch.name ?? current?.name ?? unitId,
      parentId: patch.parentId ?? current?.parentId ?? null,
    });
    this.revisions.set(unitId, list);
    this.snapshots.clear();
  }

  private add(id: string, kind: OrgUnitKind, name: string, parentId: string | null, date: string): void {
    this.lives.set(id, { id, kind, name, parentId, validFrom: date, validTo: null });
    this.revisions.set(id, [{ from: date, name, parentId }]);
    this.snapshots.clear();
  }

  private apply(change: OrgChange): void {
    const date = change.effectiveDate;
    if (date <= MAP_START) throw new OrgChangeError('effectiveDate', `Must be after ${MAP_START}`);
    switch (change.kind) {
      case 'rename': {
        const life = this.active('unitId', change.unitId, date);
        if (life.kind === 'national')
          throw new OrgChangeError('unitId', 'The national unit is not renamed here');
        this.revise(life.id, date, { name: change.name });
        life.name = change.name;
        break;
      }
      case 'merge': {
        const from = change.from.map((id, i) => this.active(`from.${i}`, id, date));
        const kind = from[0]?.kind as OrgUnitKind;
        if (kind === 'national') throw new OrgChangeError('from', 'The national unit does not merge');
        for (const [i, f] of from.entries())
          if (f.kind !== kind) throw new OrgChangeError(`from.${i}`, `Merged units must all be ${kind}s`);
        const regions = new Set(from.map((f) => this.regionOn(f.id, date)));
        let into: string;
        if ('name' in change.into) {
          this.fresh('into.id', change.into.id);
          if (kind === 'ics' && regions.size > 1)
            throw new OrgChangeError(
              'from',
              'ICSs in different regions merge only into an existing ICS; move them first',
            );
          const parentId = kind === 'ics' ? (this.regionOn(from[0]?.id ?? '', date) ?? null) : 'national';
          this.add(change.into.id, kind, change.into.name, parentId, date);
          into = change.into.id;
        } else {
          const target = this.active('into.id', change.into.id, date, kind);
          if (change.from.includes(target.id))
            throw new OrgChangeError('into.id', 'A unit does not merge into itself');
          into = target.id;
        }
        if (kind === 'region') {
          // The merged regions' ICSs move to the successor region.
          for (const unit of this.at(date).units)
            if (unit.kind === 'ics' && change.from.includes(unit.parentId ?? ''))
              this.revise(unit.id, date, { parentId: into });
        }
        for (const f of from) this.close(f, change, [into], change.successorAccess);
        break;
      }
      case 'split': {
        const life = this.active('unitId', change.unitId, date);
        if (life.kind !== 'ics') throw new OrgChangeError('unitId', 'Only an ICS is split here');
        const ids = change.into.map((u) => u.id);
        if (new Set(ids).size !== ids.length) throw new OrgChangeError('into', 'Must not repeat a successor');
        for (const [i, u] of change.into.entries()) this.fresh(`into.${i}.id`, u.id);
        for (const [commitmentId, to] of Object.entries(change.commitments))
          if (!ids.includes(to))
            throw new OrgChangeError(`commitments.${commitmentId}`, `${to} is not one of the successors`);
        const parentId = this.regionOn(life.id, date);
        for (const u of change.into) this.add(u.id, 'ics', u.name, parentId, date);
        this.close(life, change, ids, false);
        break;
      }
      case 'move': {
        const life = this.active('unitId', change.unitId, date, 'ics');
        this.active('toRegion', change.toRegion, date, 'region');
        if (this.regionOn(life.id, date) === change.toRegion)
          throw new OrgChangeError('toRegion', `${life.id} is in ${change.toRegion} already`);
        this.revise(life.id, date, { parentId: change.toRegion });
        life.parentId = change.toRegion;
        break;
      }
      case 'close': {
        const life = this.active('unitId', change.unitId, date);
        if (life.kind === 'national') throw new OrgChangeError('unitId', 'The national unit does not close');
        if (life.kind === 'region' && this.at(date).units.some((u) => u.parentId === life.id))
          throw new OrgChangeError('unitId', `${life.id} still has ICSs: move or merge them first`);
        if (change.successor) {
          const successor = this.active('successor', change.successor, date);
          if (successor.id === life.id)
            throw new OrgChangeError('successor', 'A unit does not succeed itself');
        }
        this.close(
          life,
          change,
          change.successor ? [change.successor] : [],
          change.successorAccess && !!change.successor,
        );
        break;
      }
    }
  }
}

const dayBefore = (date: string) => addDays(date, -1);
const listed = (names: string[]) =>
  names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** The units a change names. */
export function unitsOf(c: OrgChange): string[] {
  switch (c.kind) {
    case 'rename':
      return [c.unitId];
    case 'merge':
      return [...c.from, c.into.id];
    case 'split':
      return [c.unitId, ...c.into.map((u) => u.id)];
    case 'move':
      return [c.unitId, c.toRegion];
    case 'close':
      return [c.unitId, ...(c.successor ? [c.successor] : [])];
  }
}

/** A sentence for a report: what the change did, with the units' names as they were. */
export function describeChange(map: OrgMap, c: OrgChange): string {
  const was = (id: string) => map.at(dayBefore(c.effectiveDate)).byId.get(id)?.name ?? id;
  const is = (id: string) => map.at(c.effectiveDate).byId.get(id)?.name ?? id;
  const on = `On ${c.effectiveDate}`;
  const what = (() => {
    switch (c.kind) {
      case 'rename':
        return `${was(c.unitId)} was renamed ${c.name}`;
      case 'merge':
        return `${listed(c.from.map(was))} merged into ${is(c.into.id)}`;
      case 'split':
        return `${was(c.unitId)} split into ${listed(c.into.map((u) => u.name))}`;
      case 'move':
        return `${was(c.unitId)} moved from ${was(map.regionOn(c.unitId, dayBefore(c.effectiveDate)) ?? '')} to ${is(c.toRegion)}`;
      case 'close':
        return c.successor
          ? `${was(c.unitId)} closed; its commitments passed to ${is(c.successor)}`
          : `${was(c.unitId)} closed`;
    }
  })();
  return `${on} ${what} (org change ${c.id}).`;
}

/** Whether a change touches a summary scope (national: every change; a region: one of its units then). */
/** The changes effective from `from` to `to` (inclusive) that touch a scope: what reports mention and charts rebase at. */
export const changesTouching = (map: OrgMap, scope: string, from: string, to: string) =>
  map.changesBetween(from, to).filter((c) => touchesScope(map, c, scope));

export function touchesScope(map: OrgMap, c: OrgChange, scope: string): boolean {
  if (scope === 'national') return true;
  return unitsOf(c).some(
    (id) =>
      id === scope ||
      map.regionOn(id, dayBefore(c.effectiveDate)) === scope ||
      map.regionOn(id, c.effectiveDate) === scope,
  );
}
