import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/auth/identity';
import { commitmentBody, startTestApi, type TestApi } from '../support/local-api';

/**
 * Every commitment and action route, for every kind of caller, against a commitment owned by the
 * Devon ICS (South West region). Forbidden writes are 403 (404 to a caller who may not even read the
 * commitment) and change nothing in the table. (Bulk
 * status and CSV imports answer per item or row; their authorization is in scale-features and
 * csv-import.)
 */
let api: TestApi;
let commitmentId: string;
let actionId: string;

const CALLERS: Array<{ name: string; role?: Role; unit?: string; reads: boolean; writes: boolean }> = [
  { name: 'editor of the owning ICS', role: 'editor', unit: 'ics-devon', reads: true, writes: true },
  { name: 'reader of the owning ICS', role: 'reader', unit: 'ics-devon', reads: true, writes: false },
  {
    name: 'editor of another ICS in the region',
    role: 'editor',
    unit: 'ics-cornwall-and-the-isles-of-scilly',
    reads: false,
    writes: false,
  },
  {
    name: "editor of the ICS's region",
    role: 'editor',
    unit: 'region-south-west',
    reads: true,
    writes: false,
  },
  { name: 'editor of another region', role: 'editor', unit: 'region-london', reads: false, writes: false },
  { name: 'national editor', role: 'editor', unit: 'national', reads: true, writes: false },
  { name: 'board member', role: 'board', unit: 'national', reads: true, writes: false },
  { name: 'national administrator', role: 'admin', unit: 'national', reads: true, writes: false },
  { name: 'caller without a token', reads: false, writes: false },
];

interface RouteCase {
  route: string;
  kind: 'read' | 'write';
  /** Names one commitment: a caller who may not read it gets 404, as if it did not exist. */
  perObject?: boolean;
  send(token: string | undefined): Promise<Response>;
  /** The status an allowed caller gets. */
  ok: number;
}

const today = new Date().toISOString().slice(0, 10);
const ROUTE_CASES: RouteCase[] = [
  {
    route: 'GET /commitments/{id}',
    perObject: true,
    kind: 'read',
    ok: 200,
    send: (t) => api.request('GET', `/commitments/${commitmentId}`, { token: t }),
  },
  {
    route: 'GET /commitments?unit=',
    kind: 'read',
    ok: 200,
    send: (t) => api.request('GET', '/commitments?unit=ics-devon', { token: t }),
  },
  {
    route: 'GET /commitments/{id}/actions',
    perObject: true,
    kind: 'read',
    ok: 200,
    send: (t) => api.request('GET', `/commitments/${commitmentId}/actions`, { token: t }),
  },
  {
    route: 'GET /commitments/{id}/audit',
    perObject: true,
    kind: 'read',
    ok: 200,
    send: (t) => api.request('GET', `/commitments/${commitmentId}/audit`, { token: t }),
  },
  {
    route: 'GET /actions?unit=',
    kind: 'read',
    ok: 200,
    send: (t) => api.request('GET', `/actions?unit=ics-devon&from=${today}&to=${today}`, { token: t }),
  },
  {
    route: 'GET /commitments/{id}/children',
    perObject: true,
    kind: 'read',
    ok: 200,
    send: (t) => api.request('GET', `/commitments/${commitmentId}/children`, { token: t }),
  },
  {
    route: 'GET /commitments/export?unit=',
    kind: 'read',
    ok: 200,
    send: (t) => api.request('GET', '/commitments/export?unit=ics-devon', { token: t }),
  },
  {
    route: 'POST /org-units/{unitId}/handovers',
    kind: 'write',
    ok: 200,
    send: (t) =>
      api.request('POST', '/org-units/ics-devon/handovers', {
        token: t,
        body: { fromUserId: 'user-editor-ics-devon', toUserId: 'successor', reason: 'Moved on' },
      }),
  },
  {
    route: 'POST /commitments',
    kind: 'write',
    ok: 201,
    send: (t) =>
      api.request('POST', '/commitments', {
        token: t,
        body: commitmentBody('ics', { ownerUnitId: 'ics-devon' }),
      }),
  },
  {
    route: 'PATCH /commitments/{id}',
    perObject: true,
    kind: 'write',
    ok: 200,
    send: async (t) => {
      const current = await api.request('GET', `/commitments/${commitmentId}`, { token: await owner() });
      return api.request('PATCH', `/commitments/${commitmentId}`, {
        token: t,
        body: { rag: 'amber' },
        headers: { 'if-match': current.headers.get('etag') ?? '' },
      });
    },
  },
  {
    route: 'POST /commitments/{id}/actions',
    perObject: true,
    kind: 'write',
    ok: 201,
    send: (t) =>
      api.request('POST', `/commitments/${commitmentId}/actions`, {
        token: t,
        body: { summary: 'Did a thing', occurredAt: today, corrects: actionId },
      }),
  },
];

const owner = () => api.tokenFor('editor', 'ics-devon');

beforeAll(async () => {
  api = await startTestApi();
  const created = await api.request('POST', '/commitments', {
    token: await owner(),
    body: commitmentBody('ics'),
  });
  commitmentId = ((await created.json()) as { id: string }).id;
  const action = await api.request('POST', `/commitments/${commitmentId}/actions`, {
    token: await owner(),
    body: { summary: 'First', occurredAt: today },
  });
  actionId = ((await action.json()) as { id: string }).id;
});
afterAll(async () => api.runtime.stop());

describe.each(CALLERS)('$name', (caller) => {
  it.each(ROUTE_CASES)('$route', async (routeCase) => {
    const token = caller.role && caller.unit ? await api.tokenFor(caller.role, caller.unit) : undefined;
    const allowed = routeCase.kind === 'read' ? caller.reads : caller.writes;
    const before = allowed ? undefined : JSON.stringify(await api.tableItems());
    const response = await routeCase.send(token);
    // Unreadable looks like missing: a commitment the caller may not read is a 404, never a 403.
    const expected = allowed ? routeCase.ok : !token ? 401 : routeCase.perObject && !caller.reads ? 404 : 403;
    expect(response.status, await response.clone().text()).toBe(expected);
    if (!allowed) {
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(JSON.stringify(await api.tableItems())).toBe(before);
    }
  });
});

describe('coverage listing', () => {
  it('shows a responsibility’s commitments only to those who may read them', async () => {
    for (const caller of CALLERS.filter((c) => c.role && c.unit)) {
      const token = await api.tokenFor(caller.role as Role, caller.unit as string);
      const response = await api.request('GET', '/responsibilities/ICS-WP-1/commitments?limit=100', {
        token,
      });
      const ids = ((await response.json()) as { items: Array<{ id: string }> }).items.map((c) => c.id);
      expect(ids.includes(commitmentId), caller.name).toBe(caller.reads);
    }
  });
});

/**
 * The assurance routes have their own rules: the assurer (the ICS's region) rates confidence beside
 * the owner, signs off (and only it), and acknowledges an escalated duty; evidence is uploaded by
 * the owner. Refusals change nothing; a caller who may not read the commitment gets 404.
 */
describe('assurance routes, by caller', () => {
  const PARENT = "editor of the ICS's region";
  const ASSURANCE: Array<{
    route: string;
    ok: number;
    allowed: string[];
    send(token?: string): Promise<Response>;
  }> = [
    {
      route: 'POST /commitments/{id}/confidence',
      ok: 200,
      allowed: ['editor of the owning ICS', PARENT],
      send: (t) =>
        api.request('POST', `/commitments/${commitmentId}/confidence`, {
          token: t,
          body: { rating: 'amber', reason: 'Checking' },
        }),
    },
    {
      route: 'POST /evidence',
      ok: 201,
      allowed: ['editor of the owning ICS'],
      send: (t) =>
        api.request('POST', '/evidence', {
          token: t,
          body: {
            commitmentId,
            fileName: 'a.pdf',
            contentType: 'application/pdf',
            size: 10,
            sha256: 'a'.repeat(64),
          },
        }),
    },
    {
      // Overdue since January: escalated past the region, so the owner, the region and national may acknowledge.
      route: 'POST /commitments/{id}/acknowledgements',
      ok: 201,
      allowed: ['editor of the owning ICS', PARENT, 'national editor'],
      send: (t) =>
        api.request('POST', `/commitments/${overdueId}/acknowledgements`, {
          token: t,
          body: { plan: 'On it' },
        }),
    },
    {
      route: 'POST /commitments/{id}/sign-off',
      ok: 200,
      allowed: [PARENT],
      send: (t) =>
        api.request('POST', `/commitments/${awaitingId}/sign-off`, {
          token: t,
          body: { decision: 'reject', note: 'Needs the minutes' },
        }),
    },
  ];
  let overdueId: string;
  let awaitingId: string;
  beforeAll(async () => {
    const make = async (body: Record<string, unknown>) =>
      (
        (await (await api.request('POST', '/commitments', { token: await owner(), body })).json()) as {
          id: string;
        }
      ).id;
    overdueId = await make(commitmentBody('ics', { dueDate: '2026-01-02' }));
    awaitingId = await make(commitmentBody('ics', { signOffRequired: true }));
  });
  // Each refusal first; then the allowed callers, whose changes are expected.
  describe.each(CALLERS)('$name', (caller) => {
    it.each(ASSURANCE)('$route', async (routeCase) => {
      const token = caller.role && caller.unit ? await api.tokenFor(caller.role, caller.unit) : undefined;
      if (routeCase.route.endsWith('/sign-off')) {
        // Something to decide each time: the owner asks again.
        const ask = await api.request('POST', `/commitments/${awaitingId}/actions`, {
          token: await owner(),
          body: {
            summary: 'Done',
            occurredAt: today,
            statusChange: { to: 'completed' },
            evidence: [{ url: 'https://example.nhs.uk/done' }],
          },
        });
        expect([201, 409]).toContain(ask.status);
      }
      const allowed = routeCase.allowed.includes(caller.name);
      const before = allowed ? undefined : JSON.stringify(await api.tableItems());
      const response = await routeCase.send(token);
      const expected = allowed ? routeCase.ok : !token ? 401 : !caller.reads ? 404 : 403;
      expect(response.status, await response.clone().text()).toBe(expected);
      if (!allowed) expect(JSON.stringify(await api.tableItems())).toBe(before);
    });
  });
});
