/**
 * Sign-in: the authorization code flow with PKCE against the tracker's OIDC provider (Cognito managed
 * login in the cloud, the local provider under `npm start`). The access token is kept in memory only:
 * never in a URL, a log, localStorage or sessionStorage. Only the PKCE verifier, the state and the page
 * to return to wait in sessionStorage during the round trip (none of them is a credential on its own).
 */
import type { AuthConfig } from './config';

export type { AuthConfig };

export interface Session {
  accessToken: string;
  idToken?: string;
  expiresAt: number;
  /** From the access token: who, in what role and unit. */
  sub: string;
  name: string;
  role: string;
  unit: string;
  scopes: string[];
}

const PENDING = 'tracker.signin';
const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
const random = (n: number) => b64url(crypto.getRandomValues(new Uint8Array(n)));

export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<
    string,
    unknown
  >;
}

let session: Session | undefined;

export const currentSession = () =>
  session && session.expiresAt > Date.now() + 30_000 ? session : undefined;

/** Sends the browser to sign in, to come back to `returnTo`. */
export async function signIn(config: AuthConfig, returnTo: string): Promise<never> {
  const verifier = random(32);
  const state = random(16);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(config.authorizationEndpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    redirect_uri: config.redirectUri,
    scope: 'openid profile tracker/read tracker/write',
    state,
    code_challenge: b64url(digest),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
  return new Promise<never>(() => undefined);
}

/** On the callback page: swaps the code for tokens, and says where to go next. */
export async function completeSignIn(config: AuthConfig, params: URLSearchParams): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  if (params.get('error'))
    throw new Error(params.get('error_description') ?? params.get('error') ?? 'Sign-in failed');
  if (!pending || params.get('state') !== pending.state)
    throw new Error('This sign-in was not started here. Start again.');
  const response = await fetch(config.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: config.redirectUri,
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error('The sign-in could not be completed. Start again.');
  const tokens = (await response.json()) as { access_token: string; id_token?: string; expires_in: number };
  const claims = claimsOf(tokens.access_token);
  session = {
    accessToken: tokens.access_token,
    ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
    expiresAt: Date.now() + tokens.expires_in * 1000,
    sub: String(claims.sub),
    name: String(claims.name ?? claims.sub),
    role: String(claims['custom:role']),
    unit: String(claims['custom:unit']),
    scopes: String(claims.scope ?? '').split(' '),
  };
  // Only a path of this app: never send anyone elsewhere after sign-in.
  return pending.returnTo.startsWith('/app/') ? pending.returnTo : '/app/';
}

/** Ends the session here and at the provider. */
export function signOut(config: AuthConfig): never {
  const idToken = session?.idToken;
  session = undefined;
  const url = new URL(config.endSessionEndpoint);
  url.search = new URLSearchParams(
    config.logoutStyle === 'cognito'
      ? { client_id: config.clientId, logout_uri: config.postLogoutRedirectUri }
      : {
          client_id: config.clientId,
          post_logout_redirect_uri: config.postLogoutRedirectUri,
          ...(idToken ? { id_token_hint: idToken } : {}),
        },
  ).toString();
  location.assign(url.href);
  throw new Error('signing out');
}
