/**
 * The HTTP API, declared once. The CDK app turns each entry into an HttpApi route with its own
 * Lambda; the local runtime serves the same entries by invoking the same handler modules.
 */
import { SCOPES } from '../shared/auth/identity';
import type { INDEXES, ItemFamily } from '../shared/db/table';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  /** Stable name: the Lambda's construct id and the OpenAPI operationId. */
  id: string;
  /** API Gateway route key: `GET /responsibilities/{id}`, or `$default` for the catch-all. */
  routeKey: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  handler: string;
  /** `jwt`: the JWT authorizer runs first and the handler reads its claims. */
  auth: 'none' | 'jwt';
  /** Whether the route changes anything: it then needs the `tracker/write` scope, else `tracker/read`. */
  writes?: boolean;
  /** Exactly the DynamoDB actions the handler uses on the main table (the CDK app grants these and no more). */
  table: TableAction[];
  /** The item families it may write (a LeadingKeys condition on its writes); required with any write action. */
  writeKeys?: ItemFamily[];
  /** The indexes it queries (granted by name). */
  indexes?: Array<keyof typeof INDEXES>;
  /** Its access to the reports store (S3 in the cloud). */
  reports?: 'read' | 'write';
  /** Evidence files (the reports bucket's evidence/ prefix in the cloud): read to check, write to sign uploads. */
  evidence?: 'read' | 'write';
  /** Its access to the seal store (read: verifying against seals). */
  seals?: 'read';
  /** Sends e-mail (SES in the cloud). */
  mail?: boolean;
  /** Whether it keeps Idempotency-Key records (in the idempotency table). */
  idempotent?: boolean;
  /** Lambda timeout when the 10 s default is too short (API Gateway answers 503 after 30 s). */
  timeoutSeconds?: number;
  /** Lambda memory when the 512 MB default is too little. */
  memoryMb?: number;
  /**
   * Signs pagination cursors (its handler reaches shared/http/pagination.ts): only these functions get
   * the cursor key's secret and may read it. test/unit/layering.test.ts keeps the flag and the imports in step.
   */
  paginated?: boolean;
  /** A throttle of its own (API Gateway route settings), for routes far costlier than the rest. */
  throttle?: { ratePerSecond: number; burst: number };
  summary: string;
}

/** What a handler may touch: the CDK app grants exactly this and no more. */
export interface HandlerAccess {
  table: TableAction[];
  writeKeys?: ItemFamily[];
  indexes?: Array<keyof typeof INDEXES>;
  reports?: 'read' | 'write';
  /** Evidence files (the reports bucket's evidence/ prefix in the cloud): read to check, write to sign uploads. */
  evidence?: 'read' | 'write';
  /** Sends e-mail (SES in the cloud). */
  mail?: boolean;
  /** Its access to the seal store (an Object Lock bucket in the cloud) and, to write, the signing key. */
  seals?: 'read' | 'write';
}

export type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'ConditionCheckItem';

/** The OAuth scope a JWT route requires (API Gateway checks it in the cloud, the local server locally). */
export const requiredScope = (route: RouteDefinition): string | undefined =>
  route.auth === 'jwt' ? SCOPES[route.writes ? 'write' : 'read'] : undefined;

export const ROUTES: readonly RouteDefinition[] = [
  {
    id: 'Health',
    table: ['GetItem'],
    routeKey: 'GET /health',
    handler: 'functions/health/health.handler.ts',
    auth: 'none',
    summary: 'Liveness and readiness: the table is reachable and the catalogue is seeded.',
  },
  {
    id: 'ListResponsibilities',
    table: ['Query'],
    routeKey: 'GET /responsibilities',
    handler: 'functions/responsibilities/list-responsibilities.handler.ts',
    paginated: true,
    auth: 'jwt',
    summary: 'Delivery-spectrum responsibilities, filtered by tier, area and version, paginated.',
  },
  {
    id: 'GetResponsibility',
    table: ['GetItem'],
    routeKey: 'GET /responsibilities/{id}',
    handler: 'functions/responsibilities/get-responsibility.handler.ts',
    auth: 'jwt',
    summary: 'One responsibility by id.',
  },
  {
    id: 'ListOrgUnits',
    table: [],
    routeKey: 'GET /org-units',
    handler: 'functions/org-units/list-org-units.handler.ts',
    auth: 'jwt',
    summary:
      'National, the regions and their ICSs as a hierarchy, as the org map was on a date (default today).',
  },
  {
    id: 'ChangeOrgMap',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    writeKeys: ['orgChange', 'commitment'],
    indexes: ['byUnit'],
    writes: true,
    timeoutSeconds: 29,
    throttle: { ratePerSecond: 1, burst: 2 },
    routeKey: 'POST /org-changes',
    handler: 'functions/org-units/org-change.handler.ts',
    auth: 'jwt',
    summary:
      'A national administrator records a dated org change (rename, merge, split, move, close): a dry run lists what it touches; a real run moves each affected commitment from the effective date.',
  },
  {
    id: 'ListOrgChanges',
    table: ['Query'],
    routeKey: 'GET /org-changes',
    handler: 'functions/org-units/list-org-changes.handler.ts',
    auth: 'jwt',
    summary: 'Every recorded org change, by effective date, with its status.',
  },
  {
    id: 'GetOrgChange',
    table: ['GetItem'],
    routeKey: 'GET /org-changes/{id}',
    handler: 'functions/org-units/get-org-change.handler.ts',
    auth: 'jwt',
    summary: 'One recorded org change and how far it got (scheduled, applying, applied).',
  },
  {
    id: 'ListResponsibilityCommitments',
    indexes: ['byResponsibility'],
    table: ['Query', 'BatchGetItem'],
    routeKey: 'GET /responsibilities/{id}/commitments',
    handler: 'functions/commitments/responsibility-commitments.handler.ts',
    paginated: true,
    auth: 'jwt',
    summary: 'Who is covering a responsibility: the commitments citing it that the caller may see.',
  },
  {
    id: 'CreateCommitment',
    writeKeys: ['commitment'],
    table: ['GetItem', 'PutItem'],
    idempotent: true,
    writes: true,
    routeKey: 'POST /commitments',
    handler: 'functions/commitments/create-commitment.handler.ts',
    auth: 'jwt',
    summary: "Records a commitment of the caller's unit against responsibilities (Idempotency-Key honoured).",
  },
  {
    id: 'ListCommitments',
    indexes: ['byUnit', 'byRegion', 'history'],
    table: ['Query', 'BatchGetItem'],
    routeKey: 'GET /commitments',
    handler: 'functions/commitments/list-commitments.handler.ts',
    paginated: true,
    auth: 'jwt',
    summary:
      'Commitments the caller may see, by due date, filtered and paginated; `asAt` lists them as they were at an instant.',
  },
  {
    id: 'GetCommitment',
    table: ['GetItem', 'Query'],
    indexes: ['byParent'],
    routeKey: 'GET /commitments/{id}',
    handler: 'functions/commitments/get-commitment.handler.ts',
    auth: 'jwt',
    summary:
      "One commitment, with its children's roll-up if it has any; its ETag is its version. `asAt` gives the version in force at an instant.",
  },
  {
    id: 'GetCommitmentHistory',
    table: ['GetItem', 'Query'],
    routeKey: 'GET /commitments/{id}/history',
    handler: 'functions/commitments/commitment-history.handler.ts',
    paginated: true,
    auth: 'jwt',
    summary: 'Every version of the commitment (who changed what, when and why), oldest first, hash-chained.',
  },
  {
    id: 'ExportCommitments',
    throttle: { ratePerSecond: 5, burst: 10 },
    indexes: ['byUnit', 'byRegion'],
    table: ['Query'],
    timeoutSeconds: 29,
    routeKey: 'GET /commitments/export',
    handler: 'functions/commitments/export-commitments.handler.ts',
    paginated: true,
    auth: 'jwt',
    summary: 'The commitments GET /commitments would list with the same filters, as one CSV file.',
  },
  {
    id: 'ImportCsv',
    throttle: { ratePerSecond: 2, burst: 4 },
    writeKeys: ['commitment', 'import'],
    // Action rows that correct an earlier action check it inside the append transaction.
    table: ['GetItem', 'PutItem', 'ConditionCheckItem'],
    writes: true,
    evidence: 'read',
    timeoutSeconds: 29,
    memoryMb: 1024,
    routeKey: 'POST /imports',
    handler: 'functions/imports/import-csv.handler.ts',
    auth: 'jwt',
    summary:
      'Imports a CSV file of commitments or actions: a dry run reports every row; a real run writes all rows or none.',
  },
  {
    id: 'GetImport',
    table: ['GetItem'],
    routeKey: 'GET /imports/{id}',
    handler: 'functions/imports/get-import.handler.ts',
    auth: 'jwt',
    summary: 'How a real import went: writing, or completed with its counts.',
  },
  {
    id: 'ImportTemplate',
    table: [],
    routeKey: 'GET /imports/template',
    handler: 'functions/imports/import-template.handler.ts',
    auth: 'jwt',
    summary: "A CSV template (the columns and an example row for the caller's unit).",
  },
  {
    id: 'ListCommitmentChildren',
    table: ['GetItem', 'Query'],
    indexes: ['byParent'],
    routeKey: 'GET /commitments/{id}/children',
    handler: 'functions/commitments/list-children.handler.ts',
    auth: 'jwt',
    summary: 'The commitments contributing to this one, each with its roll-up, and the rolled-up total.',
  },
  {
    id: 'BulkCommitmentStatus',
    throttle: { ratePerSecond: 5, burst: 10 },
    writeKeys: ['commitment'],
    table: ['GetItem', 'PutItem'],
    idempotent: true,
    writes: true,
    routeKey: 'POST /commitments/bulk-status',
    handler: 'functions/commitments/bulk-status.handler.ts',
    auth: 'jwt',
    summary:
      'Moves up to 100 commitments to one status, each with its own If-Match version; reports per item.',
  },
  {
    id: 'MyCommitments',
    table: ['Query'],
    indexes: ['byAccountable'],
    routeKey: 'GET /me/commitments',
    handler: 'functions/commitments/my-commitments.handler.ts',
    paginated: true,
    auth: 'jwt',
    summary: 'The commitments the caller is accountable for, by due date, filtered and paginated.',
  },
  {
    id: 'HandOverCommitments',
    writeKeys: ['commitment'],
    table: ['GetItem', 'PutItem', 'Query'],
    indexes: ['byAccountable'],
    idempotent: true,
    writes: true,
    routeKey: 'POST /org-units/{unitId}/handovers',
    handler: 'functions/org-units/handover.handler.ts',
    auth: 'jwt',
    summary: "Hands a leaver's commitments in the unit to someone else, logging an action on each.",
  },
  {
    id: 'PatchCommitment',
    writeKeys: ['commitment'],
    table: ['GetItem', 'PutItem'],
    writes: true,
    routeKey: 'PATCH /commitments/{id}',
    handler: 'functions/commitments/patch-commitment.handler.ts',
    auth: 'jwt',
    summary:
      "Changes status, due date, RAG or wording; needs If-Match. Editors of a parent's unit may link (or unlink) a child they read to a commitment of theirs.",
  },
  {
    id: 'RateConfidence',
    writeKeys: ['commitment', 'mark'],
    table: ['GetItem', 'PutItem'],
    evidence: 'read',
    writes: true,
    routeKey: 'POST /commitments/{id}/confidence',
    handler: 'functions/commitments/rate-confidence.handler.ts',
    auth: 'jwt',
    summary:
      "Rates delivery confidence (green, amber, red) as the owner (the owner unit's editors) or the assurer (the parent unit's); a Red opens a response to red.",
  },
  {
    id: 'SignOff',
    writeKeys: ['commitment'],
    table: ['GetItem', 'PutItem'],
    writes: true,
    routeKey: 'POST /commitments/{id}/sign-off',
    handler: 'functions/commitments/sign-off.handler.ts',
    auth: 'jwt',
    summary:
      "A reviewer of the parent unit approves or rejects a completion or an owner's Green awaiting sign-off.",
  },
  {
    id: 'RequestEvidenceUpload',
    table: ['GetItem'],
    writes: true,
    routeKey: 'POST /evidence',
    handler: 'functions/evidence/request-upload.handler.ts',
    auth: 'jwt',
    evidence: 'write',
    summary:
      'An upload URL (15 minutes) for one evidence file of a commitment you may write: exactly the declared type, size (10 MB at most) and SHA-256.',
  },
  {
    id: 'GetEvidence',
    table: ['GetItem'],
    routeKey: 'GET /evidence',
    handler: 'functions/evidence/get-evidence.handler.ts',
    auth: 'jwt',
    evidence: 'read',
    summary:
      'A download URL (15 minutes) for one evidence file, for anyone who may read its commitment, with its size, type and SHA-256.',
  },
  {
    id: 'AcknowledgeOverdue',
    writeKeys: ['commitment'],
    table: ['GetItem', 'PutItem'],
    writes: true,
    routeKey: 'POST /commitments/{id}/acknowledgements',
    handler: 'functions/commitments/acknowledge.handler.ts',
    auth: 'jwt',
    summary:
      'The unit holding an overdue duty (its owner, or the tier it escalated to) acknowledges it with what it will do; escalation stops there.',
  },
  {
    id: 'CreateAction',
    writeKeys: ['commitment'],
    table: ['GetItem', 'PutItem', 'ConditionCheckItem'],
    evidence: 'read',
    idempotent: true,
    writes: true,
    routeKey: 'POST /commitments/{id}/actions',
    handler: 'functions/actions/create-action.handler.ts',
    auth: 'jwt',
    summary: 'Logs an action against a commitment (append-only; Idempotency-Key honoured).',
  },
  {
    id: 'ListCommitmentActions',
    table: ['GetItem', 'Query'],
    routeKey: 'GET /commitments/{id}/actions',
    handler: 'functions/actions/list-commitment-actions.handler.ts',
    paginated: true,
    auth: 'jwt',
    summary: "A commitment's actions, newest first, paginated.",
  },
  {
    id: 'AuditCommitment',
    table: ['GetItem', 'Query'],
    seals: 'read',
    routeKey: 'GET /commitments/{id}/audit',
    handler: 'functions/commitments/audit-commitment.handler.ts',
    auth: 'jwt',
    summary:
      "Verifies the commitment's action chain and version history, and both against the latest seal covering them; names what is broken.",
  },
  {
    id: 'GetSeal',
    table: [],
    seals: 'read',
    routeKey: 'GET /audit/seals/{id}',
    handler: 'functions/audit/get-seal.handler.ts',
    auth: 'jwt',
    summary:
      'One seal (the commitment heads and final summaries it covers), its signature and chain link verified.',
  },
  {
    id: 'SealPublicKey',
    table: [],
    seals: 'read',
    routeKey: 'GET /audit/public-key',
    handler: 'functions/audit/seal-public-key.handler.ts',
    auth: 'none',
    summary: 'The public key seals are signed with (PEM), for checking a seal by hand with openssl.',
  },
  {
    id: 'ListUnitActions',
    indexes: ['byUnit'],
    table: ['Query'],
    routeKey: 'GET /actions',
    handler: 'functions/actions/list-unit-actions.handler.ts',
    paginated: true,
    auth: 'jwt',
    summary: 'What a unit logged in a period, oldest first, paginated.',
  },
  {
    id: 'GenerateReport',
    throttle: { ratePerSecond: 2, burst: 5 },
    writeKeys: ['summary', 'rate', 'measures'],
    routeKey: 'POST /reports',
    handler: 'functions/reports/generate-report.handler.ts',
    auth: 'jwt',
    writes: true,
    table: ['GetItem', 'PutItem', 'UpdateItem', 'Query', 'BatchGetItem'],
    indexes: ['byUnit', 'byRegion', 'history'],
    reports: 'write',
    timeoutSeconds: 29,
    summary:
      'The final digest or report of an ended period (once; a repeat returns it), or a draft of a running one. Rate-limited per caller.',
  },
  {
    id: 'ReviseReport',
    throttle: { ratePerSecond: 1, burst: 2 },
    writeKeys: ['summary', 'rate', 'measures'],
    routeKey: 'POST /reports/{id}/revisions',
    handler: 'functions/reports/revise-report.handler.ts',
    auth: 'jwt',
    writes: true,
    table: ['GetItem', 'PutItem', 'UpdateItem', 'Query', 'BatchGetItem'],
    indexes: ['byUnit', 'byRegion', 'history'],
    reports: 'write',
    timeoutSeconds: 29,
    summary: 'Corrects a final summary: its next revision, linked to the one it replaces, with a reason.',
  },
  {
    id: 'VerifyReport',
    throttle: { ratePerSecond: 2, burst: 5 },
    routeKey: 'GET /reports/{id}/verify',
    handler: 'functions/reports/verify-report.handler.ts',
    auth: 'jwt',
    table: ['GetItem', 'Query', 'BatchGetItem'],
    indexes: ['byUnit', 'byRegion', 'history'],
    reports: 'read',
    seals: 'read',
    timeoutSeconds: 29,
    summary: 'Recomputes a summary from the record as at its period end and compares it with the stored one.',
  },
  {
    id: 'ListReports',
    routeKey: 'GET /reports',
    handler: 'functions/reports/list-reports.handler.ts',
    paginated: true,
    auth: 'jwt',
    table: ['Query'],
    indexes: ['byUnit'],
    summary: 'Generated digests and reports the caller may read, newest first.',
  },
  {
    id: 'GetReport',
    routeKey: 'GET /reports/{id}',
    handler: 'functions/reports/get-report.handler.ts',
    auth: 'jwt',
    table: ['GetItem'],
    reports: 'read',
    summary: 'One digest or report as HTML, CSV, JSON or Markdown (?format= or Accept).',
  },
  {
    id: 'GetMeasures',
    routeKey: 'GET /measures',
    handler: 'functions/measures/measure-series.handler.ts',
    auth: 'jwt',
    // Stores the period values it works out (derived data, never a user's record): a cache of the series.
    writeKeys: ['measures'],
    table: ['GetItem', 'Query', 'BatchGetItem', 'PutItem'],
    indexes: ['byUnit', 'byRegion', 'history'],
    timeoutSeconds: 29,
    throttle: { ratePerSecond: 2, burst: 5 },
    summary:
      "The tracker's measures for a scope as Making Data Count XmR charts: each week's or month's value as at its end, limits, signals, icons and a one-line reading.",
  },
  {
    id: 'Subscribe',
    mail: true,
    writeKeys: ['subscription'],
    routeKey: 'POST /subscriptions',
    handler: 'functions/subscriptions/subscribe.handler.ts',
    auth: 'jwt',
    // Managing one's own e-mail subscriptions needs only the read scope: board members may do it.
    table: ['GetItem', 'PutItem'],
    summary:
      'Subscribes an address at an allowed domain to the digests or reports of a scope the caller may read; pending until confirmed by the link e-mailed to it.',
  },
  {
    id: 'ConfirmSubscriptionPage',
    routeKey: 'GET /subscriptions/{id}/confirm',
    handler: 'functions/subscriptions/subscription-link.handler.ts',
    auth: 'none',
    table: ['GetItem'],
    summary: 'The link in the confirmation e-mail: a page whose button confirms (a GET changes nothing).',
  },
  {
    id: 'ConfirmSubscription',
    routeKey: 'POST /subscriptions/{id}/confirm',
    handler: 'functions/subscriptions/subscription-link.handler.ts',
    auth: 'none',
    table: ['GetItem', 'UpdateItem'],
    writeKeys: ['subscription'],
    summary: 'Confirms the subscription (the token from the e-mail proves the mailbox).',
  },
  {
    id: 'UnsubscribeLink',
    routeKey: 'GET /subscriptions/{id}/unsubscribe',
    handler: 'functions/subscriptions/subscription-link.handler.ts',
    auth: 'none',
    table: ['GetItem'],
    summary: 'The unsubscribe link in every summary e-mail: a page whose button unsubscribes.',
  },
  {
    id: 'UnsubscribeOneClick',
    routeKey: 'POST /subscriptions/{id}/unsubscribe',
    handler: 'functions/subscriptions/subscription-link.handler.ts',
    auth: 'none',
    table: ['GetItem', 'DeleteItem'],
    writeKeys: ['subscription'],
    summary: 'One-click unsubscribe (RFC 8058), what mail clients POST from the List-Unsubscribe header.',
  },
  {
    id: 'ListSubscriptions',
    routeKey: 'GET /subscriptions',
    handler: 'functions/subscriptions/list-subscriptions.handler.ts',
    auth: 'jwt',
    table: ['Query'],
    indexes: ['byUnit'],
    summary: "The caller's subscriptions.",
  },
  {
    id: 'Unsubscribe',
    writeKeys: ['subscription'],
    routeKey: 'DELETE /subscriptions/{id}',
    handler: 'functions/subscriptions/unsubscribe.handler.ts',
    auth: 'jwt',
    table: ['GetItem', 'DeleteItem'],
    summary: "Removes one of the caller's subscriptions.",
  },
  {
    id: 'BoardPage',
    routeKey: 'GET /board',
    handler: 'functions/board/board-page.handler.ts',
    auth: 'none',
    table: [],
    summary:
      "Where the board page was: it points to the workspace's Reports page (tokens no longer travel in URLs).",
  },
  {
    id: 'GetOpenApi',
    table: [],
    routeKey: 'GET /openapi.json',
    handler: 'functions/openapi/get-openapi.handler.ts',
    auth: 'none',
    summary: 'This API as an OpenAPI 3.1 document, generated from the zod schemas.',
  },
  {
    id: 'CreateWebhook',
    table: ['PutItem'],
    writeKeys: ['webhook'],
    writes: true,
    routeKey: 'POST /webhooks',
    handler: 'functions/webhooks/create-webhook.handler.ts',
    auth: 'jwt',
    summary:
      "Registers a receiver for a scope's events (CloudEvents, Standard Webhooks signatures); the secret is shown once.",
  },
  {
    id: 'ListWebhooks',
    table: ['Query'],
    routeKey: 'GET /webhooks',
    handler: 'functions/webhooks/list-webhooks.handler.ts',
    auth: 'jwt',
    summary: "The caller's unit's webhooks.",
  },
  {
    id: 'DeleteWebhook',
    table: ['GetItem', 'DeleteItem'],
    writeKeys: ['webhook'],
    writes: true,
    routeKey: 'DELETE /webhooks/{id}',
    handler: 'functions/webhooks/delete-webhook.handler.ts',
    auth: 'jwt',
    summary: 'Stops sending to a webhook.',
  },
  {
    id: 'TestWebhook',
    table: ['GetItem', 'PutItem'],
    writeKeys: ['webhook'],
    writes: true,
    routeKey: 'POST /webhooks/{id}/test',
    handler: 'functions/webhooks/test-webhook.handler.ts',
    auth: 'jwt',
    summary: 'Sends a signed test event now and says what the receiver answered.',
  },
  {
    id: 'ListWebhookDeliveries',
    table: ['GetItem', 'Query'],
    routeKey: 'GET /webhooks/{id}/deliveries',
    handler: 'functions/webhooks/list-deliveries.handler.ts',
    auth: 'jwt',
    summary: "A webhook's queue and delivery history.",
  },
  {
    id: 'ReplayWebhook',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'],
    writeKeys: ['webhook'],
    mail: true,
    writes: true,
    routeKey: 'POST /webhooks/{id}/replays',
    handler: 'functions/webhooks/replay-webhook.handler.ts',
    auth: 'jwt',
    timeoutSeconds: 29,
    summary: 'Sends again what occurred in a time range (and turns a disabled webhook back on).',
  },
  {
    id: 'GetAsyncApi',
    table: [],
    routeKey: 'GET /asyncapi.json',
    handler: 'functions/openapi/get-asyncapi.handler.ts',
    auth: 'none',
    summary: 'The events this system publishes, as an AsyncAPI 3.0 document generated from the contracts.',
  },
  {
    id: 'NotFound',
    table: [],
    routeKey: '$default',
    handler: 'functions/not-found/not-found.handler.ts',
    auth: 'none',
    summary: 'Any other method and path: a 404 (or 405) problem+json.',
  },
];

export interface ParsedRouteKey {
  method: HttpMethod;
  path: string;
}

export function parseRouteKey(routeKey: string): ParsedRouteKey | undefined {
  if (routeKey === '$default') return undefined;
  const [method, path] = routeKey.split(' ');
  return { method: method as HttpMethod, path: path ?? '/' };
}

/** Matches a concrete path against a route path with `{param}` segments; returns the parameters. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith('{') && w.endsWith('}')) {
      if (h === '') return undefined;
      params[w.slice(1, -1)] = decodeURIComponent(h);
    } else if (w !== h) return undefined;
  }
  return params;
}

/** Methods that some route serves at this path (for 405 and `Allow`). */
export function methodsAt(path: string): HttpMethod[] {
  return ROUTES.flatMap((r) => {
    const parsed = parseRouteKey(r.routeKey);
    return parsed && matchPath(parsed.path, path) ? [parsed.method] : [];
  });
}

/**
 * Whether a handler renders HTML (summaries written to the report store, the board page): its bundle
 * then carries nhsuk-frontend's stylesheet, which the pages inline.
 */
export const rendersHtml = (id: string, access: Pick<HandlerAccess, 'reports'>) =>
  access.reports === 'write' || id === 'BoardPage';
