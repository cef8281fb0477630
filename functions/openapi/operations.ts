import type * as z from 'zod';
import {
  BulkStatusBody,
  CommitmentPath,
  CreateActionBody,
  CreateCommitmentBody,
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
  UnitPath,
} from '../../shared/commitments/commitments.schemas';
import { SealPath } from '../audit/audit.schemas';
import { ImportPath, ImportQuery, TemplateQuery } from '../imports/imports.schemas';
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
import {
  ActionSchema,
  AuditSchema,
  BulkStatusResultSchema,
  ChildrenSchema,
  CommitmentDetailSchema,
  CommitmentSchema,
  CommitmentVersionSchema,
  HandoverResultSchema,
  HealthSchema,
  ImportRecordSchema,
  ImportReportSchema,
  OrgUnitTreeSchema,
  pageOf,
  ResponsibilitySchema,
  SealVerdictSchema,
  SubscriptionSchema,
  SummaryRecordSchema,
  SummaryVerdictSchema,
} from './response.schemas';

export interface OperationSpec {
  tag: 'Catalogue' | 'Commitments' | 'Actions' | 'Reports' | 'Service';
  path?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A body that is not JSON (a CSV file), described in the README. */
  requestMediaType?: 'text/csv';
  /** Request headers the operation reads. */
  headers?: Array<{ name: string; required: boolean; description: string }>;
  success: { status: number; description: string; schema?: z.ZodType; mediaType?: string; etag?: boolean };
  /** Problem statuses besides 401 (added for every JWT route) and 500. */
  problems: number[];
}

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Makes the POST safe to retry: same key and body returns the first response; another body is 422; a duplicate in flight is 409.',
};

/** The OpenAPI side of each route in the manifest, by route id (a test checks none is missing). */
export const OPERATIONS: Record<string, OperationSpec> = {
  GenerateReport: {
    tag: 'Reports',
    body: GenerateReportBody,
    success: {
      status: 201,
      description:
        'Generated: the final summary of an ended period (200 with the same body if it already was), or a draft of a running one',
      schema: SummaryRecordSchema,
    },
    problems: [400, 403, 413, 415, 429],
  },
  ReviseReport: {
    tag: 'Reports',
    path: ReportPath,
    body: ReviseReportBody,
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
      description: 'The summary in the format asked for (HTML, CSV, JSON or Markdown)',
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
    success: {
      status: 201,
      description: 'Subscribed, pending confirmation (200 if it already was)',
      schema: SubscriptionSchema,
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
  BoardPage: { tag: 'Reports', success: { status: 200, description: 'An HTML page' }, problems: [] },
  GetOpenApi: { tag: 'Service', success: { status: 200, description: 'This document' }, problems: [] },
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
    success: { status: 200, description: 'National, regions and their ICSs', schema: OrgUnitTreeSchema },
    problems: [400],
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
        'CSV (columns in the README). Past 5 MB the file stops at a page boundary with `Link: <...>; rel="next"`',
      mediaType: 'text/csv',
    },
    problems: [400, 403],
  },
  ImportCsv: {
    tag: 'Commitments',
    query: ImportQuery,
    requestMediaType: 'text/csv',
    success: {
      status: 201,
      description:
        'Every row written (200 for a dry run, or for a file imported before: nothing written). 422 if any row fails: nothing written, errors by row and column',
      schema: ImportReportSchema,
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
    headers: [IDEMPOTENCY_KEY],
    success: {
      status: 200,
      description: 'What happened to each item (a failed item does not stop the others)',
      schema: BulkStatusResultSchema,
    },
    problems: [400, 409, 413, 415, 422],
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
    headers: [IDEMPOTENCY_KEY],
    success: { status: 200, description: 'The commitments handed over', schema: HandoverResultSchema },
    problems: [400, 403, 404, 409, 413, 415, 422],
  },
  PatchCommitment: {
    tag: 'Commitments',
    path: CommitmentPath,
    body: PatchCommitmentBody,
    headers: [{ name: 'If-Match', required: true, description: 'The ETag of the version being changed' }],
    success: { status: 200, description: 'Changed', schema: CommitmentSchema, etag: true },
    problems: [400, 403, 404, 409, 412, 413, 415, 428],
  },
  CreateAction: {
    tag: 'Actions',
    path: CommitmentPath,
    body: CreateActionBody,
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
