import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_AUDIENCE } from '../../local/dev-auth';
import { registerMachineClient, WEB_CLIENT_ID } from '../../local/oidc';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

/** Sign-in through the local OpenID Connect provider, as a browser and as a system would. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.runtime.stop());

/** A browser's cookies, enough for one sign-in (paths ignored: everything goes to the one origin). */
class Browser {
  private cookies = new Map<string, string>();
  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) this.cookies.set(name.trim(), value.join('='));
    }
    return response;
  }
  private cookieHeader = () => [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  /** Follows redirects until one leaves for `stopAt` (the app's callback) or a page answers. */
  async follow(url: string, stopAt: string, init: RequestInit = {}): Promise<Response | URL> {
    let response = await this.go(url, init);
    for (let hop = 0; hop < 10 && response.status >= 300 && response.status < 400; hop++) {
      const next = new URL(response.headers.get('location') ?? '', url);
      if (next.href.startsWith(stopAt)) return next;
      url = next.href;
      response = await this.go(url);
    }
    return response;
  }
}

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

async function signIn(person: string, options: { challenge?: boolean } = {}) {
  const browser = new Browser();
  const callback = `${api.runtime.url}/app/callback`;
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString('hex');
  const auth = new URL(`${api.runtime.issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: WEB_CLIENT_ID,
    response_type: 'code',
    redirect_uri: callback,
    scope: 'openid profile tracker/read tracker/write',
    state,
    ...(options.challenge === false ? {} : { code_challenge: challenge, code_challenge_method: 'S256' }),
  }).toString();
  const page = await browser.follow(auth.href, callback);
  if (page instanceof URL) return { browser, returned: page, state, verifier, callback };
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  expect(action).toBeDefined();
  const returned = await browser.follow(new URL(action ?? '', api.runtime.url).href, callback, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ person }).toString(),
  });
  return { browser, returned, state, verifier, callback, html };
}

async function tokenFor(person: string) {
  const { returned, state, verifier, callback } = await signIn(person);
  expect(returned).toBeInstanceOf(URL);
  const url = returned as URL;
  expect(url.searchParams.get('state')).toBe(state);
  const response = await fetch(`${api.runtime.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: url.searchParams.get('code') ?? '',
      redirect_uri: callback,
      client_id: WEB_CLIENT_ID,
      code_verifier: verifier,
    }).toString(),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { access_token: string; id_token: string; scope: string };
}

describe('the local OpenID Connect provider', () => {
  it('publishes its discovery document and keys', async () => {
    const discovery = (await (
      await fetch(`${api.runtime.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: api.runtime.issuer,
      jwks_uri: `${api.runtime.issuer}/jwks`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(discovery.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'client_credentials']),
    );
    const jwks = (await (await fetch(`${api.runtime.issuer}/jwks`)).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig' })]);
    // The public half only.
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('signs a person in with the code flow and PKCE; the API takes the token and names them', async () => {
    const { html } = await signIn('amara.okafor');
    expect(html).toContain('Amara Okafor');
    expect(html).toContain('Grace Mensah');
    const tokens = await tokenFor('amara.okafor');
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({
      iss: api.runtime.issuer,
      aud: API_AUDIENCE,
      sub: 'amara.okafor',
      'custom:role': 'editor',
      'custom:unit': 'region-london',
      scope: expect.stringContaining('tracker/write'),
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(3600);
    const created = await api.request('POST', '/commitments', {
      token: tokens.access_token,
      body: commitmentBody('region'),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ createdBy: 'amara.okafor', ownerUnitId: 'region-london' });
  });

  it("grants what the person's role allows: a reader's token cannot write", async () => {
    const tokens = await tokenFor('lucy.evans');
    expect(tokens.scope.split(' ')).not.toContain('tracker/write');
    expect((await api.get('/commitments', tokens.access_token)).status).toBe(200);
    await expectProblem(
      await api.request('POST', '/commitments', {
        token: tokens.access_token,
        body: commitmentBody('region'),
      }),
      403,
    );
  });

  it('refuses a sign-in without PKCE, and a callback URL that is not registered', async () => {
    const { returned } = await signIn('amara.okafor', { challenge: false });
    expect(returned).toBeInstanceOf(URL);
    expect((returned as URL).searchParams.get('error')).toBe('invalid_request');
    expect((returned as URL).searchParams.has('code')).toBe(false);

    const auth = new URL(`${api.runtime.issuer}/auth`);
    auth.search = new URLSearchParams({
      client_id: WEB_CLIENT_ID,
      response_type: 'code',
      redirect_uri: 'https://evil.example/callback',
      scope: 'openid',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    }).toString();
    const response = await fetch(auth, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('asks again when no person is chosen, as an error summary', async () => {
    const browser = new Browser();
    const { challenge } = pkce();
    const callback = `${api.runtime.url}/app/callback`;
    const auth = new URL(`${api.runtime.issuer}/auth`);
    auth.search = new URLSearchParams({
      client_id: WEB_CLIENT_ID,
      response_type: 'code',
      redirect_uri: callback,
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    const page = (await browser.follow(auth.href, callback)) as Response;
    const action = /<form method="post" action="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const again = await browser.go(new URL(action, api.runtime.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('nhsuk-error-summary');
  });
});

describe('machine clients', () => {
  it('gets a token for its unit by client credentials; its actions name the client, and it writes nowhere else', async () => {
    // Registered the way an administrator does it locally (npm run client -- add ...).
    const cli = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'local/cli/client.ts',
        'add',
        '--name',
        'London case management',
        '--unit',
        'region-london',
        '--access',
        'write',
        '--data-dir',
        api.runtime.dataDir,
      ],
      { encoding: 'utf8' },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const client = {
      clientId: /client id\s+(\S+)/.exec(cli.stdout)?.[1] ?? '',
      clientSecret: /client secret\s+(\S+)/.exec(cli.stdout)?.[1] ?? '',
    };
    const response = await fetch(`${api.runtime.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'tracker/read tracker/write',
      }).toString(),
    });
    expect(response.status).toBe(200);
    const { access_token: token } = (await response.json()) as { access_token: string };
    expect(decodeJwt(token)).toMatchObject({
      sub: client.clientId,
      aud: API_AUDIENCE,
      'custom:unit': 'region-london',
      'custom:role': 'editor',
      name: 'London case management',
    });
    const created = await api.request('POST', '/commitments', { token, body: commitmentBody('region') });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const action = await api.request('POST', `/commitments/${id}/actions`, {
      token,
      body: { summary: 'Logged from the case-management system', occurredAt: '2026-11-01' },
    });
    expect(action.status).toBe(201);
    expect(await action.json()).toMatchObject({ loggedBy: client.clientId });
    const devon = await api.request('POST', '/commitments', {
      token,
      body: commitmentBody('ics', { ownerUnitId: 'ics-devon' }),
    });
    await expectProblem(devon, 403);

    // A read-only client gets no write scope, whatever it asks for; a wrong secret gets nothing.
    const reader = registerMachineClient(api.runtime.dataDir, {
      name: 'Warehouse',
      unit: 'national',
      access: 'read',
    });
    const ask = (secret: string) =>
      fetch(`${api.runtime.issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${reader.clientId}:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope: 'tracker/read tracker/write',
        }).toString(),
      });
    expect((await ask('wrong')).status).toBe(401);
    const readOnly = await ask(reader.clientSecret);
    // Asking for a scope it does not have is refused outright (invalid_scope), as Cognito refuses it.
    // Asking for more than it has gives it what it has (tracker/read), not an error.
    expect(readOnly.status).toBe(200);
    const narrow = (await readOnly.json()) as { scope: string; access_token: string };
    expect(narrow.scope).toBe('tracker/read');
    expect(decodeJwt(narrow.access_token)).toMatchObject({ 'custom:role': 'reader', sub: reader.clientId });
  });
});
