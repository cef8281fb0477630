import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { logger } from '../observability/logger';
import { metrics } from '../observability/metrics';
import { refreshOrgMap } from '../org/live-map';
import {
  ConflictError,
  HttpProblemError,
  internalError,
  problemResponse,
  UnprocessableError,
} from './problem';

/** Powertools idempotency errors, recognised by name so this module does not import the utility. */
function idempotencyProblem(error: Error): HttpProblemError | undefined {
  if (error.name === 'IdempotencyValidationError') {
    return new UnprocessableError(
      'idempotency-key-reused',
      'Idempotency key reused',
      'This Idempotency-Key was used with a different request body; use a new key for a new request.',
    );
  }
  if (error.name === 'IdempotencyAlreadyInProgressError') {
    return new ConflictError(
      'idempotency-in-progress',
      'Request in progress',
      'A request with this Idempotency-Key is still being processed; retry shortly to get its response.',
    );
  }
  return undefined;
}

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/**
 * Maps typed errors to RFC 9457 problem+json. Only HttpProblemErrors reach the client as they are;
 * anything else is logged and becomes a 500 that reveals nothing.
 */
export const problemDetails = (): middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context> => ({
  onError: async (request) => {
    const error = request.error ? (idempotencyProblem(request.error) ?? request.error) : request.error;
    const instance = request.event?.rawPath;
    if (error instanceof HttpProblemError) {
      if (error.status >= 500) logger.error('request failed', { error });
      request.response = problemResponse(error, instance);
      return;
    }
    logger.error('unhandled error', { error: error ?? undefined });
    request.response = problemResponse(internalError(), instance);
  },
});

/** The org map as recorded (mergers, moves...), reloaded at most every 30 s: identity and access read it. */
const orgMapLoader = (): middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context> => ({
  before: async () => {
    const table = process.env.TABLE_NAME;
    if (table) await refreshOrgMap(table);
  },
});

/** Adds the request id to every log line of the invocation. */
const requestLogContext = (): middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context> => ({
  before: async (request) => {
    logger.appendKeys({
      requestId: request.event.requestContext?.requestId,
      route: request.event.routeKey,
    });
  },
  after: async () => logger.resetKeys(),
  onError: async () => logger.resetKeys(),
});

/**
 * Every HTTP handler starts here: `httpHandler().handler(async (event) => ...)`. Metrics (cold starts,
 * plus any the handler adds) wrap the request; problem+json mapping is innermost. No X-Ray SDK here
 * (shared/observability/aws-clients.ts says why): Lambda's active tracing records the invocation.
 */
export function httpHandler() {
  return middy<HttpEvent, HttpResult, Error, Context>()
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(requestLogContext())
    .use(problemDetails())
    .use(orgMapLoader());
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
