import * as z from 'zod';
import { RESPONSIBILITY_ID_PATTERN } from '../catalogue/catalogue';
import { VersionSchema } from '../catalogue/catalogue.schemas';
import { TAG_VOCABULARIES } from '../catalogue/vocabularies';
import { EVIDENCE_MAX_BYTES, EVIDENCE_TYPES } from '../evidence/evidence-rules';
import { PageQuery } from '../http/page-query';
import { londonEndOfDay } from '../summaries/period';
import { confidenceScale, RAGS, STATUSES } from './commitment.model';

const TAG_IDS = Object.values(TAG_VOCABULARIES).flatMap((vocabulary) => vocabulary.map((t) => t.id)) as [
  string,
  ...string[],
];

/** A calendar date, `YYYY-MM-DD`, between 2000 and 2100. */
export const IsoDate = z.iso
  .date()
  // Only a well-formed date is checked for its range: "soon" gets one error, not two.
  .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || (d >= '2000-01-01' && d <= '2100-12-31'), {
    message: 'Must be between 2000-01-01 and 2100-12-31',
  });

/** Something a person can see: not only spaces, zero-width or other invisible format characters. */
const VISIBLE = /[^\s\p{Cf}\p{Cc}\p{Z}]/u;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // Empty text already fails min(1): one error, not two.
    .refine((v) => v === '' || VISIBLE.test(v), {
      message: 'Must contain visible text (not only spaces or invisible characters)',
    });
/** A user id as tokens carry it (`sub`): Cognito's are UUIDs; dev tokens use readable names. */
export const UserId = z
  .string()
  .regex(/^[A-Za-z0-9._@:+-]{1,128}$/, 'Must be a user id: letters, digits and . _ @ : + - only');
export const CommitmentId = z.string().min(1).max(64);
const unique = <T>(items: T[]) => new Set(items).size === items.length;

export const CreateCommitmentBody = z.strictObject({
  ownerUnitId: z.string().min(1).max(64).optional().describe("Defaults to the caller's unit"),
  accountableRole: text(120).describe('The role accountable for delivery, e.g. "Head of Workforce Planning"'),
  accountableUserId: UserId.optional().describe(
    "The person accountable (a user id, the token's sub); defaults to the caller",
  ),
  parentId: CommitmentId.optional().describe(
    'A commitment at a higher tier this one contributes to (same region, or national)',
  ),
  title: text(200),
  description: z.string().trim().max(4000).default(''),
  deliverable: text(500)
    .optional()
    .describe('What will be delivered; without it the commitment is flagged "not measurable"'),
  signOffRequired: z
    .boolean()
    .optional()
    .describe("Completing it and the owner's Green then need evidence and sign-off by the parent unit"),
  measure: text(500)
    .optional()
    .describe(
      'The measure or target delivery is judged by; without it the commitment is flagged "not measurable"',
    ),
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
    deliverable: text(500).nullable().optional().describe('What will be delivered; null removes it'),
    signOffRequired: z
      .boolean()
      .optional()
      .describe('Require evidence and sign-off to complete it or rate it Green'),
    measure: text(500).nullable().optional().describe('The measure or target; null removes it'),
    accountableRole: text(120).optional(),
    dueDate: IsoDate.optional(),
    status: z.enum(STATUSES).optional(),
    rag: z.enum(RAGS).optional(),
    parentId: CommitmentId.nullable()
      .optional()
      .describe('Links to a parent commitment at a higher tier, or null to unlink'),
    reason: text(1000).optional().describe('Why the status changed; required to reopen a closed commitment'),
  })
  .refine((patch) => Object.keys(patch).some((k) => k !== 'reason'), {
    message: 'Send at least one field to change',
  });
export type PatchCommitmentInput = z.output<typeof PatchCommitmentBody>;

const EvidenceLink = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  label: text(200).optional(),
});
const EvidenceUpload = z.strictObject({
  file: z.strictObject({
    key: z.string().min(1).max(400).describe('The key POST /evidence gave, once the file is uploaded'),
  }),
  label: text(200).optional(),
});
/** A link, or a file uploaded through POST /evidence (its hash is checked and recorded). */
export const Evidence = z.union([EvidenceLink, EvidenceUpload]);
export type EvidenceInput = z.output<typeof Evidence>;

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
  recovery: z
    .boolean()
    .optional()
    .describe(
      "The recovery action of the commitment's open response to red (due within 10 working days of the Red)",
    ),
});
export type CreateActionInput = z.output<typeof CreateActionBody>;

export const CommitmentPath = z.strictObject({ id: CommitmentId });

export const ConfidenceBody = z.strictObject({
  evidence: z
    .array(Evidence)
    .max(10)
    .optional()
    .describe(
      'An owner Green on a commitment that requires sign-off needs evidence (links or uploaded files)',
    ),
  rating: z.enum(RAGS).describe(`Delivery confidence. ${confidenceScale()} A Red opens a response to red.`),
  reason: text(1000).describe('Why: kept in the history with who rated it and when'),
  reReviewDate: IsoDate.optional().describe(
    'With a Red: when confidence will be rated again (default: 20 working days on)',
  ),
});
export type ConfidenceBodyInput = z.output<typeof ConfidenceBody>;

export const SignOffBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: text(1000).describe('What the reviewer checked, or why it is rejected (kept in the history)'),
});

export const EvidenceUploadBody = z.strictObject({
  commitmentId: CommitmentId,
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^/\\]+$/, 'Must be a file name without / or \\')
    .refine((name) => !/\p{Cc}/u.test(name), { message: 'Must not contain control characters' }),
  contentType: z
    .enum(Object.keys(EVIDENCE_TYPES) as [string, ...string[]], {
      message: `Must be one of ${Object.keys(EVIDENCE_TYPES).join(', ')}`,
    })
    .describe('PDF, PNG, JPEG, CSV, text, Word, Excel or PowerPoint'),
  size: z
    .number()
    .int()
    .min(1)
    .max(EVIDENCE_MAX_BYTES, `At most ${EVIDENCE_MAX_BYTES} bytes (10 MB)`)
    .describe('Bytes; at most 10 MB'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'Must be the SHA-256 of the file in lowercase hex')
    .describe('The upload is refused if the file does not match it'),
});

export const EvidenceDownloadQuery = z.strictObject({
  key: z
    .string()
    .max(400)
    .regex(/^evidence\/[^/]+\/[0-9a-f-]{36}\/[^/]+$/, 'Must be a key POST /evidence gave')
    .describe("The file's key, as an action's evidence records it"),
});

export const AcknowledgeBody = z.strictObject({
  plan: text(1000).describe('What the acknowledging unit will do about it (kept in the history)'),
});

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');
const StatusList = z
  .string()
  .transform((v) => v.split(','))
  .pipe(z.array(z.enum(STATUSES)).max(STATUSES.length));

/**
 * An instant in the past to read the record as at: a date-time with offset, or a date (its last
 * instant, Europe/London). Normalised to UTC ISO with milliseconds, as versions record time.
 */
export const AsAt = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((v) => (v.length === 10 ? londonEndOfDay(v) : new Date(v).toISOString()))
  .refine((v) => v <= new Date().toISOString(), { message: 'Must not be in the future' })
  .describe('Read the record as it was at this instant (a date means the end of that day, UK time)');

export const GetCommitmentQuery = z.strictObject({ asAt: AsAt.optional() });
export const HistoryQuery = z.strictObject({ ...PageQuery });

/** The filters of `GET /commitments`, shared by its CSV export. */
const COMMITMENT_FILTERS = {
  unit: z.string().min(1).max(64).optional().describe('Owner unit id'),
  region: z.string().min(1).max(64).optional().describe('A region: its own and its ICSs’ commitments'),
  responsibility: z.string().regex(RESPONSIBILITY_ID_PATTERN).optional(),
  status: StatusList.optional().describe('One status or several, comma-separated'),
  overdue: booleanFlag.optional(),
  dueAfter: IsoDate.optional().describe('Due on or after this date'),
  dueBefore: IsoDate.optional().describe('Due on or before this date'),
  rag: z
    .string()
    .transform((v) => v.split(','))
    .pipe(z.array(z.enum(RAGS)).max(RAGS.length))
    .optional()
    .describe('One RAG rating or several, comma-separated'),
  accountable: UserId.optional().describe('Only commitments this person (user id) is accountable for'),
  measurable: booleanFlag
    .optional()
    .describe(
      'false: only commitments lacking a deliverable or a measure or target (flagged "not measurable")',
    ),
};

type FilterFields = { unit?: string; region?: string; dueAfter?: string; dueBefore?: string };
const withFilterRules = <S extends z.ZodType<FilterFields>>(schema: S) =>
  schema
    .refine((q) => !(q.unit && q.region), { message: 'Use unit or region, not both', path: ['region'] })
    .refine((q) => !(q.dueAfter && q.dueBefore && q.dueAfter > q.dueBefore), {
      message: 'dueAfter must not be later than dueBefore',
      path: ['dueAfter'],
    });

export const ListCommitmentsQuery = withFilterRules(
  z.strictObject({ ...COMMITMENT_FILTERS, asAt: AsAt.optional(), ...PageQuery }),
);

export const ExportCommitmentsQuery = withFilterRules(
  z.strictObject({
    ...COMMITMENT_FILTERS,
    cursor: PageQuery.cursor.describe('From the `Link: rel="next"` header of a partial export'),
  }),
);
export type ExportCommitmentsInput = z.output<typeof ExportCommitmentsQuery>;
export type ListCommitmentsInput = z.output<typeof ListCommitmentsQuery>;

/** `GET /me/commitments`: the list filters that make sense for one person's commitments. */
export const MyCommitmentsQuery = z
  .strictObject({
    status: StatusList.optional().describe('One status or several, comma-separated'),
    overdue: booleanFlag.optional(),
    dueAfter: IsoDate.optional().describe('Due on or after this date'),
    dueBefore: IsoDate.optional().describe('Due on or before this date'),
    ...PageQuery,
  })
  .refine((q) => !(q.dueAfter && q.dueBefore && q.dueAfter > q.dueBefore), {
    message: 'dueAfter must not be later than dueBefore',
    path: ['dueAfter'],
  });
export type MyCommitmentsInput = z.output<typeof MyCommitmentsQuery>;

export const BulkStatusBody = z.strictObject({
  status: z.enum(STATUSES).describe('The status every listed commitment moves to'),
  reason: text(1000).optional().describe('Recorded as each status reason; required to reopen closed ones'),
  items: z
    .array(
      z.strictObject({
        id: CommitmentId,
        version: z.number().int().min(1).describe('The ETag (version) this change is based on'),
      }),
    )
    .min(1)
    .max(100)
    .refine((items) => unique(items.map((i) => i.id)), { message: 'Must not list a commitment twice' }),
});
export type BulkStatusInput = z.output<typeof BulkStatusBody>;

export const UnitPath = z.strictObject({ unitId: z.string().min(1).max(64) });

export const HandoverBody = z
  .strictObject({
    fromUserId: UserId.describe('The person leaving (their user id)'),
    toUserId: UserId.describe('The person taking over'),
    reason: text(1000).describe('Recorded on the action logged against each commitment'),
    commitmentIds: z
      .array(CommitmentId)
      .min(1)
      .max(500)
      .refine(unique, { message: 'Must not repeat an id' })
      .optional()
      .describe("Only these of the leaver's commitments (default: all of them in the unit)"),
  })
  .refine((b) => b.fromUserId !== b.toUserId, { message: 'Must differ from fromUserId', path: ['toUserId'] });
export type HandoverInput = z.output<typeof HandoverBody>;

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
