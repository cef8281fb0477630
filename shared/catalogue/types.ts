/** The three tiers of the delivery spectrum, in the order the figures list them. */
export const TIERS = ['ics', 'region', 'national'] as const;
export type Tier = (typeof TIERS)[number];

/** Short codes used inside responsibility ids (`REG-WP-2`). */
export const TIER_CODES: Record<Tier, string> = { ics: 'ICS', region: 'REG', national: 'NAT' };

/**
 * The rows of Fig 3 (the relationship itself) and the work areas of Fig 4.
 * `kind` tells them apart so reports can group "how we work" apart from "what we deliver".
 */
export const AREAS = [
  {
    code: 'SUM',
    slug: 'summary',
    kind: 'row',
    figure: 'Fig 3',
    label: 'Summary: roles and responsibilities',
  },
  {
    code: 'ORG',
    slug: 'organise',
    kind: 'row',
    figure: 'Fig 3',
    label: 'How we organise to enable our default relationship with ICSs through Regions',
  },
  {
    code: 'IMP',
    slug: 'improve',
    kind: 'row',
    figure: 'Fig 3',
    label: 'How we improve our default relationship with ICSs',
  },
  { code: 'WP', slug: 'workforce-planning', kind: 'work-area', figure: 'Fig 4', label: 'Workforce planning' },
  {
    code: 'SR',
    slug: 'service-redesign',
    kind: 'work-area',
    figure: 'Fig 4',
    label: 'Service redesign; workforce and education transformation',
  },
  {
    code: 'PGMDE',
    slug: 'pgmde-delivery',
    kind: 'work-area',
    figure: 'Fig 4',
    label: 'PGMDE Delivery (except quality – see below)',
  },
  {
    code: 'EQ',
    slug: 'education-quality',
    kind: 'work-area',
    figure: 'Fig 4',
    label: 'Education quality improvement; service improvement',
  },
] as const;

export type Area = (typeof AREAS)[number];
export type AreaSlug = Area['slug'];
export type AreaKind = Area['kind'];
export type Figure = Area['figure'];
export const AREA_SLUGS = AREAS.map((a) => a.slug) as [AreaSlug, ...AreaSlug[]];

/** One bullet of the delivery spectrum: the unit of accountability. */
export interface Responsibility {
  id: string;
  version: string;
  tier: Tier;
  area: AreaSlug;
  areaKind: AreaKind;
  figure: Figure;
  /** 1-based position of the bullet within its cell of the figure. */
  position: number;
  text: string;
}

/** A cell of a figure as the catalogue data writes it: explicit ids so a reorder never renumbers. */
export interface CatalogueCell {
  area: AreaSlug;
  tier: Tier;
  bullets: ReadonlyArray<readonly [id: string, text: string]>;
}

export interface OperatingModelVersion {
  version: string;
  title: string;
  /** Publication month of the operating model, ISO `YYYY-MM`. */
  published: string;
  /**
   * The first day (UK) this version is the catalogue in force: new commitments cite it, and summaries
   * of periods ending on or after it count coverage against it. Earlier commitments keep their version.
   */
  effectiveFrom: string;
  source: string;
  cells: readonly CatalogueCell[];
}

export const ORG_UNIT_KINDS = ['national', 'region', 'ics'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/** National, a region or an ICS. Every ICS sits in exactly one region; every region under national. */
export interface OrgUnit {
  id: string;
  kind: OrgUnitKind;
  name: string;
  parentId: string | null;
}

/** A tag a commitment may carry, from one of the operating model's vocabularies. */
export interface Tag {
  id: string;
  name: string;
  description?: string;
}
