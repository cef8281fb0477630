import { httpHandler, json } from '../../shared/http/handler';
import { buildOpenApiDocument } from './openapi.document';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

/** GET /openapi.json: built once per process from the route manifest and zod schemas. */
export const handler = httpHandler().handler(async (event) => {
  const host = event.headers?.host;
  const proto = event.headers?.['x-forwarded-proto'] ?? (host?.startsWith('localhost') ? 'http' : 'https');
  document ??= buildOpenApiDocument(host ? `${proto}://${host}` : undefined);
  return json(200, document);
});
