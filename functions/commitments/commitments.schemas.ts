import * as z from 'zod';
import { RESPONSIBILITY_ID_PATTERN } from '../../shared/catalogue/catalogue';
import { TAG_VOCABULARIES } from '../../shared/catalogue/vocabularies';
import { RAGS, STATUSES } from '../../shared/commitments/commitment.model';
import { PageQuery, VersionSchema } from '../responsibilities/responsibilities.schemas';

const TAG_IDS = Object.values(TAG_VOCABULARIES).flatMap((vocabulary) => vocabulary.map((t) => t.id)) as [
  string,
  ...string[],
];

/** A calendar date, `YYYY-MM-DD`, between 2000 and 2100. */
export const IsoDate = z.iso.date().refine((d) => d >= '2000-01-01' && d <= '2100-12-31', {
  message: 'Must be between 2000-01-01 and 2100-12-31',
});

const text = (max: number) => z.string().trim().min(1).max(max);
const unique = <T>(items: T[]) => new Set(items).size === items.length;

export const CreateCommitmentBody = z.strictObject({
  ownerUnitId: z.string().min(1).max(64).optional().describe("Defaults to the caller's unit"),
  accountableRole: text(120).describe('The role accountable for delivery, e.g. "Head of Workforce Planning"'),
  title: text(200),
  description: z.string().trim().max(4000).default(''),
  catalogueVersion: VersionSchema.optional().describe('Defaults to the current operating model'),
  responsibilityIds: z
    .array(z.string().regex(RESPONSIBILITY_ID_PATTERN, 'Must be a responsibility id such as REG-WP-2'))
    .min(1)
    .max(10)
    .refine(unique, { message: 'Must not repeat an id' }),
  tags: z.array(z.enum(TAG_IDS)).max(20).refine(unique, { message: 'Must not repeat a tag' }).default([]),
  dueDate: IsoDate,
  status: z.enum(['not_started', 'on_track', 'at_risk', 'off_track']).default('not_started'),
  rag: z.enum(RAGS).default('green'),
});
export type CreateCommitmentInput = z.output<typeof CreateCommitmentBody>;

export const PatchCommitmentBody = z
  .strictObject({
    title: text(200).optional(),
    description: z.string().trim().max(4000).optional(),
    accountableRole: text(120).optional(),
    dueDate: IsoDate.optional(),
    status: z.enum(STATUSES).optional(),
    rag: z.enum(RAGS).optional(),
    reason: text(1000).optional().describe('Why the status changed; required to reopen a closed commitment'),
  })
  .refine((patch) => Object.keys(patch).some((k) => k !== 'reason'), {
    message: 'Send at least one field to change',
  });
export type PatchCommitmentInput = z.output<typeof PatchCommitmentBody>;

export const Evidence = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  label: text(200).optional(),
});

export const CreateActionBody = z.strictObject({
  summary: text(2000).describe('What was done'),
  occurredAt: z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .describe('When it happened (not in the future)'),
  evidence: z.array(Evidence).max(10).default([]),
  progress: z.number().int().min(0).max(100).optional().describe('Percent complete after this action'),
  statusChange: z
    .strictObject({ to: z.enum(STATUSES), reason: text(1000).optional() })
    .optional()
    .describe("Moves the commitment's status, following the status rules"),
  corrects: z
    .string()
    .max(64)
    .optional()
    .describe('Id of an earlier action of this commitment that this one corrects'),
});
export type CreateActionInput = z.output<typeof CreateActionBody>;

export const CommitmentPath = z.strictObject({ id: z.string().min(1).max(64) });

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ListCommitmentsQuery = z
  .strictObject({
    unit: z.string().min(1).max(64).optional().describe('Owner unit id'),
    region: z.string().min(1).max(64).optional().describe('A region: its own and its ICSs’ commitments'),
    responsibility: z.string().regex(RESPONSIBILITY_ID_PATTERN).optional(),
    status: z
      .string()
      .transform((v) => v.split(','))
      .pipe(z.array(z.enum(STATUSES)).max(STATUSES.length))
      .optional()
      .describe('One status or several, comma-separated'),
    overdue: booleanFlag.optional(),
    dueAfter: IsoDate.optional().describe('Due on or after this date'),
    dueBefore: IsoDate.optional().describe('Due on or before this date'),
    ...PageQuery,
  })
  .refine((q) => !(q.unit && q.region), { message: 'Use unit or region, not both', path: ['region'] })
  .refine((q) => !(q.dueAfter && q.dueBefore && q.dueAfter > q.dueBefore), {
    message: 'dueAfter must not be later than dueBefore',
    path: ['dueAfter'],
  });
export type ListCommitmentsInput = z.output<typeof ListCommitmentsQuery>;

export const ListCommitmentActionsQuery = z.strictObject({ ...PageQuery });

export const ListUnitActionsQuery = z
  .strictObject({
    unit: z.string().min(1).max(64),
    from: IsoDate.or(z.iso.datetime({ offset: true })).describe('Logged on or after'),
    to: IsoDate.or(z.iso.datetime({ offset: true })).describe('Logged on or before'),
    ...PageQuery,
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be later than to', path: ['from'] });

export const ResponsibilityCommitmentsQuery = z.strictObject({
  version: VersionSchema.optional(),
  ...PageQuery,
});
