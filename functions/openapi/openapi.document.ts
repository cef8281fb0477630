import * as z from 'zod';
import { parseRouteKey, ROUTES } from '../routes';
import { type BodyExample, OPERATIONS, type OperationSpec, TAGS } from './operations';
import * as responses from './response.schemas';

type JsonSchema = Record<string, unknown>;

/** Shared problem responses, named once under components.responses. */
const PROBLEMS: Record<
  number,
  { name: string; description: string; retryAfter?: boolean; gateway?: boolean }
> = {
  400: { name: 'BadRequest', description: 'Invalid request: `errors` names each failing field' },
  401: { name: 'Unauthorized', description: 'Missing, expired or invalid token' },
  403: {
    name: 'Forbidden',
    description: "The token lacks the route's scope, or the caller's role or unit may not do this",
  },
  404: { name: 'NotFound', description: 'Not found, or not readable by the caller (the two look the same)' },
  409: {
    name: 'Conflict',
    description: 'Conflict: an invalid status transition, or a duplicate request still in progress',
  },
  412: { name: 'PreconditionFailed', description: 'If-Match is stale: re-read and retry' },
  413: { name: 'PayloadTooLarge', description: 'Body too large' },
  415: { name: 'UnsupportedMediaType', description: 'Body is not of the declared media type' },
  422: {
    name: 'Unprocessable',
    description: 'Idempotency-Key reused with a different body, or (imports) rows that fail: nothing written',
  },
  428: { name: 'PreconditionRequired', description: 'If-Match is required' },
  429: {
    name: 'TooManyRequests',
    description:
      'Too many requests: the API stage or route throttle (API Gateway answers `{"message"}`), or a per-caller limit such as report generation (problem+json). Retry after `Retry-After` seconds when given.',
    retryAfter: true,
    gateway: true,
  },
  500: { name: 'InternalError', description: 'Internal error (no internals are shown)' },
  503: {
    name: 'ServiceUnavailable',
    description:
      'The database is throttling or unreachable (problem+json with Retry-After), or the function timed out (API Gateway answers `{"message"}`)',
    retryAfter: true,
    gateway: true,
  },
};

/** Items that lists return a page of. */
const PAGED = [
  'Responsibility',
  'Commitment',
  'CommitmentVersion',
  'Action',
  'SummaryRecord',
  'Subscription',
];

/** Every operation may meet these (throttling, faults); JWT routes also 401 and 403 (scope). */
const ALWAYS = [429, 500, 503];
const JWT = [401, 403];

const titleOf = (operationId: string) =>
  operationId
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/^(.)(.*)$/, (_, a: string, b: string) => a + b.toLowerCase());

/**
 * Names schemas once under components.schemas: response schemas (as the server writes them) and
 * request bodies (as clients send them) in separate registries, so each is converted in its direction.
 */
class Components {
  readonly outputs = z.registry<{ id: string }>();
  readonly inputs = z.registry<{ id: string }>();

  name(schema: z.ZodType, id: string, io: 'input' | 'output'): string {
    const registry = io === 'input' ? this.inputs : this.outputs;
    const existing = registry.get(schema)?.id;
    if (existing) return existing;
    registry.add(schema, { id });
    return id;
  }

  schemas(): Record<string, JsonSchema> {
    const uri = (id: string) => `#/components/schemas/${id}`;
    const convert = (registry: typeof this.inputs, io: 'input' | 'output') =>
      z.toJSONSchema(registry, { uri, io, unrepresentable: 'any' }).schemas as Record<string, JsonSchema>;
    const all = { ...convert(this.outputs, 'output'), ...convert(this.inputs, 'input') };
    return Object.fromEntries(
      Object.entries(all)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]),
    );
  }
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** An example for a parameter: its default, first enum value, or one fitting its name or format. */
function exampleOf(name: string, schema: JsonSchema, path: string): unknown {
  const byPath: Record<string, string> = {
    '/commitments/{id}': 'cmt-0b7c2f4e-6f0a-4c1e-9a55-2f6a3c1d8e90',
    '/responsibilities/{id}': 'REG-WP-1',
    '/reports/{id}': 'sum-report-national-2026-Q3-final',
    '/subscriptions/{id}': 'sub-report-region-london-5f2c9a1b',
    '/imports/{id}': '5fa6117b0a9b67ca700479670eab4b2e',
    '/audit/seals/{id}': 'seal-000001',
    '/webhooks/{id}': 'wh-6f0a4c1e-9a55-4f6a-8c1d-8e902f6a3c1d',
  };
  if (name === 'id') {
    const match = Object.entries(byPath).find(([prefix]) => path.startsWith(prefix));
    if (match) return match[1];
  }
  const byName: Record<string, unknown> = {
    unitId: 'region-london',
    unit: 'region-london',
    region: 'region-london',
    ownerUnitId: 'region-london',
    scope: 'national',
    cursor: 'eyJrIjp7fX0.c2lnbmF0dXJl',
    token: 'Zm9yLWV4YW1wbGUtb25seS10b2tlbjEy',
    responsibilityId: 'REG-WP-1',
    responsibility: 'REG-WP-1',
    tag: 'PFO-9',
    accountableUserId: 'amara.okafor',
    asAt: '2026-09-30T22:59:59.999Z',
    from: '2026-11-01',
    to: '2026-11-30',
    dueAfter: '2026-11-01',
    dueBefore: '2027-03-31',
    q: 'workforce plan',
    key: 'evidence/cmt-0b7c2f4e-6f0a-4c1e-9a55-2f6a3c1d8e90/3f1c2a9e-7b4d-4e8f-9a61-0c5d2e7f8b13/minutes.pdf',
  };
  if (name === 'asAt' && schema.format === 'date') return '2026-09-30';
  if (name in byName) return byName[name];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.examples)) return schema.examples[0];
  if (schema.type === 'boolean') return false;
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
  if (schema.format === 'date') return '2026-11-25';
  if (schema.format === 'date-time') return '2026-11-25T09:00:00.000Z';
  return 'example';
}

const singular = (noun: string) => noun.replace(/ies$/, 'y').replace(/s$/, '');

/** What common parameters mean, where their schema does not say. */
const PARAMETER_TEXT: Record<string, string> = {
  tier: 'Only this tier: ics, region or national',
  area: 'Only this row or work area of the delivery spectrum',
  version: 'The operating model version (default: the current one)',
  limit: 'Items per page, 1-100',
  cursor: 'The `nextCursor` of the previous page, with the same filters',
  responsibility: 'Only commitments citing this responsibility id',
  overdue: 'true: only open commitments past their due date; false: only the others',
  kind: 'digest (weekly) or report (governance)',
  unitId: 'An org unit id (GET /org-units lists them)',
  unit: 'An org unit id (GET /org-units lists them)',
  scope: 'national or a region id',
  format: 'html (default), csv, json or md',
  token: 'The token from the e-mail link',
};

/** Query and path schemas become one parameter per property, each with an example. */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path', path: string) {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    description:
      typeof property.description === 'string'
        ? property.description
        : name === 'id'
          ? `The id of the ${singular(path.split('/')[path.split('/').indexOf('{id}') - 1] ?? '')}`
          : (PARAMETER_TEXT[name] ?? name),
    schema: property,
    example: exampleOf(name, property, path),
  }));
}

function requestBody(op: OperationSpec, operationId: string, components: Components, example?: BodyExample) {
  if (op.body)
    return {
      required: true,
      content: {
        'application/json': {
          schema: ref(components.name(op.body, `${operationId}Request`, 'input')),
          ...(example !== undefined ? { example } : {}),
        },
      },
    };
  if (op.requestMediaType)
    return {
      required: true,
      content: {
        [op.requestMediaType]: { schema: { type: 'string' }, ...(example !== undefined ? { example } : {}) },
      },
    };
  return undefined;
}

function successResponses(op: OperationSpec, operationId: string, components: Components) {
  const { success } = op;
  const content: Record<string, unknown> = {};
  if (success.schema) {
    const id = components.name(success.schema, `${operationId}Response`, 'output');
    content['application/json'] = { schema: ref(id) };
  }
  for (const [mediaType, schema] of Object.entries(success.content ?? {}))
    content[mediaType] = {
      schema: schema ? ref(components.name(schema, `${operationId}Document`, 'output')) : { type: 'string' },
    };
  if (success.mediaType) content[success.mediaType] = { schema: { type: 'string' } };
  const response = {
    description: success.description,
    ...(success.etag ? { headers: { ETag: { $ref: '#/components/headers/ETag' } } } : {}),
    ...(Object.keys(content).length ? { content } : {}),
  };
  return Object.fromEntries([
    [String(success.status), response],
    ...(success.also ?? []).map((a) => [
      String(a.status),
      a.schema
        ? {
            description: a.description,
            content: {
              'application/json': {
                schema: ref(components.name(a.schema, `${operationId}${a.status}`, 'output')),
              },
            },
          }
        : { ...response, description: a.description },
    ]),
  ]);
}

function problemResponse(status: number) {
  const p = PROBLEMS[status];
  if (!p) throw new Error(`no problem response for ${status}`);
  return {
    description: p.description,
    ...(p.retryAfter
      ? {
          headers: {
            'Retry-After': {
              description: 'Seconds to wait before retrying (when known)',
              schema: { type: 'integer', minimum: 1 },
            },
          },
        }
      : {}),
    content: {
      'application/problem+json': { schema: ref('Problem') },
      ...(p.gateway ? { 'application/json': { schema: ref('GatewayMessage') } } : {}),
    },
  };
}

/** OpenAPI 3.1 for every route in the manifest, built from the same zod schemas the handlers parse with. */
export function buildOpenApiDocument(serverUrl = 'http://localhost:3000') {
  const components = new Components();
  // Response schemas by their own names (`CommitmentSchema` is `Commitment`), and their pages.
  for (const [name, schema] of Object.entries(responses)) {
    if (!name.endsWith('Schema') || !(schema instanceof z.ZodType)) continue;
    const id = name.slice(0, -'Schema'.length);
    components.name(schema, id, 'output');
    if (PAGED.includes(id)) components.name(responses.pageOf(schema), `${id}Page`, 'output');
  }
  const paths: Record<string, Record<string, unknown>> = {};
  const usedProblems = new Set<number>();
  for (const route of ROUTES) {
    const parsed = parseRouteKey(route.routeKey);
    const op = OPERATIONS[route.id];
    if (!parsed || !op) continue;
    const problems = [...new Set([...op.problems, ...(route.auth === 'jwt' ? JWT : []), ...ALWAYS])].sort();
    for (const status of problems) usedProblems.add(status);
    paths[parsed.path] ??= {};
    const body = requestBody(op, route.id, components, op.example);
    (paths[parsed.path] as Record<string, unknown>)[parsed.method.toLowerCase()] = {
      operationId: route.id,
      summary: op.summary ?? titleOf(route.id),
      description: route.summary,
      tags: [op.tag],
      ...(route.auth === 'jwt' ? { security: [{ bearer: [] }] } : { security: [] }),
      parameters: [
        ...parameters(op.path, 'path', parsed.path),
        ...parameters(op.query, 'query', parsed.path),
        ...(op.headers ?? []).map((h) => ({
          name: h.name,
          in: 'header',
          required: h.required,
          description: h.description,
          schema: { type: 'string' },
          example: h.example,
        })),
      ],
      ...(body ? { requestBody: body } : {}),
      responses: {
        ...successResponses(op, route.id, components),
        ...Object.fromEntries(
          problems.map((status) => [
            String(status),
            { $ref: `#/components/responses/${PROBLEMS[status]?.name}` },
          ]),
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Delivery-spectrum accountability tracker',
      version: '0.1.0',
      summary: 'Who committed to what, what they did, and what is late, against the HEE Operating Model v1.',
      description: [
        'Commitments and actions against the delivery spectrum of the HEE Operating Model v1 (Fig 3 and',
        'Fig 4), for national, regional and ICS teams; digests and governance reports for national teams',
        'and boards. Errors are RFC 9457 problem+json: `type`, `title`, `status` (always the HTTP status),',
        '`detail`, and `errors[]` naming each failing field. A method a path does not serve is answered',
        '405 with `Allow`; a path no route serves, 404; both as problem+json. Every route but `/health`,',
        '`/openapi.json`, `/board`, `/audit/public-key` and the e-mail links needs a bearer token with the',
        '`tracker/read` scope (`tracker/write` for changes). The README and docs/ describe each workflow.',
      ].join(' '),
      contact: { name: 'Accountability tracker team (see the README: Where to go next)' },
      license: { name: 'Open Government Licence v3.0', identifier: 'OGL-UK-3.0' },
    },
    servers: [{ url: serverUrl, description: 'This deployment (npm start serves http://localhost:3000)' }],
    tags: TAGS,
    paths,
    components: {
      schemas: components.schemas(),
      responses: Object.fromEntries(
        [...usedProblems].sort().map((status) => [PROBLEMS[status]?.name, problemResponse(status)]),
      ),
      headers: {
        ETag: { description: 'The version, to send back as If-Match', schema: { type: 'string' } },
      },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A Cognito access token in the cloud; locally a dev token (`npm start` prints some, `npm run token` mints more).',
        },
      },
    },
  };
}
