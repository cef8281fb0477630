import * as z from 'zod';
import { parseRouteKey, ROUTES } from '../routes';
import { OPERATIONS } from './operations';
import { ProblemSchema } from './response.schemas';

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid request: `errors` names each failing field',
  401: 'Missing, expired or invalid token',
  403: "The caller's role or unit may not do this",
  404: 'Not found',
  409: 'Conflict: invalid status transition, or a duplicate request still in progress',
  412: 'If-Match is stale: re-read and retry',
  413: 'Body too large',
  415: 'Body is not application/json',
  422: 'Idempotency-Key reused with a different body',
  428: 'If-Match is required',
  500: 'Internal error',
  503: 'Not ready',
};

type JsonSchema = Record<string, unknown>;
const schemaOf = (s: z.ZodType, io: 'input' | 'output'): JsonSchema =>
  z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;

/** Query and path schemas become one parameter per property. */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path') {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

const problem = (status: number) => ({
  description: STATUS_TEXT[status] ?? 'Problem',
  content: { 'application/problem+json': { schema: schemaOf(ProblemSchema, 'output') } },
});

/** OpenAPI 3.1 for every route in the manifest, built from the same zod schemas the handlers parse with. */
export function buildOpenApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const parsed = parseRouteKey(route.routeKey);
    const op = OPERATIONS[route.id];
    if (!parsed || !op) continue;
    const responses: Record<string, unknown> = {
      [op.success.status]: {
        description: op.success.description,
        ...(op.success.etag
          ? { headers: { ETag: { description: 'The version, for If-Match', schema: { type: 'string' } } } }
          : {}),
        ...(op.success.schema
          ? { content: { 'application/json': { schema: schemaOf(op.success.schema, 'output') } } }
          : op.success.mediaType
            ? { content: { [op.success.mediaType]: { schema: { type: 'string' } } } }
            : {}),
      },
    };
    for (const status of [...op.problems, ...(route.auth === 'jwt' ? [401] : []), 500].sort()) {
      responses[status] = problem(status);
    }
    paths[parsed.path] ??= {};
    (paths[parsed.path] as Record<string, unknown>)[parsed.method.toLowerCase()] = {
      operationId: route.id,
      summary: route.summary,
      tags: [op.tag],
      ...(route.auth === 'jwt' ? { security: [{ bearer: [] }] } : { security: [] }),
      parameters: [
        ...parameters(op.path, 'path'),
        ...parameters(op.query, 'query'),
        ...(op.headers ?? []).map((h) => ({
          name: h.name,
          in: 'header',
          required: h.required,
          description: h.description,
          schema: { type: 'string' },
        })),
      ],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaOf(op.body, 'input') } },
            },
          }
        : op.requestMediaType
          ? {
              requestBody: {
                required: true,
                content: { [op.requestMediaType]: { schema: { type: 'string' } } },
              },
            }
          : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Delivery-spectrum accountability tracker',
      version: '0.1.0',
      description:
        'Commitments and actions against the HEE Operating Model v1 delivery spectrum. Errors are RFC 9457 problem+json.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
