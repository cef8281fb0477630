import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { buildOpenApiDocument } from '../../functions/openapi/openapi.document';
import { matchPath, parseRouteKey, ROUTES } from '../../functions/routes';
import type { Exchange } from '../../local/http-server';

/**
 * The OpenAPI document as a contract: every response a test provokes from the local API must be
 * declared (status and content type) and, when it is JSON, valid against the declared schema,
 * checked by an independent JSON Schema validator (Ajv, draft 2020-12 as OpenAPI 3.1 uses).
 */
type Json = Record<string, unknown>;
const DOC = buildOpenApiDocument() as unknown as Json & { paths: Record<string, Record<string, Json>> };
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addSchema(DOC, 'openapi.json');

/** Templates with fewer `{parameters}` first, as the router matches them. */
const TEMPLATES = ROUTES.flatMap((r) => {
  const parsed = parseRouteKey(r.routeKey);
  return parsed ? [parsed] : [];
}).sort((a, b) => a.path.split('{').length - b.path.split('{').length);

const pointer = (...parts: string[]) =>
  `openapi.json#/${parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
const validators = new Map<string, ValidateFunction>();
function validatorFor(ref: string): ValidateFunction {
  let v = validators.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: ref });
    validators.set(ref, v);
  }
  return v;
}

function operationFor(method: string, path: string) {
  for (const t of TEMPLATES) {
    if (t.method !== method) continue;
    let params: Record<string, string> | undefined;
    try {
      params = matchPath(t.path, path);
    } catch {
      return undefined; // a malformed %-encoding: the router answers it before any route
    }
    if (params) return { path: t.path, operation: DOC.paths[t.path]?.[method.toLowerCase()] };
  }
  return undefined;
}

/** What is wrong with this exchange under the contract, or undefined. */
export function contractViolation(e: Exchange): string | undefined {
  const where = `${e.method} ${e.path} -> ${e.status}`;
  const mediaType = (e.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  const found = operationFor(e.method, e.path);
  if (!found?.operation) {
    // No operation: the catch-all answers 400 (malformed path), 404 or 405 (with Allow), as problem+json.
    if (![400, 404, 405].includes(e.status)) return `${where}: no operation, and not 400/404/405`;
    if (mediaType !== 'application/problem+json') return `${where}: no operation, and not problem+json`;
    if (e.status === 405 && !e.headers.allow) return `${where}: 405 without Allow`;
    return undefined;
  }
  const responses = found.operation.responses as Record<string, Json>;
  const status = String(e.status);
  const key = responses[status] ? status : 'default';
  let declared = responses[key];
  if (!declared) return `${where}: status not declared (declared: ${Object.keys(responses).join(', ')})`;
  // A shared response (components.responses) is validated where it is defined.
  let at = ['paths', found.path, e.method.toLowerCase(), 'responses', key];
  if (typeof declared.$ref === 'string') {
    at = declared.$ref.slice(2).split('/');
    declared = at.reduce<Json>((node, part) => node[part] as Json, DOC);
  }
  const content = declared.content as Record<string, Json> | undefined;
  if (!content) return e.body === '' ? undefined : `${where}: a body, but no content declared`;
  if (!content[mediaType])
    return `${where}: content type "${mediaType}" not declared (declared: ${Object.keys(content).join(', ')})`;
  if (!/json$/.test(mediaType)) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(e.body);
  } catch {
    return `${where}: ${mediaType} body is not JSON`;
  }
  const validate = validatorFor(pointer(...at, 'content', mediaType, 'schema'));
  if (validate(body)) return undefined;
  const errors = (validate.errors ?? [])
    .slice(0, 5)
    .map((err) => `${err.instancePath || '/'} ${err.message}`)
    .join('; ');
  return `${where}: body does not match the schema: ${errors}`;
}
