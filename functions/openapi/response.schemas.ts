import * as z from 'zod';
import { AREA_SLUGS, ORG_UNIT_KINDS, TIERS } from '../../shared/catalogue/types';
import { RAGS, STATUSES } from '../../shared/commitments/commitment.model';

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
  name: z.string(),
  parentId: z.string().nullable(),
});

export const OrgUnitTreeSchema = z.strictObject({
  national: OrgUnitSchema.nullable(),
  regions: z.array(OrgUnitSchema.extend({ icss: z.array(OrgUnitSchema) })),
});

export const CommitmentSchema = z.strictObject({
  id: z.string(),
  ownerUnitId: z.string(),
  tier: z.enum(ORG_UNIT_KINDS),
  regionId: z.string(),
  accountableRole: z.string(),
  title: z.string(),
  description: z.string(),
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
  overdue: z.boolean().describe('Derived: open and past its due date'),
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
  evidence: z.array(z.strictObject({ url: z.string(), label: z.string().optional() })),
  statusChange: z
    .strictObject({ from: z.enum(STATUSES), to: z.enum(STATUSES), reason: z.string().optional() })
    .optional(),
  progress: z.number().int().optional(),
  corrects: z.string().optional(),
  correlationId: z.string().optional(),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
});

export const AuditSchema = z.strictObject({
  commitmentId: z.string(),
  valid: z.boolean(),
  actionCount: z.number().int(),
  headHash: z.string(),
  firstBrokenLink: z
    .strictObject({ seq: z.number().int(), actionId: z.string().nullable(), reason: z.string() })
    .nullable(),
});

export const HealthSchema = z.strictObject({
  status: z.literal('ok'),
  version: z.string(),
  catalogueVersion: z.string(),
  catalogueSeededAt: z.string(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass back as `cursor` for the next page; null on the last'),
  });

export const ProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z
    .array(z.strictObject({ path: z.string(), message: z.string(), code: z.string().optional() }))
    .optional()
    .describe('For 400: each failing field, by path (query.limit, body.dueDate, ...)'),
});

const TotalsSchema = z.record(z.string(), z.number().int());

export const SummaryRecordSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['digest', 'report']),
  scope: z.string(),
  period: z.string(),
  start: z.iso.date(),
  end: z.iso.date(),
  generatedAt: z.iso.datetime(),
  formats: z.array(z.string()),
  totals: TotalsSchema,
  correlationId: z.string(),
});

export const SubscriptionSchema = z.strictObject({
  id: z.string(),
  userId: z.string(),
  email: z.string(),
  scope: z.string(),
  kind: z.enum(['digest', 'report']),
  createdAt: z.iso.datetime(),
});
