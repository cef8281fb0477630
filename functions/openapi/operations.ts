import * as z from 'zod';
import {
  AcknowledgeBody,
  BulkStatusBody,
  CommitmentPath,
  ConfidenceBody,
  CreateActionBody,
  CreateCommitmentBody,
  EvidenceDownloadQuery,
  EvidenceUploadBody,
  ExportCommitmentsQuery,
  GetCommitmentQuery,
  HandoverBody,
  HistoryQuery,
  ListCommitmentActionsQuery,
  ListCommitmentsQuery,
  ListUnitActionsQuery,
  MyCommitmentsQuery,
  PatchCommitmentBody,
  ResponsibilityCommitmentsQuery,
  SignOffBody,
  UnitPath,
} from '../../shared/commitments/commitments.schemas';
import { OrgChangeBody } from '../../shared/org/org-map';
import { SealPath } from '../audit/audit.schemas';
import { ImportPath, ImportQuery, TemplateQuery } from '../imports/imports.schemas';
import { MeasuresQuery } from '../measures/measures.schemas';
import { OrgChangePath, OrgChangeQuery, OrgUnitsQuery } from '../org-units/org-units.schemas';
import {
  GenerateReportBody,
  GetReportQuery,
  ListReportsQuery,
  ReportPath,
  ReviseReportBody,
} from '../reports/reports.schemas';
import {
  GetResponsibilityQuery,
  ListResponsibilitiesQuery,
  ResponsibilityPath,
} from '../responsibilities/responsibilities.schemas';
import {
  SubscribeBody,
  SubscriptionLinkQuery,
  SubscriptionPath,
} from '../subscriptions/subscriptions.schemas';
import { CreateWebhookBody, DeliveriesQuery, ReplayBody, WebhookPath } from '../webhooks/webhooks.schemas';
import {
  ActionSchema,
  AsyncApiDocumentSchema,
  AuditSchema,
  BulkStatusResultSchema,
  ChildrenSchema,
  CommitmentDetailSchema,
  CommitmentSchema,
  CommitmentVersionSchema,
  EvidenceDownloadSchema,
  EvidenceUploadSchema,
  HandoverResultSchema,
  HealthSchema,
  ImportRecordSchema,
  ImportReportSchema,
  MeasureSeriesSchema,
  OpenApiDocumentSchema,
  OrgChangeListSchema,
  OrgChangePlanSchema,
  OrgChangeRecordSchema,
  OrgUnitTreeSchema,
  pageOf,
  ResponsibilitySchema,
  SealVerdictSchema,
  SubscriptionSchema,
  SummaryDocumentSchema,
  SummaryJobSchema,
  SummaryRecordSchema,
  SummaryVerdictSchema,
  WebhookCreatedSchema,
  WebhookDeliverySchema,
  WebhookSchema,
} from './response.schemas';

export type BodyExample = Record<string, unknown> | string;

export const TAGS = [
  {
    name: 'Catalogue',
    description: 'The delivery spectrum (Fig 3 and Fig 4) and the org units that commit to it',
  },
  {
    name: 'Commitments',
    description: 'What a unit committed to: create, change, list, export and import, hand over, roll up',
  },
  { name: 'Actions', description: 'What was done: the hash-chained action log, its audit and the seals' },
  {
    name: 'Reports',
    description: 'Digests and governance reports: generate, read, verify, correct, subscribe',
  },
  {
    name: 'Webhooks',
    description: 'Events to your own systems: signed CloudEvents, retried for a day, in order',
  },
  { name: 'Service', description: 'Health, this document and the seal public key' },
];

export interface OperationSpec {
  tag: 'Catalogue' | 'Commitments' | 'Actions' | 'Reports' | 'Webhooks' | 'Service';
  /** A short title (default: the operation id in words); the route's own summary becomes the description. */
  summary?: string;
  path?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A body that is not JSON (a CSV file), described in docs/csv.md. */
  requestMediaType?: 'text/csv';
  /** An example request body (a unit test parses each with the body schema). */
  example?: BodyExample;
  /** Request headers the operation reads. */
  headers?: Array<{ name: string; required: boolean; description: string; example: string }>;
  success: {
    status: number;
    description: string;
    /** The JSON body. */
    schema?: z.ZodType;
    /** A body of another media type (a string), e.g. text/csv. */
    mediaType?: string;
    /** Several media types (`?format=`): a JSON schema, or undefined for text. */
    content?: Record<string, z.ZodType | undefined>;
    etag?: boolean;
    /** Other success statuses with the same body (e.g. 200 for a repeat that wrote nothing). */
    also?: Array<{ status: number; description: string; schema?: z.ZodType }>;
  };
  /** Problem statuses besides 401 (added for every JWT route) and 500. */
  problems: number[];
}

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Makes the POST safe to retry: same key and body returns the first response; another body is 422; a duplicate in flight is 409.',
  example: 'london-wp-plan-2026-11-25',
};

/** The OpenAPI side of each route in the manifest, by route id (a test checks none is missing). */
export const OPERATIONS: Record<string, OperationSpec> = {
  GetMeasures: {
    tag: 'Reports',
    query: MeasuresQuery,
    success: {
      status: 200,
      description: "Every measure's chart (JSON), or one measure's chart drawn as SVG (`format=svg`)",
      content: { 'application/json': MeasureSeriesSchema, 'image/svg+xml': undefined },
    },
    problems: [400, 403],
  },
  GenerateReport: {
    tag: 'Reports',
    body: GenerateReportBody,
    example: { kind: 'report', scope: 'national', period: '2026-Q3' },
    headers: [
      {
        name: 'Prefer',
        required: false,
        description:
          '`respond-async`: answer 202 at once and make the summary in the background (large scopes take longer than the gateway waits)',
        example: 'respond-async',
      },
    ],
    success: {
      status: 201,
      description: 'Generated: the final summary of an ended period, or a draft of a running one',
      schema: SummaryRecordSchema,
      also: [
        { status: 200, description: 'The final summary existed already: the same record, nothing written' },
        {
          status: 202,
          description:
            'With `Prefer: respond-async`: accepted; GET the `Location` (the summary id) until it answers 200',
          schema: SummaryJobSchema,
        },
      ],
    },
    problems: [400, 403, 413, 415, 429],
  },
  ReviseReport: {
    tag: 'Reports',
    path: ReportPath,
    body: ReviseReportBody,
    example: { reason: 'Two completions in the North West were logged a day late; corrected figures.' },
    success: { status: 201, description: 'The new revision', schema: SummaryRecordSchema },
    problems: [400, 403, 404, 409, 413, 415, 429],
  },
  VerifyReport: {
    tag: 'Reports',
    path: ReportPath,
    success: {
      status: 200,
      description: 'Recomputed against the stored summary',
      schema: SummaryVerdictSchema,
    },
    problems: [400, 403, 404],
  },
  ListReports: {
    tag: 'Reports',
    query: ListReportsQuery,
    success: { status: 200, description: 'Newest first', schema: pageOf(SummaryRecordSchema) },
    problems: [400, 403],
  },
  GetReport: {
    tag: 'Reports',
    path: ReportPath,
    query: GetReportQuery,
    success: {
      status: 200,
      description: 'The summary in the format asked for (`?format=`: html by default, csv, json or md)',
      content: {
        'text/html': undefined,
        'application/json': SummaryDocumentSchema,
        'text/markdown': undefined,
        'text/csv': undefined,
      },
      also: [
        {
          status: 202,
          description: 'Asked for asynchronously and not made yet: try again after Retry-After seconds',
          schema: SummaryJobSchema,
        },
      ],
    },
    problems: [400, 403, 404],
  },
  Health: {
    tag: 'Service',
    success: { status: 200, description: 'Ready', schema: HealthSchema },
    problems: [503],
  },
  Subscribe: {
    tag: 'Reports',
    body: SubscribeBody,
    example: { email: 'board.office@nhs.net', scope: 'region-london', kind: 'report' },
    success: {
      status: 201,
      description: 'Subscribed, pending confirmation (a link is mailed to the address)',
      schema: SubscriptionSchema,
      also: [{ status: 200, description: 'Already subscribed: the existing subscription' }],
    },
    problems: [400, 403, 413, 415],
  },
  ListSubscriptions: {
    tag: 'Reports',
    success: { status: 200, description: "The caller's subscriptions", schema: pageOf(SubscriptionSchema) },
    problems: [],
  },
  ConfirmSubscriptionPage: {
    tag: 'Reports',
    path: SubscriptionPath,
    query: SubscriptionLinkQuery,
    success: { status: 200, description: 'An HTML page with a Confirm button', mediaType: 'text/html' },
    problems: [400, 404],
  },
  ConfirmSubscription: {
    tag: 'Reports',
    path: SubscriptionPath,
    query: SubscriptionLinkQuery,
    success: { status: 200, description: 'An HTML page saying it is confirmed', mediaType: 'text/html' },
    problems: [400, 404],
  },
  UnsubscribeLink: {
    tag: 'Reports',
    path: SubscriptionPath,
    query: SubscriptionLinkQuery,
    success: { status: 200, description: 'An HTML page with an Unsubscribe button', mediaType: 'text/html' },
    problems: [400, 404],
  },
  UnsubscribeOneClick: {
    tag: 'Reports',
    path: SubscriptionPath,
    query: SubscriptionLinkQuery,
    success: { status: 200, description: 'Removed (RFC 8058 one-click)', mediaType: 'text/html' },
    problems: [400, 404],
  },
  Unsubscribe: {
    tag: 'Reports',
    path: SubscriptionPath,
    success: { status: 204, description: 'Removed' },
    problems: [403, 404],
  },
  BoardPage: {
    tag: 'Reports',
    success: { status: 200, description: 'An HTML page', mediaType: 'text/html' },
    problems: [],
  },
  GetOpenApi: {
    tag: 'Service',
    summary: 'Get this OpenAPI document',
    success: { status: 200, description: 'This document (OpenAPI 3.1)', schema: OpenApiDocumentSchema },
    problems: [],
  },
  CreateWebhook: {
    tag: 'Webhooks',
    body: CreateWebhookBody,
    example: {
      url: 'https://cms.london.example.nhs.uk/tracker-events',
      eventTypes: ['Duty Logged', 'Duty Overdue'],
      scope: 'region-london',
      email: 'cms.team@nhs.net',
    },
    success: {
      status: 201,
      description: 'Registered; the secret is in this answer only',
      schema: WebhookCreatedSchema,
    },
    problems: [400, 403],
  },
  ListWebhooks: {
    tag: 'Webhooks',
    success: { status: 200, description: "The unit's webhooks", schema: pageOf(WebhookSchema) },
    problems: [],
  },
  DeleteWebhook: {
    tag: 'Webhooks',
    path: WebhookPath,
    success: { status: 204, description: 'Removed' },
    problems: [403, 404],
  },
  TestWebhook: {
    tag: 'Webhooks',
    path: WebhookPath,
    success: { status: 200, description: 'What the receiver answered', schema: WebhookDeliverySchema },
    problems: [403, 404],
  },
  ListWebhookDeliveries: {
    tag: 'Webhooks',
    path: WebhookPath,
    query: DeliveriesQuery,
    success: {
      status: 200,
      description: 'Queued, then sent (newest first)',
      schema: pageOf(WebhookDeliverySchema),
    },
    problems: [400, 404],
  },
  ReplayWebhook: {
    tag: 'Webhooks',
    path: WebhookPath,
    body: ReplayBody,
    example: { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' },
    success: {
      status: 202,
      description: 'Queued again',
      schema: z.strictObject({ queued: z.number().int().min(0) }),
    },
    problems: [400, 403, 404],
  },
  GetAsyncApi: {
    tag: 'Service',
    summary: 'Get the AsyncAPI document of the events',
    success: {
      status: 200,
      description: 'Every event type and version (AsyncAPI 3.0), the bus as the server, with examples',
      schema: AsyncApiDocumentSchema,
    },
    problems: [],
  },
  ListResponsibilities: {
    tag: 'Catalogue',
    query: ListResponsibilitiesQuery,
    success: { status: 200, description: 'A page of responsibilities', schema: pageOf(ResponsibilitySchema) },
    problems: [400],
  },
  GetResponsibility: {
    tag: 'Catalogue',
    path: ResponsibilityPath,
    query: GetResponsibilityQuery,
    success: { status: 200, description: 'The responsibility', schema: ResponsibilitySchema },
    problems: [400, 404],
  },
  ListOrgUnits: {
    tag: 'Catalogue',
    query: OrgUnitsQuery,
    success: {
      status: 200,
      description: 'National, regions and their ICSs on the date',
      schema: OrgUnitTreeSchema,
    },
    problems: [400],
  },
  ChangeOrgMap: {
    tag: 'Catalogue',
    summary: 'Record an org change',
    query: OrgChangeQuery,
    body: OrgChangeBody,
    example: {
      id: '2026-04-east-coast-merger',
      kind: 'merge',
      effectiveDate: '2026-04-01',
      description: 'Three ICBs merge under one board (NHS England decision of 2026-01-15)',
      from: ['ics-mid-and-south-essex', 'ics-suffolk-and-north-east-essex', 'ics-norfolk-and-waveney'],
      into: { id: 'ics-east-coast', name: 'East Coast' },
      successorAccess: true,
    },
    success: {
      status: 201,
      description: 'Recorded: applied (effective today or earlier) or scheduled (a later date)',
      schema: OrgChangePlanSchema,
      also: [{ status: 200, description: 'A dry run (nothing written), or the same change applied before' }],
    },
    problems: [400, 403, 409, 413, 415],
  },
  ListOrgChanges: {
    tag: 'Catalogue',
    success: { status: 200, description: 'By effective date', schema: OrgChangeListSchema },
    problems: [],
  },
  GetOrgChange: {
    tag: 'Catalogue',
    path: OrgChangePath,
    success: { status: 200, description: 'The change and its status', schema: OrgChangeRecordSchema },
    problems: [400, 404],
  },
  ListResponsibilityCommitments: {
    tag: 'Commitments',
    path: ResponsibilityPath,
    query: ResponsibilityCommitmentsQuery,
    success: { status: 200, description: 'Commitments citing it', schema: pageOf(CommitmentSchema) },
    problems: [400, 404],
  },
  CreateCommitment: {
    tag: 'Commitments',
    body: CreateCommitmentBody,
    example: {
      accountableRole: 'Head of Workforce Planning',
      title: 'Integrated regional workforce plan 2027/28',
      responsibilityIds: ['REG-WP-1', 'REG-WP-3'],
      tags: ['P-INTEGRATION', 'PFO-9'],
      dueDate: '2027-03-31',
    },
    headers: [IDEMPOTENCY_KEY],
    success: { status: 201, description: 'Created', schema: CommitmentSchema, etag: true },
    problems: [400, 403, 409, 413, 415, 422],
  },
  ListCommitments: {
    tag: 'Commitments',
    query: ListCommitmentsQuery,
    success: {
      status: 200,
      description: 'A page of commitments by due date',
      schema: pageOf(CommitmentSchema),
    },
    problems: [400, 403],
  },
  GetCommitment: {
    tag: 'Commitments',
    path: CommitmentPath,
    query: GetCommitmentQuery,
    success: { status: 200, description: 'The commitment', schema: CommitmentDetailSchema, etag: true },
    problems: [400, 403, 404],
  },
  GetCommitmentHistory: {
    tag: 'Commitments',
    path: CommitmentPath,
    query: HistoryQuery,
    success: { status: 200, description: 'Oldest first', schema: pageOf(CommitmentVersionSchema) },
    problems: [400, 403, 404],
  },
  ExportCommitments: {
    tag: 'Commitments',
    query: ExportCommitmentsQuery,
    success: {
      status: 200,
      description:
        'CSV (columns in docs/csv.md). Past 5 MB the file stops at a page boundary with `Link: <...>; rel="next"`',
      mediaType: 'text/csv',
    },
    problems: [400, 403],
  },
  ImportCsv: {
    tag: 'Commitments',
    query: ImportQuery,
    requestMediaType: 'text/csv',
    example:
      'title,accountableRole,responsibilityIds,dueDate\nWorkforce data sharing agreement,Head of Analytics,REG-WP-2,2027-01-31\n',
    success: {
      status: 201,
      description: 'Every row written. 422 if any row fails: nothing written, errors by row and column',
      schema: ImportReportSchema,
      also: [
        {
          status: 200,
          description:
            'A dry run (nothing written; `status` valid or invalid), or a file imported before (already-imported)',
        },
      ],
    },
    problems: [400, 403, 413, 415, 422],
  },
  GetImport: {
    tag: 'Commitments',
    path: ImportPath,
    success: { status: 200, description: 'The import record', schema: ImportRecordSchema },
    problems: [400, 403, 404],
  },
  ImportTemplate: {
    tag: 'Commitments',
    query: TemplateQuery,
    success: { status: 200, description: 'The CSV template', mediaType: 'text/csv' },
    problems: [400],
  },
  ListCommitmentChildren: {
    tag: 'Commitments',
    path: CommitmentPath,
    success: {
      status: 200,
      description: 'Its children (all of them) and the roll-up',
      schema: ChildrenSchema,
    },
    problems: [403, 404],
  },
  BulkCommitmentStatus: {
    tag: 'Commitments',
    body: BulkStatusBody,
    example: {
      status: 'at_risk',
      reason: 'Funding for 2027/28 not yet confirmed',
      items: [{ id: 'cmt-0b7c2f4e-6f0a-4c1e-9a55-2f6a3c1d8e90', version: 3 }],
    },
    headers: [IDEMPOTENCY_KEY],
    success: {
      status: 200,
      description: 'What happened to each item (a failed item does not stop the others)',
      schema: BulkStatusResultSchema,
    },
    problems: [400, 403, 409, 413, 415, 422],
  },
  MyCommitments: {
    tag: 'Commitments',
    query: MyCommitmentsQuery,
    success: { status: 200, description: 'A page, by due date', schema: pageOf(CommitmentSchema) },
    problems: [400],
  },
  HandOverCommitments: {
    tag: 'Commitments',
    path: UnitPath,
    body: HandoverBody,
    example: { fromUserId: 'amara.okafor', toUserId: 'tom.reid', reason: 'Amara joins the national team' },
    headers: [IDEMPOTENCY_KEY],
    success: { status: 200, description: 'The commitments handed over', schema: HandoverResultSchema },
    problems: [400, 403, 404, 409, 413, 415, 422],
  },
  PatchCommitment: {
    tag: 'Commitments',
    path: CommitmentPath,
    body: PatchCommitmentBody,
    example: { rag: 'amber' },
    headers: [
      {
        name: 'If-Match',
        required: true,
        description: 'The ETag of the version being changed',
        example: '"3"',
      },
    ],
    success: { status: 200, description: 'Changed', schema: CommitmentSchema, etag: true },
    problems: [400, 403, 404, 409, 412, 413, 415, 428],
  },
  RateConfidence: {
    tag: 'Commitments',
    path: CommitmentPath,
    body: ConfidenceBody,
    example: { rating: 'amber', reason: 'Two posts still unfilled; recruitment under way.' },
    headers: [
      {
        name: 'If-Match',
        required: false,
        description: 'The ETag of the version being rated (optional: without it the latest is rated)',
        example: '"3"',
      },
    ],
    success: { status: 200, description: 'Rated', schema: CommitmentSchema, etag: true },
    problems: [400, 403, 404, 409, 412, 413, 415],
  },
  SignOff: {
    tag: 'Commitments',
    path: CommitmentPath,
    body: SignOffBody,
    example: { decision: 'approve', note: 'Checked the signed agreement and the minutes.' },
    success: { status: 200, description: 'Decided', schema: CommitmentSchema, etag: true },
    problems: [400, 403, 404, 409, 412, 413, 415],
  },
  RequestEvidenceUpload: {
    tag: 'Commitments',
    body: EvidenceUploadBody,
    example: {
      commitmentId: 'cmt-4b1d6f2e-0000-4000-8000-000000000001',
      fileName: 'signed-agreement.pdf',
      contentType: 'application/pdf',
      size: 182734,
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    },
    success: { status: 201, description: 'Where to upload the file', schema: EvidenceUploadSchema },
    problems: [400, 403, 404, 413, 415],
  },
  GetEvidence: {
    tag: 'Commitments',
    query: EvidenceDownloadQuery,
    success: {
      status: 200,
      description: 'Where to download the file, and its hash',
      schema: EvidenceDownloadSchema,
    },
    problems: [400, 404],
  },
  AcknowledgeOverdue: {
    tag: 'Commitments',
    path: CommitmentPath,
    body: AcknowledgeBody,
    example: { plan: 'Regional lead to meet the ICS this week and agree a recovery date.' },
    success: { status: 201, description: 'Acknowledged', schema: CommitmentSchema, etag: true },
    problems: [400, 403, 404, 409, 412, 413, 415],
  },
  CreateAction: {
    tag: 'Actions',
    path: CommitmentPath,
    body: CreateActionBody,
    example: {
      summary: 'Planning workshop with all five ICSs',
      occurredAt: '2026-11-20',
      evidence: [{ url: 'https://example.org/minutes/2026-11-20', label: 'Minutes' }],
      progress: 20,
      statusChange: { to: 'on_track' },
    },
    headers: [IDEMPOTENCY_KEY],
    success: { status: 201, description: 'Logged', schema: ActionSchema },
    problems: [400, 403, 404, 409, 413, 415, 422],
  },
  ListCommitmentActions: {
    tag: 'Actions',
    path: CommitmentPath,
    query: ListCommitmentActionsQuery,
    success: { status: 200, description: 'Newest first', schema: pageOf(ActionSchema) },
    problems: [400, 403, 404],
  },
  AuditCommitment: {
    tag: 'Actions',
    path: CommitmentPath,
    success: { status: 200, description: 'The chain verdict', schema: AuditSchema },
    problems: [403, 404],
  },
  GetSeal: {
    tag: 'Actions',
    path: SealPath,
    success: { status: 200, description: 'The seal, verified', schema: SealVerdictSchema },
    problems: [400, 404],
  },
  SealPublicKey: {
    tag: 'Service',
    success: { status: 200, description: 'PEM (SubjectPublicKeyInfo)', mediaType: 'application/x-pem-file' },
    problems: [404],
  },
  ListUnitActions: {
    tag: 'Actions',
    query: ListUnitActionsQuery,
    success: { status: 200, description: 'Oldest first', schema: pageOf(ActionSchema) },
    problems: [400, 403],
  },
};
