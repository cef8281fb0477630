import { generateKeyPair, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_AUDIENCE, mintDevToken } from '../../local/dev-auth';
import { OPERATING_MODEL_V1, responsibilitiesOf } from '../../shared/catalogue/catalogue';
import { seedReferenceData } from '../../shared/catalogue/catalogue.repository';
import { startTestApi, type TestApi } from '../support/local-api';

let api: TestApi;
let token: string;

beforeAll(async () => {
  api = await startTestApi();
  token = await api.tokenFor('editor', 'region-london');
});
afterAll(async () => api.runtime.stop());

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

async function problem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as Problem;
  expect(body.status).toBe(status);
  return body;
}

interface Page {
  items: Array<{ id: string; tier: string; area: string; text: string }>;
  nextCursor: string | null;
}

async function allPages(query: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const response = await api.get(`/responsibilities?${query}${suffix}`, token);
    expect(response.status).toBe(200);
    const page = (await response.json()) as Page;
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe('GET /health', () => {
  it('reports the seeded catalogue without a token', async () => {
    const response = await api.get('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', catalogueVersion: 'v1' });
  });
});

describe('authentication', () => {
  it('rejects a missing token with 401 problem+json', async () => {
    const body = await problem(await api.get('/responsibilities'), 401);
    expect(body.type).toBe('/problems/unauthorized');
  });

  it('rejects an expired token', async () => {
    const expired = await mintDevToken(api.runtime.tokenSigner, {
      sub: 'u1',
      role: 'editor',
      unit: 'region-london',
      ttlSeconds: -60,
    });
    expect((await problem(await api.get('/responsibilities', expired), 401)).detail).toMatch(/expired/);
  });

  // Signed as the local OIDC provider signs (or with another key), to probe the API's checks.
  const localJwt = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: api.runtime.tokenSigner.signingJwk.kid ?? '' })
      .setIssuer(api.runtime.tokenSigner.issuer)
      .setAudience(API_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h');

  it('rejects a token signed with another key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await localJwt({ 'custom:role': 'editor', 'custom:unit': 'national' })
      .setSubject('intruder')
      .sign(privateKey);
    expect((await problem(await api.get('/responsibilities', forged), 401)).detail).toMatch(/signature/);
  });

  it('rejects a valid signature whose claims name no role', async () => {
    const noRole = await localJwt({ 'custom:unit': 'national', scope: 'tracker/read' })
      .setSubject('u2')
      .sign(await importJWK(api.runtime.tokenSigner.signingJwk, 'RS256'));
    await problem(await api.get('/responsibilities', noRole), 401);
  });
});

describe('scopes', () => {
  it('refuses a token without the scope a route needs with 403, as API Gateway does', async () => {
    const noScope = await new SignJWT({ 'custom:role': 'editor', 'custom:unit': 'national', scope: 'openid' })
      .setProtectedHeader({ alg: 'RS256', kid: api.runtime.tokenSigner.signingJwk.kid ?? '' })
      .setSubject('u3')
      .setIssuer(api.runtime.tokenSigner.issuer)
      .setAudience(API_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(await importJWK(api.runtime.tokenSigner.signingJwk, 'RS256'));
    expect((await problem(await api.get('/responsibilities', noScope), 403)).detail).toMatch(/tracker\/read/);
  });
});

describe('GET /responsibilities', () => {
  const catalogue = responsibilitiesOf(OPERATING_MODEL_V1);

  it('pages through all 46 responsibilities exactly once', async () => {
    const { ids, pages } = await allPages('limit=10');
    expect(pages).toBe(5);
    expect(new Set(ids).size).toBe(46);
    expect([...ids].sort()).toEqual(catalogue.map((r) => r.id).sort());
  });

  it('filters by tier, in figure order', async () => {
    const { ids } = await allPages('tier=national&limit=100');
    expect(ids).toEqual(catalogue.filter((r) => r.tier === 'national').map((r) => r.id));
  });

  it('filters by tier and area', async () => {
    const { ids } = await allPages('tier=region&area=workforce-planning');
    expect(ids).toEqual(['REG-WP-1', 'REG-WP-2', 'REG-WP-3', 'REG-WP-4']);
  });

  it('filters by area alone across pages without skipping or repeating', async () => {
    const { ids } = await allPages('area=pgmde-delivery&limit=4');
    expect(ids).toEqual(catalogue.filter((r) => r.area === 'pgmde-delivery').map((r) => r.id));
  });

  it('names every invalid query field', async () => {
    const body = await problem(
      await api.get('/responsibilities?tier=county&limit=500&colour=red', token),
      400,
    );
    expect(body.errors?.map((e) => e.path).sort()).toEqual(['query.colour', 'query.limit', 'query.tier']);
  });

  it('rejects an unknown catalogue version', async () => {
    const body = await problem(await api.get('/responsibilities?version=v9', token), 400);
    expect(body.errors?.[0]?.path).toBe('query.version');
  });

  it('rejects a tampered cursor and a cursor reused with other filters', async () => {
    const first = (await (await api.get('/responsibilities?limit=5', token)).json()) as Page;
    const cursor = first.nextCursor as string;
    const [payload, signature] = cursor.split('.') as [string, string];
    const altered = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { k: { sk: string } };
    altered.k.sk = 'RESP#2#0#01';
    const tampered = `${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`;
    const body = await problem(await api.get(`/responsibilities?limit=5&cursor=${tampered}`, token), 400);
    expect(body.errors?.[0]?.path).toBe('query.cursor');
    await problem(await api.get(`/responsibilities?limit=5&tier=ics&cursor=${cursor}`, token), 400);
    await problem(await api.get('/responsibilities?cursor=garbage', token), 400);
  });
});

describe('GET /responsibilities/{id}', () => {
  it('returns one responsibility word for word', async () => {
    const response = await api.get('/responsibilities/NAT-PGMDE-3', token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: 'NAT-PGMDE-3',
      version: 'v1',
      tier: 'national',
      area: 'pgmde-delivery',
      areaKind: 'work-area',
      figure: 'Fig 4',
      position: 3,
      text: 'Lead PGMDE recruitment',
    });
  });

  it('is a 404 problem for an id not in the catalogue', async () => {
    expect((await problem(await api.get('/responsibilities/NAT-PGMDE-9', token), 404)).detail).toMatch(
      /NAT-PGMDE-9/,
    );
    await problem(await api.get('/responsibilities/nonsense', token), 404);
  });
});

describe('GET /org-units', () => {
  it('returns national and the 7 regions with their 42 ICSs', async () => {
    const response = await api.get('/org-units', await api.tokenFor('board', 'national'));
    expect(response.status).toBe(200);
    const tree = (await response.json()) as {
      national: { id: string };
      regions: Array<{ id: string; icss: Array<{ id: string }> }>;
    };
    expect(tree.national.id).toBe('national');
    expect(tree.regions).toHaveLength(7);
    expect(tree.regions.flatMap((r) => r.icss)).toHaveLength(42);
    expect(tree.regions.find((r) => r.id === 'region-midlands')?.icss).toHaveLength(11);
  });

  it('narrows to one region, and rejects a unit that is not a region', async () => {
    const tree = (await (await api.get('/org-units?region=region-south-west', token)).json()) as {
      regions: Array<{ icss: unknown[] }>;
    };
    expect(tree.regions).toHaveLength(1);
    expect(tree.regions[0]?.icss).toHaveLength(7);
    await problem(await api.get('/org-units?region=ics-devon', token), 400);
  });
});

describe('unknown routes', () => {
  it('answers an unknown path with a 404 problem and a wrong method with 405 and Allow', async () => {
    expect((await problem(await api.get('/no-such-thing'), 404)).type).toBe('/problems/not-found');
    const response = await fetch(`${api.runtime.url}/health`, { method: 'DELETE' });
    await problem(response, 405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});

describe('reference data seeding', () => {
  it('is idempotent: a second seed writes nothing and the catalogue is unchanged', async () => {
    expect(await seedReferenceData(api.runtime.tableName)).toEqual({ written: 0 });
    const { ids } = await allPages('limit=100');
    expect(ids).toHaveLength(46);
  });
});
