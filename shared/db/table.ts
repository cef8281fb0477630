/**
 * The single table's shape, declared once: the CDK app and the local runtime both build the table
 * from this, so the indexes the code queries are the indexes that exist.
 */
export const KEY = { pk: 'pk', sk: 'sk' } as const;

export interface IndexDefinition {
  name: string;
  pk: string;
  sk: string;
  /** What the index is for, repeated in docs/access-patterns.md. */
  purpose: string;
}

export const INDEXES = {
  byUnit: {
    name: 'gsi1-by-unit',
    pk: 'gsi1pk',
    sk: 'gsi1sk',
    purpose: 'commitments of an owner unit by due date; actions a unit logged by time',
  },
  byRegion: {
    name: 'gsi2-by-region',
    pk: 'gsi2pk',
    sk: 'gsi2sk',
    purpose: 'commitments of a region and its ICSs by due date',
  },
  byResponsibility: {
    name: 'gsi3-by-responsibility',
    pk: 'gsi3pk',
    sk: 'gsi3sk',
    purpose: 'commitments covering a responsibility',
  },
  openByDue: {
    name: 'gsi4-open-by-due',
    pk: 'openpk',
    sk: 'opensk',
    purpose: 'sparse: only open commitments, by due date (overdue sweep)',
  },
  byAccountable: {
    name: 'gsi5-by-accountable',
    pk: 'gsi5pk',
    sk: 'gsi5sk',
    purpose: 'commitments a person is accountable for, by due date (`GET /me/commitments`, hand-overs)',
  },
  byParent: {
    name: 'gsi6-by-parent',
    pk: 'gsi6pk',
    sk: 'gsi6sk',
    purpose: 'sparse: the child commitments of a parent, by due date (roll-ups)',
  },
  history: {
    name: 'gsi7-history-by-region',
    pk: 'gsi7pk',
    sk: 'gsi7sk',
    purpose:
      'sparse: commitment versions that change what summaries show (created, edited, status), by region and time (as-at summaries and lists)',
  },
} as const satisfies Record<string, IndexDefinition>;

export const INDEX_LIST: readonly IndexDefinition[] = Object.values(INDEXES);

/**
 * The partition-key prefixes of the item families: what a handler may write is declared as a list of
 * these, and the CDK app turns it into a `dynamodb:LeadingKeys` condition on the role's writes.
 */
export const ITEM_FAMILIES = {
  /** Commitments with their actions, versions and responsibility links (one partition each). */
  commitment: 'COMMITMENT#',
  /** The overdue sweep's once-only marks. */
  mark: 'MARK#',
  summary: 'SUMMARY#',
  /** Each ended week's (or month's) measure values per scope: SPC series read them, not a year of actions. */
  measures: 'MEASURES#',
  /** Per-caller rate-limit windows. */
  rate: 'RATE#',
  import: 'IMPORT#',
  subscription: 'SUBS#',
  /** Which subscriber was sent which summary. */
  sent: 'SENT#',
  notification: 'NOTIFY#',
  /** Webhook subscriptions, their queues and delivery histories. */
  webhook: 'WEBHOOK#',
  catalogue: 'CATALOGUE#',
  orgUnits: 'ORG_UNITS',
  /** Dated changes to the org map (mergers, moves...), in one partition. */
  orgChange: 'ORGCHANGES',
} as const;
export type ItemFamily = keyof typeof ITEM_FAMILIES;

/** Attribute DynamoDB's TTL deletes on (idempotency records). */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * Idempotency records live in a table of their own, so the functions that log actions need no
 * UpdateItem or DeleteItem on the main table (Powertools' record layout: key `id`, TTL `expiration`).
 */
export const IDEMPOTENCY_TABLE = { key: 'id', ttlAttribute: 'expiration' } as const;
export const idempotencyTableNameFor = (tableName: string) => `${tableName}-idempotency`;

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'type', ...INDEX_LIST.flatMap((i) => [i.pk, i.sk])]);

/** An item without its table and index keys: the domain object it stores. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k))) as T;
}
