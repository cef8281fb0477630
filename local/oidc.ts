import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { JWK } from 'jose';
import Provider, {
  type Adapter,
  type AdapterPayload,
  type ClientMetadata,
  type Configuration,
  errors,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { CLAIMS, SCOPES, scopesFor } from '../shared/auth/identity';
import {
  type MachineClientGrant,
  MachineClientGrantSchema,
  machineClaims,
} from '../shared/auth/machine-clients';
import { escapeHtml, nhsukCss } from '../shared/ui/nhsuk';
import { API_AUDIENCE, localIssuer, OIDC_PATH } from './dev-auth';
import { SAMPLE_PEOPLE, type SamplePerson, samplePerson } from './sample-people';

/**
 * The local OpenID Connect provider: what Cognito's managed login is in the cloud, so sign-in has the
 * same shape in both (authorization code flow with PKCE for people, client credentials for systems).
 * It is mounted on the local runtime at /oidc; its sign-in page (/sign-in/<uid>) lists the sample
 * people. Access tokens are RS256 JWTs carrying the role and unit claims, checked by the local API
 * through the provider's JWKS (issuer, audience, scope), as API Gateway's JWT authorizer checks
 * Cognito's.
 */

/** The web client: public (no secret), code flow with PKCE, exact redirect and sign-out URLs. */
export const WEB_CLIENT_ID = 'tracker-web';
export const SIGN_IN_PATH = '/sign-in';
const ACCESS_TOKEN_SECONDS = 3600;

/** A system registered by an administrator to call the API for one unit (docs/api.md, "Machine clients"). */
export interface MachineClient extends MachineClientGrant {
  clientId: string;
  clientSecret: string;
  createdAt: string;
}

const clientsFile = (dataDir: string) => join(dataDir, 'clients.json');

export function readMachineClients(dataDir: string): MachineClient[] {
  try {
    return JSON.parse(readFileSync(clientsFile(dataDir), 'utf8')) as MachineClient[];
  } catch {
    return [];
  }
}

export function writeMachineClients(dataDir: string, clients: MachineClient[]): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(clientsFile(dataDir), `${JSON.stringify(clients, null, 2)}\n`, { mode: 0o600 });
}

/** Kept in memory: sessions, codes and grants do not outlive the runtime (sign in again after a restart). */
class MemoryAdapter implements Adapter {
  private static readonly store = new Map<string, { payload: AdapterPayload; expiresAt?: number }>();
  constructor(private readonly name: string) {}
  private key = (id: string) => `${this.name}:${id}`;
  async upsert(id: string, payload: AdapterPayload, expiresIn?: number) {
    MemoryAdapter.store.set(this.key(id), {
      payload,
      ...(expiresIn ? { expiresAt: Date.now() + expiresIn * 1000 } : {}),
    });
    if (payload.uid) MemoryAdapter.store.set(`${this.name}:uid:${payload.uid}`, { payload: { id } });
  }
  async find(id: string) {
    const entry = MemoryAdapter.store.get(this.key(id));
    if (!entry || (entry.expiresAt && entry.expiresAt < Date.now())) return undefined;
    return entry.payload;
  }
  async findByUid(uid: string) {
    const ref = MemoryAdapter.store.get(`${this.name}:uid:${uid}`)?.payload.id;
    return typeof ref === 'string' ? this.find(ref) : undefined;
  }
  async findByUserCode() {
    return undefined;
  }
  async consume(id: string) {
    const entry = MemoryAdapter.store.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    MemoryAdapter.store.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string) {
    for (const [key, entry] of MemoryAdapter.store)
      if (key.startsWith(`${this.name}:`) && entry.payload.grantId === grantId)
        MemoryAdapter.store.delete(key);
  }
}

/** Registered machine clients are read from the data folder when used, so a new one works at once. */
class ClientAdapter extends MemoryAdapter {
  constructor(private readonly dataDir: string) {
    super('Client');
  }
  override async find(id: string): Promise<AdapterPayload | undefined> {
    const client = readMachineClients(this.dataDir).find((c) => c.clientId === id);
    if (!client) return undefined;
    return {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      client_name: client.name,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      tracker_unit: client.unit,
      tracker_access: client.access,
    } as AdapterPayload;
  }
}

export interface LocalOidcOptions {
  /** Where the runtime answers, e.g. http://localhost:3000. */
  origin: string;
  dataDir: string;
  signingJwk: JWK;
  cookieKey: string;
}

export interface LocalOidc {
  issuer: string;
  jwksUri: string;
  /** Answers /oidc/* and /sign-in/*; false for any other request. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

const personClaims = (person: SamplePerson) => ({
  [CLAIMS.role]: person.role,
  [CLAIMS.unit]: person.unit,
  name: person.name,
});

export function startLocalOidc(options: LocalOidcOptions): LocalOidc {
  const issuer = localIssuer(options.origin);
  const webClient: ClientMetadata = {
    client_id: WEB_CLIENT_ID,
    client_name: 'Accountability tracker workspace',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [`${options.origin}/app/callback`],
    post_logout_redirect_uris: [`${options.origin}/app/signed-out`],
  };
  const configuration: Configuration = {
    clients: [webClient],
    adapter: (name: string) =>
      name === 'Client' ? new ClientAdapter(options.dataDir) : new MemoryAdapter(name),
    jwks: { keys: [options.signingJwk] as never },
    cookies: { keys: [options.cookieKey] },
    scopes: ['openid', 'profile', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', CLAIMS.role, CLAIMS.unit] },
    extraClientMetadata: { properties: ['tracker_unit', 'tracker_access'] },
    pkce: { required: () => true },
    // The workspace is served from this origin; no other origin may call the provider from a browser.
    clientBasedCORS: (_ctx, origin) => origin === options.origin,
    ttl: {
      AccessToken: ACCESS_TOKEN_SECONDS,
      ClientCredentials: ACCESS_TOKEN_SECONDS,
      IdToken: ACCESS_TOKEN_SECONDS,
      AuthorizationCode: 60,
      Interaction: 600,
      // A working day: sign in again the next morning (the API refuses tokens over 12 hours anyway).
      Session: 12 * 3600,
      Grant: 12 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // The provider asks before ending a session (a third party cannot sign anyone out); in NHS style.
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = page(
            'Sign out',
            `${form}<h1>Do you want to sign out?</h1><p>You will need to sign in again to use the tracker.</p><button class="nhsuk-button" type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign out</button> <button class="nhsuk-button nhsuk-button--secondary" type="submit" form="op.logoutForm">No, stay signed in</button>`,
          );
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_AUDIENCE,
        useGrantedResource: () => true,
        // A machine client's access caps its scopes (a person's are capped by the grant of their role).
        getResourceServerInfo: (_ctx, indicator, client) => {
          if (indicator !== API_AUDIENCE) throw new errors.InvalidTarget();
          return {
            scope: client.tracker_access === 'read' ? SCOPES.read : `${SCOPES.read} ${SCOPES.write}`,
            audience: API_AUDIENCE,
            accessTokenTTL: ACCESS_TOKEN_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    findAccount: (_ctx, id) => {
      const person = samplePerson(id);
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...personClaims(person) }) };
    },
    // The role and unit in the access token, as Cognito's pre-token-generation trigger adds them.
    extraTokenClaims: async (ctx: KoaContextWithOIDC, token) => {
      if (token.kind === 'ClientCredentials') {
        const client = token.clientId ? await ctx.oidc.provider.Client.find(token.clientId) : undefined;
        const grant = MachineClientGrantSchema.safeParse({
          name: client?.clientName,
          unit: client?.tracker_unit,
          access: client?.tracker_access,
        });
        if (!grant.success || !token.clientId) return undefined;
        return { sub: token.clientId, ...machineClaims(grant.data), client_id: token.clientId };
      }
      const person = 'accountId' in token ? samplePerson(token.accountId) : undefined;
      return person ? { ...personClaims(person), client_id: token.clientId } : undefined;
    },
    // The workspace is the provider's own first-party client: no consent screen; the grant is what the
    // person's role allows (a reader gets tracker/read only).
    loadExistingGrant: async (ctx) => {
      const { session, client, provider, result } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? (client ? session?.grantIdFor(client.clientId) : undefined);
      if (grantId) return provider.Grant.find(grantId);
      if (!session?.accountId || !client) return undefined;
      return provider.Grant.find(await grantFor(provider, session.accountId, client.clientId));
    },
    interactions: { url: (_ctx, interaction) => `${SIGN_IN_PATH}/${interaction.uid}` },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Sign-in problem',
        `<h1>There is a problem signing you in</h1><p>${escapeHtml(out.error_description ?? out.error)}</p><p><a href="/app/">Start again</a></p>`,
      );
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readText(req));
      const person = samplePerson(form.get('person') ?? '');
      if (!person) {
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        res.end(signInPage(details.uid, 'Choose who to sign in as'));
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: person.sub } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (details.prompt.name === 'consent') {
      // Not expected (loadExistingGrant grants first), but answered the same way if it comes.
      const grantId = await grantFor(provider, details.session?.accountId, details.params.client_id);
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    });
    res.end(signInPage(details.uid));
  }

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', options.origin);
      if (url.pathname === OIDC_PATH || url.pathname.startsWith(`${OIDC_PATH}/`)) {
        // Mounted as express mounts it: the provider sees the path below the mount point.
        Object.assign(req, { originalUrl: req.url, url: req.url?.slice(OIDC_PATH.length) || '/' });
        await callback(req, res);
        return true;
      }
      if (url.pathname.startsWith(`${SIGN_IN_PATH}/`)) {
        await signIn(req, res);
        return true;
      }
      return false;
    },
  };
}

/** What a person's role allows the workspace: every OIDC scope, and tracker/read (+ write for editors). */
async function grantFor(provider: Provider, accountId: string | undefined, clientId: unknown) {
  const person = accountId ? samplePerson(accountId) : undefined;
  if (!person || typeof clientId !== 'string') throw new errors.AccessDenied('Unknown person');
  const grant = new provider.Grant({ clientId, accountId: person.sub });
  grant.addOIDCScope('openid profile offline_access');
  const allowed = scopesFor(person.role);
  grant.addResourceScope(API_AUDIENCE, allowed.join(' '));
  // Refused rather than missing, so a reader asking for write is not asked again: the token has less.
  const refused = Object.values(SCOPES).filter((s) => !allowed.includes(s));
  if (refused.length) grant.rejectResourceScope(API_AUDIENCE, refused.join(' '));
  return grant.save();
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').slice(0, 10_000);
}

function page(title: string, main: string): string {
  return `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – Accountability tracker</title><style>${nhsukCss()}</style></head><body><a class="nhsuk-skip-link" href="#main">Skip to main content</a><header class="nhsuk-header" role="banner"><div class="nhsuk-header__container nhsuk-width-container"><div class="nhsuk-header__service"><a class="nhsuk-header__service-name" href="/app/">Accountability tracker (local)</a></div></div></header><div class="nhsuk-width-container"><main class="nhsuk-main-wrapper" id="main" tabindex="-1">${main}</main></div></body></html>`;
}

/** The local sign-in page: a choice of sample person (no passwords: this is the local runtime only). */
function signInPage(uid: string, error?: string): string {
  const options = SAMPLE_PEOPLE.map(
    (p, i) =>
      `<div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="person-${i}" name="person" type="radio" value="${escapeHtml(p.sub)}" aria-describedby="person-${i}-hint"><label class="nhsuk-label nhsuk-radios__label" for="person-${i}">${escapeHtml(p.name)}</label><div class="nhsuk-hint nhsuk-radios__hint" id="person-${i}-hint">${escapeHtml(p.label)}: ${escapeHtml(p.role)} @ ${escapeHtml(p.unit)}</div></div>`,
  ).join('');
  const summary = error
    ? `<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1"><h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2><div class="nhsuk-error-summary__body"><ul class="nhsuk-list nhsuk-error-summary__list"><li><a href="#person-0">${escapeHtml(error)}</a></li></ul></div></div>`
    : '';
  return page(
    'Sign in',
    `${summary}<form method="post" action="${SIGN_IN_PATH}/${escapeHtml(uid)}" novalidate><div class="nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}"><fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l"><h1 class="nhsuk-fieldset__heading">Sign in</h1></legend><div class="nhsuk-hint">The local runtime signs you in as one of its sample people. In the cloud this page is your organisation's sign-in.</div>${error ? `<span class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">Error:</span> ${escapeHtml(error)}</span>` : ''}<div class="nhsuk-radios">${options}</div></fieldset></div><button class="nhsuk-button" type="submit">Sign in</button></form>`,
  );
}

/**
 * Registers a system to call the API for one unit (`npm run client`): a client of the local provider
 * with the client-credentials grant. Its tokens carry the unit, the role its access gives, and its id as
 * `sub`, so it is named as the actor of every action and version it writes. The secret is only
 * returned here (the caller shows it once).
 */
export function registerMachineClient(
  dataDir: string,
  request: Pick<MachineClient, 'name' | 'unit' | 'access'>,
  now = new Date(),
): MachineClient {
  const client: MachineClient = {
    clientId: `client-${randomBytes(6).toString('hex')}`,
    clientSecret: randomBytes(32).toString('base64url'),
    ...request,
    createdAt: now.toISOString(),
  };
  writeMachineClients(dataDir, [...readMachineClients(dataDir), client]);
  return client;
}

/** Removes a machine client: its tokens stop being issued at once (those issued live out their hour). */
export function removeMachineClient(dataDir: string, clientId: string): boolean {
  const clients = readMachineClients(dataDir);
  const kept = clients.filter((c) => c.clientId !== clientId);
  writeMachineClients(dataDir, kept);
  return kept.length < clients.length;
}
