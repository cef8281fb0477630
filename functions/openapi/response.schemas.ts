import * as z from 'zod';
import { AREA_SLUGS, ORG_UNIT_KINDS, TIERS } from '../../shared/catalogue/types';
import { RAGS, STATUSES } from '../../shared/commitments/commitment.model';
import { CHANGE_KINDS } from '../../shared/commitments/commitment-history';
import { IMPORT_KINDS } from '../../shared/imports/columns';
import { ORG_CHANGE_KINDS } from '../../shared/org/org-map';
import { MEASURE_IDS } from '../../shared/spc/measures';

/**
 * What the API returns, as zod schemas: they document responses in /openapi.json, and the
 * integration tests parse real responses with them, so the document cannot drift from the code.
 */
export const ResponsibilitySchema = z.strictObject({
  id: z.string(),
  version: z.string(),
  tier: z.enum(TIERS),
  area: z.enum(AREA_SLUGS),
  areaKind: z.enum(['row', 'work-area']),
  figure: z.enum(['Fig 3', 'Fig 4']),
  position: z.number().int(),
  text: z.string(),
});

const OrgUnitSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(ORG_UNIT_KINDS),
  name: z.string().describe('Its name on the date asked for'),
  parentId: z.string().nullable().describe('Its region on the date asked for (ICSs), national (regions)'),
  validFrom: z.iso.date().describe('The first day it exists (2021-11-01 for the operating model’s units)'),
  validTo: z.iso.date().nullable().describe('The day it closed (merged, split or closed), or null'),
});

export const OrgUnitTreeSchema = z.strictObject({
  asAt: z.iso.date().describe('The date the map is as at'),
  national: OrgUnitSchema.nullable(),
  regions: z.array(OrgUnitSchema.extend({ icss: z.array(OrgUnitSchema) })),
});

const Place = z.strictObject({ ownerUnitId: z.string(), regionId: z.string() });

/** What an org change does (a dry run), or did. */
export const OrgChangePlanSchema = z.strictObject({
  change: z.looseObject({ id: z.string(), kind: z.enum(ORG_CHANGE_KINDS), effectiveDate: z.iso.date() }),
  status: z
    .enum(['dry-run', 'scheduled', 'applied', 'already-applied'])
    .describe('dry-run: nothing written; scheduled: recorded, applied on its date'),
  units: z.strictObject({
    closed: z.array(
      z.strictObject({ id: z.string(), successors: z.array(z.string()), successorAccess: z.boolean() }),
    ),
    created: z.array(
      z.strictObject({ id: z.string(), name: z.string(), kind: z.string(), parentId: z.string().nullable() }),
    ),
    renamed: z.array(z.strictObject({ id: z.string(), from: z.string(), to: z.string() })),
    movedRegion: z.array(
      z.strictObject({ id: z.string(), from: z.string().nullable(), to: z.string().nullable() }),
    ),
  }),
  commitments: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      status: z.string(),
      accountableUserId: z.string(),
      from: Place,
      to: Place,
      daysOverdue: z.number().int().optional(),
    }),
  ),
  subscriptions: z.array(
    z.strictObject({ id: z.string(), kind: z.string(), scope: z.string(), receivesFrom: z.string() }),
  ),
  accountablePeople: z.array(z.strictObject({ userId: z.string(), commitments: z.number().int() })),
  openEscalations: z.array(
    z.strictObject({ commitmentId: z.string(), daysOverdue: z.number().int(), to: z.string() }),
  ),
  moved: z.number().int().optional().describe('Commitments this request moved'),
});

export const OrgChangeRecordSchema = z.strictObject({
  change: z.looseObject({ id: z.string(), kind: z.enum(ORG_CHANGE_KINDS), effectiveDate: z.iso.date() }),
  status: z.enum(['scheduled', 'applying', 'applied']),
  recordedAt: z.iso.datetime(),
  recordedBy: z.string(),
  appliedAt: z.iso.datetime().optional(),
  moved: z.number().int(),
  correlationId: z.string().optional(),
});

export const OrgChangeListSchema = z.strictObject({ items: z.array(OrgChangeRecordSchema) });

const EvidenceItemSchema = z.strictObject({
  url: z.string().optional().describe('A link'),
  label: z.string().optional(),
  file: z
    .strictObject({
      key: z.string(),
      name: z.string(),
      contentType: z.string(),
      size: z.number().int(),
      sha256: z.string().length(64).describe('SHA-256 of the file as stored, checked when it was recorded'),
    })
    .optional()
    .describe('A file uploaded through POST /evidence'),
});

const ConfidenceRatingSchema = z.strictObject({
  rating: z.enum(RAGS),
  by: z.string().describe('Who rated it (user id)'),
  unitId: z.string().describe('For which unit'),
  at: z.iso.datetime(),
  reason: z.string(),
  evidence: z.array(EvidenceItemSchema).optional(),
});

/** GET /evidence: the stored file's facts and where to download it. */
export const EvidenceDownloadSchema = z.strictObject({
  key: z.string(),
  name: z.string(),
  size: z.number().int(),
  sha256: z.string().length(64).describe('SHA-256 of the file as stored: check the download against it'),
  contentType: z.string().optional(),
  download: z.strictObject({
    url: z.string().describe('Pre-signed: works for 15 minutes; the file comes as an attachment'),
    expiresAt: z.iso.datetime(),
  }),
});

/** POST /evidence: where to PUT the file, and the key to cite it by. */
export const EvidenceUploadSchema = z.strictObject({
  key: z
    .string()
    .describe('Cite the file as {"file": {"key": "<this>"}} in an action\'s (or a Green\'s) evidence'),
  upload: z.strictObject({
    method: z.literal('PUT'),
    url: z.string().describe('Pre-signed: works for 15 minutes, for exactly this file'),
    headers: z.record(z.string(), z.string()).describe('Send these headers with the file'),
    expiresAt: z.iso.datetime(),
  }),
});

export const CommitmentSchema = z.strictObject({
  id: z.string(),
  ownerUnitId: z.string(),
  tier: z.enum(ORG_UNIT_KINDS),
  regionId: z.string(),
  accountableRole: z.string(),
  accountableUserId: z.string().describe('The person accountable (user id)'),
  parentId: z.string().optional().describe('The higher-tier commitment this one contributes to'),
  linkedBy: z.string().optional().describe('Who linked it to its parent (user id)'),
  linkedAt: z.iso.datetime().optional().describe('When it was linked to its parent'),
  title: z.string(),
  description: z.string(),
  deliverable: z.string().optional().describe('What will be delivered'),
  measure: z.string().optional().describe('The measure or target delivery is judged by'),
  catalogueVersion: z.string(),
  responsibilityIds: z.array(z.string()),
  tags: z.array(z.string()),
  dueDate: z.iso.date(),
  status: z.enum(STATUSES),
  statusReason: z.string().optional(),
  rag: z.enum(RAGS),
  progress: z.number().int().min(0).max(100),
  version: z.number().int().min(1),
  actionCount: z.number().int().min(0),
  lastActionHash: z.string().length(64),
  lastActionAt: z.iso.datetime().optional(),
  completedAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
  correlationId: z.string().optional().describe('The request that last changed it'),
  versionHash: z.string().length(64).optional().describe('Hash of its newest version record (history head)'),
  ownerConfidence: ConfidenceRatingSchema.optional().describe("The accountable owner's delivery confidence"),
  assurerConfidence: ConfidenceRatingSchema.optional().describe(
    "The assurer's (the region for an ICS commitment, national for a region's)",
  ),
  responseToRed: z
    .strictObject({
      openedAt: z.iso.datetime(),
      openedBy: z.enum(['owner', 'assurer']),
      recoveryDue: z.iso
        .date()
        .describe('A recovery action (an action with recovery: true) is due by this day'),
      recoveryActionId: z.string().optional(),
      recoveryLoggedAt: z.iso.datetime().optional(),
      reReviewDate: z.iso.date().describe('Confidence is to be rated again by this day'),
      lastReviewAt: z.iso.datetime().optional(),
      closedAt: z.iso.datetime().optional().describe('Neither side rates it Red any more'),
    })
    .optional()
    .describe('Opened by a Red from either side; missed deadlines raise Response To Red Overdue events'),
  signOffRequired: z
    .boolean()
    .optional()
    .describe('Completion and an owner Green need evidence and sign-off'),
  signOff: z
    .strictObject({
      kind: z.enum(['completion', 'green']),
      state: z.enum(['awaiting', 'approved', 'rejected']),
      requestedAt: z.iso.datetime(),
      requestedBy: z.string(),
      actionId: z.string().optional(),
      rating: ConfidenceRatingSchema.optional(),
      reason: z.string().optional(),
      decidedAt: z.iso.datetime().optional(),
      decidedBy: z.string().optional(),
      decidedUnitId: z.string().optional(),
      note: z.string().optional(),
    })
    .optional()
    .describe('The latest sign-off: awaiting (not counted as done), approved or rejected'),
  acknowledgement: z
    .strictObject({
      dueDate: z.iso.date().describe('The due date it was overdue against'),
      level: z.number().int().min(0).max(2).describe('0: the owner; 1: the next tier up; 2: national'),
      unitId: z.string(),
      by: z.string(),
      at: z.iso.datetime(),
      plan: z.string().describe('What they will do'),
    })
    .optional()
    .describe('The latest acknowledgement of it being overdue'),
  overdue: z.boolean().describe('Derived: open and past its due date (as at `asAt` when given)'),
  measurable: z
    .boolean()
    .describe('Derived: it has a deliverable, a measure or target, a due date and an accountable person'),
  notMeasurable: z
    .array(z.enum(['deliverable', 'measure', 'dueDate', 'accountableUserId']))
    .describe('Derived: what it lacks to be measurable (empty when measurable)'),
  asAt: z.iso.datetime().optional().describe('With `?asAt=`: the instant this state is as at'),
});

export const CommitmentVersionSchema = z.strictObject({
  commitmentId: z.string(),
  version: z.number().int().min(1),
  at: z.iso.datetime().describe('When the change was recorded'),
  by: z.string().describe('Who made it (user id)'),
  change: z.enum(CHANGE_KINDS),
  fields: z.array(z.string()).describe('The fields this version changed'),
  reason: z.string().optional(),
  actionId: z.string().optional().describe('The action that made this version'),
  correlationId: z.string().optional(),
  recordedAt: z.iso.datetime().optional().describe('Migrated baselines: when the migration wrote it'),
  state: z
    .looseObject({ id: z.string(), version: z.number().int() })
    .describe('The whole commitment after the change'),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
});

export const RollupSchema = z
  .strictObject({
    children: z.number().int().min(1).describe('Direct children, cancelled ones included'),
    descendants: z.number().int().min(1),
    overdueDescendants: z.number().int().min(0),
    childrenByStatus: z
      .strictObject(
        Object.fromEntries(STATUSES.map((status) => [status, z.number().int().min(0)])) as Record<
          (typeof STATUSES)[number],
          z.ZodNumber
        >,
      )
      .describe('Direct children by status'),
    progress: z.number().int().min(0).max(100).nullable().describe("Mean of the non-cancelled children's"),
    rag: z.enum(RAGS).nullable().describe("Worst of the non-cancelled children's"),
  })
  .describe('The roll-up rule is in docs/api.md ("Roll-ups")');

export const CommitmentDetailSchema = CommitmentSchema.extend({
  rollup: RollupSchema.optional().describe('Present when the commitment has children'),
});

export const ChildrenSchema = z.strictObject({
  parentId: z.string(),
  rollup: RollupSchema.nullable(),
  items: z.array(CommitmentDetailSchema),
});

const ProblemSummarySchema = z.strictObject({
  type: z.string(),
  title: z.string(),
  detail: z.string().optional(),
  errors: z
    .array(z.strictObject({ path: z.string(), message: z.string(), code: z.string().optional() }))
    .optional(),
});

export const BulkStatusResultSchema = z.strictObject({
  status: z.enum(STATUSES),
  updated: z.number().int().min(0),
  failed: z.number().int().min(0),
  results: z.array(
    z.strictObject({
      id: z.string(),
      status: z.number().int().describe('The HTTP status this item alone would have had'),
      outcome: z.enum(['updated', 'failed']),
      version: z.number().int().optional().describe('The new version, or the current one after a 412'),
      from: z.enum(STATUSES).optional(),
      to: z.enum(STATUSES).optional(),
      problem: ProblemSummarySchema.optional(),
    }),
  ),
});

const RowErrorSchema = z.strictObject({
  row: z.number().int().min(1).describe('As a spreadsheet numbers it: the header is row 1'),
  column: z.string().describe('Empty when the row as a whole is at fault'),
  message: z.string(),
});

export const ImportReportSchema = z.strictObject({
  importId: z.string().describe('Same file, kind and unit: same id'),
  kind: z.enum(IMPORT_KINDS),
  dryRun: z.boolean(),
  status: z.enum(['valid', 'invalid', 'imported', 'already-imported']),
  rows: z.number().int().min(0),
  errorCount: z.number().int().min(0).describe('Every error found'),
  errors: z.array(RowErrorSchema).max(1000).describe('The first 1,000 errors'),
  errorsByColumn: z
    .record(z.string(), z.number().int())
    .describe("Errors per column, all of them ('' = whole row)"),
  written: z.number().int().min(0),
  skipped: z.number().int().min(0).describe('Rows an interrupted earlier run had written already'),
});

export const ImportRecordSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  unitId: z.string(),
  importedBy: z.string(),
  status: z.enum(['writing', 'completed']).describe('writing: cut off or still running; send the file again'),
  rows: z.number().int().min(0),
  written: z.number().int().min(0),
  skipped: z.number().int().min(0),
  startedAt: z.iso.datetime(),
  completedAt: z.iso.datetime().optional(),
});

export const HandoverResultSchema = z.strictObject({
  unitId: z.string(),
  fromUserId: z.string(),
  toUserId: z.string(),
  count: z.number().int().min(0),
  handedOver: z.array(z.strictObject({ commitmentId: z.string(), actionId: z.string() })),
});

export const ActionSchema = z.strictObject({
  id: z.string(),
  commitmentId: z.string(),
  seq: z.number().int().min(1),
  unitId: z.string(),
  tier: z.enum(ORG_UNIT_KINDS),
  regionId: z.string(),
  responsibilityIds: z.array(z.string()),
  summary: z.string(),
  occurredAt: z.string(),
  loggedAt: z.iso.datetime(),
  loggedBy: z.string(),
  evidence: z.array(EvidenceItemSchema),
  signOffRequested: z
    .literal('completion')
    .optional()
    .describe('It asked to complete the commitment, which awaits sign-off'),
  statusChange: z
    .strictObject({ from: z.enum(STATUSES), to: z.enum(STATUSES), reason: z.string().optional() })
    .optional(),
  accountabilityChange: z
    .strictObject({ from: z.string(), to: z.string() })
    .optional()
    .describe('A hand-over: the accountable person before and after'),
  progress: z.number().int().optional(),
  corrects: z.string().optional(),
  recovery: z.boolean().optional().describe('The recovery action of a response to red'),
  correlationId: z.string().optional(),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
});

const ChainVerdictSchema = z.strictObject({
  valid: z.boolean(),
  actionCount: z.number().int(),
  headHash: z.string(),
  firstBrokenLink: z
    .strictObject({ seq: z.number().int(), actionId: z.string().nullable(), reason: z.string() })
    .nullable(),
});

export const SealCheckSchema = z.strictObject({
  status: z
    .enum(['sealed', 'not-yet-sealed', 'broken'])
    .describe('sealed: matches the latest seal covering it; not-yet-sealed: changed since (or never) sealed'),
  sealId: z.string().nullable(),
  sealedAt: z.iso.datetime().nullable(),
  sealedVersion: z.number().int().nullable(),
  sealedActionCount: z.number().int().nullable(),
  signatureValid: z.boolean().nullable(),
  problems: z.array(z.string()),
});

export const AuditSchema = ChainVerdictSchema.extend({
  commitmentId: z.string(),
  valid: z.boolean().describe('Chain, history and seal all hold'),
  chain: ChainVerdictSchema.describe('The action hash chain'),
  history: z.strictObject({
    valid: z.boolean(),
    versions: z.number().int(),
    firstVersion: z.number().int().nullable(),
    headHash: z.string().nullable(),
    problems: z.array(z.string()),
  }),
  seal: SealCheckSchema,
  problems: z.array(z.string()).describe('Everything found broken, in words'),
});

export const SealSchema = z.strictObject({
  id: z.string(),
  seq: z.number().int().min(1),
  sealedAt: z.iso.datetime(),
  from: z.iso.datetime().nullable(),
  through: z.iso.datetime(),
  prevSealHash: z.string().length(64),
  entries: z.array(
    z.strictObject({
      commitmentId: z.string(),
      version: z.number().int(),
      versionHash: z.string(),
      actionCount: z.number().int(),
      lastActionHash: z.string(),
    }),
  ),
  summaries: z.array(z.strictObject({ id: z.string(), contentHash: z.string() })),
  algorithm: z.string(),
  keyId: z.string(),
});

export const SealVerdictSchema = z.strictObject({
  seal: SealSchema,
  sealHash: z.string().length(64).describe('SHA-256 of the seal file as signed'),
  signature: z.string().describe('Base64 DER ECDSA P-256 signature over the seal file'),
  signatureValid: z.boolean(),
  previousLinkValid: z.boolean().describe("prevSealHash is the hash of the previous seal's file"),
  valid: z.boolean(),
  problems: z.array(z.string()),
});

export const HealthSchema = z.strictObject({
  status: z.literal('ok'),
  version: z.string(),
  catalogueVersion: z.string(),
  catalogueSeededAt: z.string(),
});

const pages = new Map<z.ZodType, z.ZodType>();
/** The list envelope of an item schema (one schema per item type, so OpenAPI names it once). */
export const pageOf = <T extends z.ZodType>(item: T) => {
  const page =
    pages.get(item) ??
    z.strictObject({
      items: z.array(item),
      nextCursor: z.string().nullable().describe('Pass back as `cursor` for the next page; null on the last'),
    });
  pages.set(item, page);
  return page as z.ZodObject<{ items: z.ZodArray<T>; nextCursor: z.ZodNullable<z.ZodString> }>;
};

export const ProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z
    .array(
      z.strictObject({
        path: z.string(),
        message: z.string(),
        code: z.string().optional(),
        row: z.number().int().optional().describe('CSV imports: the row at fault'),
        column: z.string().optional().describe('CSV imports: the column at fault'),
      }),
    )
    .optional()
    .describe(
      'For 400 and 422: each failing field, by path (query.limit, body.dueDate, body.rows.3.dueDate)',
    ),
});

const TotalsSchema = z.record(z.string(), z.number().int());

export const SummaryRecordSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['digest', 'report']),
  scope: z.string(),
  period: z.string(),
  start: z.iso.date(),
  end: z.iso.date(),
  status: z
    .enum(['draft', 'final'])
    .optional()
    .describe('draft: the period had not ended; final: the record (absent on summaries from before drafts)'),
  revision: z.number().int().min(1).optional().describe('Finals: 1, then corrections 2, 3...'),
  replaces: z.string().optional().describe('A correction: the revision it replaces'),
  reason: z.string().optional().describe('A correction: why'),
  asAt: z.iso.datetime().optional().describe("The instant the figures describe (the period's end, UK time)"),
  contentHash: z.string().length(64).optional().describe('SHA-256 of the content; shown in every format'),
  contentVersion: z
    .number()
    .int()
    .min(2)
    .optional()
    .describe('Which release content it holds: 2 adds SPC charts and assurance sections; absent: 1'),
  generatedAt: z.iso.datetime(),
  requestedBy: z.string().optional(),
  formats: z.array(z.string()),
  totals: TotalsSchema,
  correlationId: z.string(),
});

export const SummaryVerdictSchema = z.strictObject({
  id: z.string(),
  status: z.enum(['draft', 'final', 'legacy']),
  verifiable: z.boolean(),
  detail: z.string().optional(),
  contentHash: z.string().optional(),
  recomputedHash: z.string().optional(),
  storedContentHash: z
    .string()
    .nullable()
    .optional()
    .describe('SHA-256 of the content in the stored JSON file (null if the file is gone)'),
  contentMatches: z
    .boolean()
    .optional()
    .describe('Recomputed from the record as at the period end: same hash'),
  storedJsonMatches: z
    .boolean()
    .optional()
    .describe('The stored JSON file is byte for byte what recomputing gives'),
  seal: z
    .strictObject({
      status: z.enum(['sealed', 'not-yet-sealed', 'broken']),
      sealId: z.string().nullable(),
      problems: z.array(z.string()),
    })
    .optional()
    .describe('Finals: checked against the latest seal that lists the summary'),
});

export const SubscriptionSchema = z.strictObject({
  id: z.string(),
  userId: z.string(),
  unitId: z
    .string()
    .optional()
    .describe('The subscriber’s unit when subscribing; access is checked again at each send'),
  role: z.enum(['editor', 'reader', 'board']).optional(),
  email: z.string(),
  scope: z.string(),
  kind: z.enum(['digest', 'report']),
  status: z.enum(['pending', 'confirmed']).describe('Only confirmed subscriptions are mailed'),
  createdAt: z.iso.datetime(),
  confirmedAt: z.iso.datetime().optional(),
});

const PeriodSchema = z.strictObject({
  label: z.string().describe('2026-W47, 2026-10, 2026-Q3, or a custom range 2026-10-01..2026-10-31'),
  kind: z.enum(['week', 'month', 'quarter', 'custom']),
  start: z.iso.date(),
  end: z.iso.date(),
});

const ItemRowSchema = z.strictObject({
  commitmentId: z.string(),
  title: z.string(),
  ownerUnitId: z.string(),
  ownerName: z.string(),
  tier: z.enum(TIERS),
  dueDate: z.iso.date(),
  status: z.enum(STATUSES),
  rag: z.enum(RAGS),
  daysOverdue: z.number().int().optional(),
  escalationLevel: z.number().int().optional(),
  missing: z
    .array(z.enum(['deliverable', 'measure', 'dueDate', 'accountableUserId']))
    .optional()
    .describe('Not measurable: what it lacks'),
  heldBy: z.string().optional().describe('Escalated: the unit holding it at that level'),
  acknowledged: z.boolean().optional().describe('Escalated: whether the unit holding it has acknowledged it'),
  awaiting: z.enum(['completion', 'green']).optional().describe('Awaiting sign-off: of what'),
  awaitingDays: z.number().int().optional().describe('Awaiting sign-off: days at the period end'),
  ownerConfidence: z.enum(['green', 'amber', 'red', 'unrated']).optional(),
  assurerConfidence: z.enum(['green', 'amber', 'red', 'unrated']).optional(),
});

const CONFIDENCE_COUNTS = z.strictObject({
  green: z.number().int(),
  amber: z.number().int(),
  red: z.number().int(),
  unrated: z.number().int(),
});

const AssuranceSectionSchema = z.strictObject({
  confidenceMatrix: z
    .array(
      z.strictObject({ owner: z.enum(['green', 'amber', 'red', 'unrated']), assurer: CONFIDENCE_COUNTS }),
    )
    .describe("Open commitments by the owner's delivery confidence (rows) and the assurer's (columns)"),
  ownerMoreOptimistic: z
    .array(ItemRowSchema)
    .describe("Both rated; the owner's rating better than the assurer's"),
  responsesToRed: z.array(
    ItemRowSchema.extend({
      openedBy: z.enum(['owner', 'assurer']),
      openedAt: z.iso.datetime(),
      recoveryDue: z.iso.date(),
      recoveryLogged: z.boolean(),
      reReviewDate: z.iso.date(),
      missed: z.array(z.enum(['recovery-action', 're-review'])),
    }),
  ),
});

/** One measure's XmR chart (Making Data Count): the series, its limits and signals, its icons and reading. */
export const MeasureChartSchema = z.strictObject({
  measure: z.enum(MEASURE_IDS),
  label: z.string(),
  unit: z.enum(['percent', 'days', 'count']),
  improvement_direction: z.enum(['increase', 'decrease', 'neutral']),
  target: z.number().nullable().describe('The target the assurance icon is read against (null: none)'),
  points: z.array(
    z.strictObject({
      x: z.iso.date().describe("The period's last day: the value is as at its end"),
      period: z.string().describe('2026-W40, or 2026-10'),
      y: z.number(),
      mean: z.number(),
      lpl: z.number().nullable().describe('Lower process limit'),
      upl: z.number().nullable().describe('Upper process limit'),
      point_type: z.enum([
        'common_cause',
        'special_cause_improvement',
        'special_cause_concern',
        'special_cause_neutral_high',
        'special_cause_neutral_low',
      ]),
      special_cause_type: z.enum([
        'Common Cause',
        'Above UCL',
        'Below LCL',
        '7 Point Trend (Increasing)',
        '7 Point Trend (Decreasing)',
        '2 in 3 Above CL',
        '2 in 3 Below CL',
        '7 Points Above CL',
        '7 Points Below CL',
      ]),
      rebase_group: z.number().int().describe('Segments split at org changes that reshaped the scope'),
    }),
  ),
  trialLimits: z.boolean().describe('Limits from fewer than 12 points of the latest segment'),
  variation_icon: z
    .enum([
      'common_cause',
      'improvement_high',
      'improvement_low',
      'concern_high',
      'concern_low',
      'neutral_high',
      'neutral_low',
    ])
    .nullable()
    .describe('For the latest point; null before 13 points'),
  assurance_icon: z.enum(['pass', 'fail', 'inconsistent']).nullable(),
  reading: z.string().describe('The latest signal in one line, for a board paper'),
});

/** A summary asked for asynchronously and not made yet (POST /reports with Prefer: respond-async). */
export const SummaryJobSchema = z.strictObject({
  id: z.string().describe('The summary it will be: GET /reports/{id} answers 200 once made'),
  kind: z.enum(['digest', 'report']),
  scope: z.string(),
  period: z.string(),
  status: z.enum(['queued', 'done', 'failed']),
  requestedAt: z.iso.datetime().describe('It is made as at this instant'),
});

/** GET /measures: a scope's measures as XmR charts over a series of weeks or months. */
export const MeasureSeriesSchema = z.strictObject({
  scope: z.string(),
  scopeName: z.string(),
  grain: z.enum(['week', 'month']),
  from: z.iso.date().optional().describe("The series' first day"),
  through: z.iso.date().optional().describe("The series' last day (the last whole week or month)"),
  charts: z.array(MeasureChartSchema),
});

/** A summary's JSON form (`GET /reports/{id}?format=json`): its identity, then its content. */
export const SummaryDocumentSchema = z.strictObject({
  id: z.string(),
  status: z.enum(['draft', 'final']),
  revision: z.number().int().min(1).optional(),
  replaces: z.string().optional(),
  reason: z.string().optional(),
  contentHash: z.string().length(64).describe('SHA-256 of the content (canonical JSON of everything below)'),
  contentVersion: z
    .number()
    .int()
    .min(2)
    .optional()
    .describe('2: with SPC charts and assurance sections; absent: 1'),
  kind: z.enum(['digest', 'report']),
  scope: z.string(),
  scopeName: z.string(),
  period: PeriodSchema,
  asAt: z.iso.datetime().describe("The period's last instant (Europe/London): the figures are as at then"),
  totals: TotalsSchema,
  actionsByUnit: z.array(
    z.strictObject({ unitId: z.string(), unitName: z.string(), count: z.number().int() }),
  ),
  newlyOverdue: z.array(ItemRowSchema),
  escalated: z.array(ItemRowSchema),
  dueSoon: z.array(ItemRowSchema),
  completed: z.array(ItemRowSchema),
  atRisk: z.array(ItemRowSchema),
  offTrack: z.array(ItemRowSchema),
  assurance: AssuranceSectionSchema.optional().describe(
    'Content version 2 on: the confidence matrix (owner against assurer) and open responses to red',
  ),
  awaitingSignOff: z
    .array(ItemRowSchema)
    .optional()
    .describe('Content version 2 on: completions and owner Greens awaiting sign-off, longest first'),
  notMeasurable: z
    .array(ItemRowSchema)
    .optional()
    .describe(
      'Content version 2 on: open commitments lacking a deliverable, measure or target, due date or accountable person',
    ),
  coverageGaps: z.array(
    z.strictObject({ tier: z.enum(TIERS), responsibilityId: z.string(), text: z.string() }),
  ),
  changes: z
    .strictObject({
      previousPeriod: z.string(),
      deltas: z.array(z.strictObject({ metric: z.string(), previous: z.number(), current: z.number() })),
    })
    .nullable(),
  report: z
    .strictObject({
      ragByTier: z.record(z.string(), z.record(z.string(), z.number().int())),
      ragByRegion: z.array(
        z.strictObject({
          regionId: z.string(),
          regionName: z.string(),
          red: z.number().int(),
          amber: z.number().int(),
          green: z.number().int(),
        }),
      ),
      overdueTrend: z.array(z.strictObject({ period: z.string(), overdue: z.number().int() })),
      coverageMatrix: z.strictObject({
        columns: z.array(z.string()),
        rows: z.array(z.strictObject({ responsibilityId: z.string(), counts: z.array(z.number().int()) })),
      }),
      topOverdue: z.array(ItemRowSchema),
      byPrinciple: z.array(z.strictObject({ principle: z.string(), open: z.number().int() })),
    })
    .optional()
    .describe('Governance reports only'),
  spc: z
    .strictObject({ grain: z.literal('week'), charts: z.array(MeasureChartSchema) })
    .optional()
    .describe("Governance reports only: each measure's weekly XmR chart over the year to the period's end"),
  orgChanges: z
    .array(
      z.strictObject({ id: z.string(), kind: z.string(), effectiveDate: z.iso.date(), text: z.string() }),
    )
    .optional()
    .describe('Mergers, splits, moves, renames and closures in the window that touch the scope'),
  narrative: z.array(z.string()),
});

/** What API Gateway itself answers when it throttles (429) or a function times out (503). */
export const GatewayMessageSchema = z.strictObject({ message: z.string() });

/** GET /openapi.json: an OpenAPI 3.1 document (validated whole by the linters in npm test). */
export const WebhookSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['cloudevents', 'teams']),
  url: z.string(),
  eventTypes: z.array(z.string()).describe('Empty: every type'),
  scope: z.string(),
  ownerUnitId: z.string(),
  createdBy: z.string(),
  email: z.string(),
  status: z.enum(['active', 'disabled']),
  createdAt: z.iso.datetime(),
  disabledAt: z.iso.datetime().optional(),
  disabledReason: z.string().optional(),
  failures: z.number().int().min(0).describe('Failed attempts since the last success'),
});

export const WebhookCreatedSchema = WebhookSchema.extend({
  secret: z
    .string()
    .describe(
      'The signing secret (Standard Webhooks, whsec_...): shown only now; keep it in your secret store',
    ),
});

export const WebhookDeliverySchema = z.strictObject({
  eventId: z.string(),
  type: z.string().describe('The CloudEvents type'),
  occurredAt: z.iso.datetime(),
  status: z.enum(['pending', 'delivered', 'dead', 'test']),
  attempts: z.number().int().min(0),
  lastStatus: z.number().int().optional(),
  lastError: z.string().optional(),
  at: z.iso.datetime().describe('Delivered or given up at; for pending: the next attempt'),
});

export const AsyncApiDocumentSchema = z.looseObject({
  asyncapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  channels: z.record(z.string(), z.unknown()),
  operations: z.record(z.string(), z.unknown()),
});

export const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
