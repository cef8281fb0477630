import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { matchPath, parseRouteKey, ROUTES, type RouteDefinition, requiredScope } from '../functions/routes';
import type { HttpEvent, HttpResult } from '../shared/http/handler';
import { ForbiddenError, HttpProblemError, problemResponse, UnauthorizedError } from '../shared/http/problem';
import { APP_PATH, buildWorkspace, type WebConfig, workspaceCsp } from '../web/build';
import {
  claimsAsApiGateway,
  type LocalSecrets,
  localIssuer,
  type TokenSigner,
  tokenVerifier,
} from './dev-auth';
import { type LocalOidc, startLocalOidc, WEB_CLIENT_ID } from './oidc';
import { meter, resetUsage, serverTiming, USAGE_PATH, usageTotals } from './usage';

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult | string | undefined>;

/** API Gateway HTTP APIs reject payloads over 10 MB before any Lambda runs; so does this server. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const REPO_ROOT = join(import.meta.dirname, '..');

interface LoadedRoute {
  route: RouteDefinition;
  method?: string;
  path?: string;
  handler: Handler;
}

/**
 * Imports every handler module named in the route manifest: the same code the CDK app bundles.
 * Paths with fewer `{parameters}` come first, so `/commitments/export` wins over `/commitments/{id}`
 * as API Gateway's most-specific-match rule has it.
 */
export async function loadRoutes(): Promise<LoadedRoute[]> {
  const params = (r: LoadedRoute) => (r.path?.match(/\{/g) ?? []).length;
  const loaded = await Promise.all(
    ROUTES.map(async (route) => {
      const module = (await import(join(REPO_ROOT, route.handler))) as { handler: Handler };
      const parsed = parseRouteKey(route.routeKey);
      return { route, method: parsed?.method, path: parsed?.path, handler: module.handler };
    }),
  );
  return loaded.sort((a, b) => params(a) - params(b));
}

function lambdaContext(route: RouteDefinition, requestId: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${route.id}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${route.id}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/local-${route.id}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Builds the payload-format 2.0 event API Gateway would send for this request. */
function toEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  routeKey: string,
  pathParameters: Record<string, string> | undefined,
  claims: Record<string, string> | undefined,
  requestId: string,
): HttpEvent {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = new Date();
  const isText = /json|text|csv|xml|x-www-form-urlencoded/.test(
    headers['content-type'] ?? 'application/json',
  );
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(pathParameters && Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: claims
        ? { principalId: '', integrationLatency: 0, jwt: { claims, scopes: claims.scope?.split(' ') ?? [] } }
        : (undefined as unknown as HttpEvent['requestContext']['authorizer']),
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

/** One request and its response, as a client saw them. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

let observer: ((exchange: Exchange) => void) | undefined;

/** Every response this process's local servers send goes to `fn` too (the contract test checks them). */
export function observeExchanges(fn: ((exchange: Exchange) => void) | undefined): void {
  observer = fn;
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  result: HttpResult | string | undefined,
  requestId: string,
): void {
  // API Gateway's rule for payload 2.0: a non-object result is a 200 JSON body.
  const structured: HttpResult =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? result
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
  res.statusCode = structured.statusCode ?? 200;
  for (const [k, v] of Object.entries(structured.headers ?? {})) res.setHeader(k, String(v));
  if (structured.cookies?.length) res.setHeader('set-cookie', structured.cookies);
  res.setHeader('apigw-requestid', requestId);
  const body = structured.body ?? '';
  const bytes = structured.isBase64Encoded ? Buffer.from(body, 'base64') : body;
  observer?.({
    method: req.method ?? 'GET',
    path: new URL(req.url ?? '/', 'http://localhost').pathname,
    status: res.statusCode,
    headers: Object.fromEntries(
      Object.entries(res.getHeaders()).map(([k, v]) => [k.toLowerCase(), String(v)]),
    ),
    body: typeof bytes === 'string' ? bytes : bytes.toString('utf8'),
  });
  res.end(bytes);
}

export interface LocalHttpServerOptions {
  port: number;
  host?: string;
  /** The data folder (registered machine clients) and the keys of the local OIDC provider. */
  dataDir: string;
  secrets: LocalSecrets;
  /** Resolves once every change so far has been published and delivered (GET /local/usage waits). */
  settled?: () => Promise<void>;
}

/**
 * Evidence uploads (PUT /evidence-uploads/<key>) and downloads (GET /evidence-files/<key>): what S3
 * does with pre-signed URLs in the cloud. Local runtime only, so not part of the API contract:
 * answered directly, not observed against the OpenAPI document. True when the request was one.
 */
async function evidenceFiles(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
  requestId: string,
): Promise<boolean> {
  const upload = req.method === 'PUT' && url.pathname.startsWith('/evidence-uploads/');
  const download = req.method === 'GET' && url.pathname.startsWith('/evidence-files/');
  if (!upload && !download) return false;
  const { evidenceStore, FolderEvidenceStore } = await import('../shared/evidence/evidence-store');
  const store = evidenceStore();
  const key = url.pathname.split('/').slice(2).map(decodeURIComponent).join('/');
  const local = store instanceof FolderEvidenceStore && !key.split('/').includes('..') ? store : undefined;
  const reply = (status: number, headers: HttpResult['headers'], payload: string | Buffer) => {
    res.writeHead(status, { ...headers, 'apigw-requestid': requestId });
    res.end(payload);
    return true;
  };
  const refuse = (status: number, type: string, title: string, detail: string) => {
    const answer = problemResponse(new HttpProblemError(status, type, title, detail), url.pathname);
    return reply(answer.statusCode ?? status, answer.headers ?? {}, answer.body ?? '');
  };
  if (upload) {
    const refused = local
      ? await local.receive(key, url.searchParams, req.headers['content-type'], body, new Date())
      : { status: 403, detail: 'Not an upload URL of this runtime.' };
    if (refused)
      return refused.status === 403
        ? refuse(403, 'upload-refused', 'Upload refused', refused.detail)
        : refuse(refused.status, 'upload-mismatch', 'Upload does not match', refused.detail);
    return reply(200, { 'content-type': 'application/json' }, JSON.stringify({ key }));
  }
  const served = local
    ? await local.serve(key, url.searchParams, new Date())
    : { status: 403, detail: 'Not a download URL of this runtime.' };
  if (!('body' in served))
    return refuse(served.status, 'download-refused', 'Download refused', served.detail);
  return reply(
    200,
    {
      'content-type': served.contentType,
      'content-disposition': served.disposition,
      'x-content-type-options': 'nosniff',
    },
    served.body,
  );
}

/**
 * The workspace under /app/ (what CloudFront serves from S3 in the cloud): its files, its config.json
 * (this runtime's API and OIDC endpoints), and index.html for every page path; with the same security
 * headers and Content-Security-Policy. Built on first use. True when the request was one.
 */
let workspace: Promise<Map<string, string>> | undefined;
async function serveWorkspace(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  origin: string,
): Promise<boolean> {
  if (req.method !== 'GET' || !(url.pathname === APP_PATH || url.pathname.startsWith(`${APP_PATH}/`)))
    return false;
  workspace ??= buildWorkspace();
  const files = await workspace;
  const name = url.pathname.slice(APP_PATH.length + 1);
  const issuer = localIssuer(origin);
  const config: WebConfig = {
    apiUrl: origin,
    clientId: WEB_CLIENT_ID,
    authorizationEndpoint: `${issuer}/auth`,
    tokenEndpoint: `${issuer}/token`,
    endSessionEndpoint: `${issuer}/session/end`,
    logoutStyle: 'oidc',
    redirectUri: `${origin}${APP_PATH}/callback`,
    postLogoutRedirectUri: `${origin}${APP_PATH}/signed-out`,
  };
  const [body, type] =
    name === 'config.json'
      ? [JSON.stringify(config), 'application/json']
      : files.has(name) && name !== 'index.html'
        ? [
            files.get(name) ?? '',
            name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
          ]
        : [files.get('index.html') ?? '', 'text/html; charset=utf-8'];
  res.writeHead(200, {
    'content-type': type,
    'cache-control': 'no-store',
    'content-security-policy': workspaceCsp([]),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000',
  });
  res.end(body);
  return true;
}

/** Serves the route manifest over HTTP, translating requests to API Gateway events and back. */
export async function startHttpServer(
  options: LocalHttpServerOptions,
): Promise<{ server: Server; url: string; oidc: LocalOidc; signer: TokenSigner }> {
  const routes = await loadRoutes();
  const fallback = routes.find((r) => r.route.routeKey === '$default');
  if (!fallback) throw new Error('the route manifest has no $default route');

  // The OIDC provider's issuer names the port, known once listening; nothing is served before that.
  let oidc: LocalOidc | undefined;
  let publicOrigin = 'http://localhost';
  let verify: ReturnType<typeof tokenVerifier> | undefined;
  const server = createServer(async (req, res) => {
    const requestId = randomUUID();
    try {
      if (oidc && (await oidc.handle(req, res))) return;
      if (await serveWorkspace(req, res, new URL(req.url ?? '/', publicOrigin), publicOrigin)) return;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = await readBody(req);
      if (body === 'too-large') {
        const problem = new HttpProblemError(
          413,
          'payload-too-large',
          'Payload too large',
          'The request body exceeds 10 MB.',
        );
        return send(req, res, problemResponse(problem, url.pathname), requestId);
      }
      try {
        decodeURIComponent(url.pathname);
      } catch {
        const problem = new HttpProblemError(
          400,
          'malformed-path',
          'Malformed path',
          'The path has an invalid percent-encoding (a % must be followed by two hex digits of UTF-8).',
        );
        return send(req, res, problemResponse(problem, url.pathname), requestId);
      }
      if (await evidenceFiles(req, res, url, body, requestId)) return;
      if (url.pathname === USAGE_PATH && process.env.TRACKER_USAGE === '1') {
        if (req.method === 'DELETE') resetUsage();
        else await options.settled?.();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(usageTotals()));
        return;
      }
      let matched = fallback;
      let pathParameters: Record<string, string> | undefined;
      for (const candidate of routes) {
        if (candidate.method !== req.method || !candidate.path) continue;
        const params = matchPath(candidate.path, url.pathname);
        if (params) {
          matched = candidate;
          pathParameters = params;
          break;
        }
      }
      let claims: Record<string, string> | undefined;
      if (matched.route.auth === 'jwt') {
        const check = verify
          ? await verify(req.headers.authorization)
          : ({ ok: false, reason: 'Starting up.' } as const);
        if (!check.ok)
          return send(
            req,
            res,
            problemResponse(new UnauthorizedError(check.reason), url.pathname),
            requestId,
          );
        claims = claimsAsApiGateway(check.claims);
        const scope = requiredScope(matched.route);
        if (scope && !(claims.scope ?? '').split(' ').includes(scope)) {
          // API Gateway answers a missing scope with 403 before the handler runs; so does this server.
          return send(
            req,
            res,
            problemResponse(new ForbiddenError(`This route needs the ${scope} scope.`), url.pathname),
            requestId,
          );
        }
      }
      const event = toEvent(req, url, body, matched.route.routeKey, pathParameters, claims, requestId);
      const handler = matched.handler;
      const { result, usage } = await meter(`route:${matched.route.id}`, () =>
        handler(event, lambdaContext(matched.route, requestId)),
      );
      res.setHeader('server-timing', serverTiming(usage));
      send(req, res, result, requestId);
    } catch (error) {
      // A handler that throws past its middleware is what API Gateway reports as a 500.
      console.error(`[local] ${req.method} ${req.url} failed:`, error);
      send(
        req,
        res,
        problemResponse(new HttpProblemError(500, 'internal-error', 'Internal server error')),
        requestId,
      );
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://localhost:${port}`;
  publicOrigin = url;
  oidc = startLocalOidc({
    origin: url,
    dataDir: options.dataDir,
    signingJwk: options.secrets.signingJwk,
    cookieKey: options.secrets.cookieKey,
  });
  // Fetched from the provider's jwks_uri like API Gateway fetches Cognito's (by address: no IPv6 detour).
  verify = tokenVerifier(oidc.issuer, `http://127.0.0.1:${port}/oidc/jwks`);
  return { server, url, oidc, signer: { issuer: oidc.issuer, signingJwk: options.secrets.signingJwk } };
}
