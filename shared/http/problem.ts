import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** One failing field: `path` names where it is (`query.limit`, `body.dueDate`). */
export interface FieldError {
  path: string;
  message: string;
  code?: string;
  /** For a CSV file: the row (as a spreadsheet numbers it) and column at fault. */
  row?: number;
  column?: string;
}

/** Base for every error a client may see. Anything else becomes a 500 with no internals. */
export class HttpProblemError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(detail ?? title, options);
    this.name = 'HttpProblemError';
  }
}

export class ValidationError extends HttpProblemError {
  constructor(
    readonly errors: FieldError[],
    detail = 'The request has invalid fields; see errors.',
  ) {
    super(400, 'validation-error', 'Invalid request', detail, { errors });
    this.name = 'ValidationError';
  }
}

export class UnauthorizedError extends HttpProblemError {
  constructor(detail = 'A valid bearer token is required.') {
    super(401, 'unauthorized', 'Unauthorized', detail);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends HttpProblemError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends HttpProblemError {
  constructor(detail: string) {
    super(404, 'not-found', 'Not found', detail);
    this.name = 'NotFoundError';
  }
}

export class MethodNotAllowedError extends HttpProblemError {
  constructor(
    detail: string,
    readonly allow: string[],
  ) {
    super(405, 'method-not-allowed', 'Method not allowed', detail, { allow });
    this.name = 'MethodNotAllowedError';
  }
}

export class ServiceUnavailableError extends HttpProblemError {
  constructor(detail: string, options?: ErrorOptions & { retryAfterSeconds?: number }) {
    super(
      503,
      'service-unavailable',
      'Service unavailable',
      detail,
      options?.retryAfterSeconds ? { retryAfterSeconds: options.retryAfterSeconds } : {},
      options,
    );
    this.name = 'ServiceUnavailableError';
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  readonly retryAfterSeconds: number | undefined;
}

/** Problem types are relative URIs documented in docs/api.md ("Errors"). */
export const PROBLEM_TYPE_BASE = '/problems/';

export function problemResponse(
  problem: HttpProblemError,
  instance?: string,
): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (problem instanceof MethodNotAllowedError) headers.allow = problem.allow.join(', ');
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer';
  if (problem instanceof TooManyRequestsError || problem instanceof ServiceUnavailableError) {
    if (problem.retryAfterSeconds) headers['retry-after'] = String(problem.retryAfterSeconds);
  }
  return {
    statusCode: problem.status,
    headers,
    body: JSON.stringify(problemBody(problem, instance)),
  };
}

/** The RFC 9457 document of a problem (also what a bulk request reports for each failed item). */
export function problemBody(problem: HttpProblemError, instance?: string) {
  // Extensions first: RFC 9457's own members (status above all) always win over an extension's.
  return {
    ...problem.extensions,
    type: `${PROBLEM_TYPE_BASE}${problem.type}`,
    title: problem.title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(instance ? { instance } : {}),
  } as { type: string; title: string; status: number; detail?: string; instance?: string } & Record<
    string,
    unknown
  >;
}

export const internalError = (): HttpProblemError =>
  new HttpProblemError(500, 'internal-error', 'Internal server error', 'Something went wrong on our side.');

export class ConflictError extends HttpProblemError {
  constructor(type: string, title: string, detail: string) {
    super(409, type, title, detail);
    this.name = 'ConflictError';
  }
}

export class PreconditionRequiredError extends HttpProblemError {
  constructor(detail: string) {
    super(428, 'precondition-required', 'Precondition required', detail);
    this.name = 'PreconditionRequiredError';
  }
}

export class PreconditionFailedError extends HttpProblemError {
  constructor(
    detail: string,
    readonly currentVersion?: number,
  ) {
    super(
      412,
      'precondition-failed',
      'Precondition failed',
      detail,
      currentVersion ? { currentVersion } : {},
    );
    this.name = 'PreconditionFailedError';
  }
}

export class PayloadTooLargeError extends HttpProblemError {
  constructor(limitBytes: number) {
    super(413, 'payload-too-large', 'Payload too large', `The request body exceeds ${limitBytes} bytes.`);
    this.name = 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends HttpProblemError {
  constructor(mediaType = 'application/json') {
    super(415, 'unsupported-media-type', 'Unsupported media type', `Send the body as ${mediaType}.`);
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class UnprocessableError extends HttpProblemError {
  constructor(type: string, title: string, detail: string) {
    super(422, type, title, detail);
    this.name = 'UnprocessableError';
  }
}

export class TooManyRequestsError extends HttpProblemError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too-many-requests', 'Too many requests', detail, { retryAfterSeconds });
    this.name = 'TooManyRequestsError';
  }
}
