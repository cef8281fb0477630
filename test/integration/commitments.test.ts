import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitmentSchema, pageOf } from '../../functions/openapi/response.schemas';
import { ROUTES } from '../../functions/routes';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

let api: TestApi;
let london: string;
let devon: string;
let national: string;
let board: string;

type Commitment = ReturnType<typeof CommitmentSchema.parse>;
const Page = pageOf(CommitmentSchema);

async function create(token: string, body: Record<string, unknown>): Promise<Commitment> {
  const response = await api.request('POST', '/commitments', { token, body });
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return CommitmentSchema.parse(JSON.parse(text));
}

async function list(query: string, token = national) {
  const response = await api.get(`/commitments?${query}`, token);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return Page.parse(JSON.parse(text));
}

beforeAll(async () => {
  api = await startTestApi();
  london = await api.tokenFor('editor', 'region-london');
  devon = await api.tokenFor('editor', 'ics-devon');
  national = await api.tokenFor('editor', 'national');
  board = await api.tokenFor('board', 'national');
});
afterAll(async () => api.runtime.stop());

describe('POST /commitments', () => {
  it("creates a commitment for the caller's unit with an ETag and a Location", async () => {
    const response = await api.request('POST', '/commitments', {
      token: london,
      body: commitmentBody('region'),
    });
    expect(response.status).toBe(201);
    const commitment = CommitmentSchema.parse(await response.json());
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('location')).toBe(`/commitments/${commitment.id}`);
    expect(commitment).toMatchObject({
      ownerUnitId: 'region-london',
      tier: 'region',
      regionId: 'region-london',
      status: 'not_started',
      rag: 'green',
      version: 1,
      actionCount: 0,
      overdue: false,
      createdBy: 'user-editor-region-london',
    });
  });

  it('names every invalid field, rejects unknown fields, and writes nothing', async () => {
    const before = (await api.tableItems()).length;
    const body = await expectProblem(
      await api.request('POST', '/commitments', {
        token: london,
        body: { ...commitmentBody('region'), title: '', dueDate: '2026-02-30', isAdmin: true, version: 7 },
      }),
      400,
    );
    expect(body.errors?.map((e) => e.path).sort()).toEqual([
      'body.dueDate',
      'body.isAdmin',
      'body.title',
      'body.version',
    ]);
    expect((await api.tableItems()).length).toBe(before);
  });

  it('rejects responsibility ids outside the catalogue or the owner’s tier', async () => {
    const body = await expectProblem(
      await api.request('POST', '/commitments', {
        token: devon,
        body: commitmentBody('ics', { responsibilityIds: ['ICS-WP-1', 'ICS-WP-9', 'REG-WP-1'] }),
      }),
      400,
    );
    expect(body.errors).toEqual([
      { path: 'body.responsibilityIds.1', message: 'ICS-WP-9 is not in catalogue v1' },
      {
        path: 'body.responsibilityIds.2',
        message: 'REG-WP-1 is a region responsibility; Devon commits to ICS responsibilities',
      },
    ]);
  });

  it('refuses malformed JSON, a non-JSON body and an oversized body', async () => {
    const malformed = await expectProblem(
      await api.request('POST', '/commitments', { token: london, body: '{"title": ' }),
      400,
    );
    expect(malformed.errors?.[0]?.path).toBe('body');
    await expectProblem(
      await api.request('POST', '/commitments', {
        token: london,
        body: 'title=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
    );
    await expectProblem(
      await api.request('POST', '/commitments', {
        token: london,
        body: commitmentBody('region', { description: 'x'.repeat(20_000) }),
      }),
      413,
    );
  });

  it('forbids writing for another unit, and read-only roles, with 403 and no write', async () => {
    const before = (await api.tableItems()).length;
    await expectProblem(
      await api.request('POST', '/commitments', {
        token: london,
        body: commitmentBody('ics', { ownerUnitId: 'ics-north-central-london' }),
      }),
      403,
    );
    await expectProblem(
      await api.request('POST', '/commitments', { token: board, body: commitmentBody('national') }),
      403,
    );
    expect((await api.tableItems()).length).toBe(before);
  });
});

describe('GET /commitments', () => {
  let overdueLondon: Commitment;
  let ncl: Commitment;
  beforeAll(async () => {
    const nclEditor = await api.tokenFor('editor', 'ics-north-central-london');
    overdueLondon = await create(
      london,
      commitmentBody('region', { dueDate: '2024-01-15', status: 'at_risk', title: 'Late' }),
    );
    ncl = await create(
      nclEditor,
      commitmentBody('ics', { dueDate: '2030-06-30', responsibilityIds: ['ICS-PGMDE-2'] }),
    );
    await create(devon, commitmentBody('ics', { dueDate: '2025-05-01' }));
    await create(national, commitmentBody('national', { dueDate: '2027-01-01' }));
  });

  it('lists a region with its ICSs, sorted by due date', async () => {
    const page = await list('region=region-london&limit=100');
    expect(page.items.map((c) => c.ownerUnitId)).toContain('ics-north-central-london');
    expect(page.items.every((c) => c.regionId === 'region-london')).toBe(true);
    const dues = page.items.map((c) => c.dueDate);
    expect(dues).toEqual([...dues].sort());
  });

  it('filters by owner unit, responsibility, status, overdue and due dates', async () => {
    expect((await list('unit=ics-north-central-london')).items.map((c) => c.id)).toEqual([ncl.id]);
    expect((await list('responsibility=ICS-PGMDE-2')).items.map((c) => c.id)).toEqual([ncl.id]);
    const overdue = await list('overdue=true&limit=100');
    expect(overdue.items.every((c) => c.overdue)).toBe(true);
    expect(overdue.items.map((c) => c.id)).toContain(overdueLondon.id);
    expect((await list('overdue=false&limit=100')).items.some((c) => c.overdue)).toBe(false);
    expect((await list('status=at_risk,off_track&limit=100')).items.map((c) => c.id)).toEqual([
      overdueLondon.id,
    ]);
    const window = await list('dueAfter=2025-01-01&dueBefore=2027-01-01&limit=100');
    expect(window.items.map((c) => c.dueDate)).toEqual(['2025-05-01', '2027-01-01']);
  });

  it('filters by RAG and by the person accountable', async () => {
    const red = await create(
      london,
      commitmentBody('region', { rag: 'red', accountableUserId: 'tom.reid', title: 'Red, Tom' }),
    );
    const reds = await list('rag=red&limit=100');
    expect(reds.items.map((c) => c.id)).toContain(red.id);
    expect(reds.items.every((c) => c.rag === 'red')).toBe(true);
    expect((await list('rag=amber,green&limit=100')).items.map((c) => c.id)).not.toContain(red.id);
    expect((await list('accountable=tom.reid&limit=100')).items.map((c) => c.id)).toEqual([red.id]);
    const bad = await expectProblem(await api.get('/commitments?rag=purple', national), 400);
    expect(bad.errors?.[0]?.path).toMatch(/^query\.rag/);
    // The CSV export takes the same filters.
    const csv = await (await api.get('/commitments/export?accountable=tom.reid', national)).text();
    expect(csv).toContain('Red, Tom');
    expect(csv.trim().split('\n')).toHaveLength(2);
  });

  it('pages across every region for national readers without skipping or repeating', async () => {
    const all = await list('limit=100');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await list(`limit=2${suffix}`);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((c) => c.id));
    expect(new Set(seen).size).toBe(seen.length);
    // The merged cursor is as tamper-proof as any other, and bound to its caller.
    const first = await list('limit=2');
    const issued = first.nextCursor ?? '';
    // Change the payload's first character (every bit of it counts; a signature's last one may not).
    const tampered = `${issued.startsWith('A') ? 'B' : 'A'}${issued.slice(1)}`;
    await expectProblem(await api.get(`/commitments?limit=2&cursor=${tampered}`, national), 400);
    await expectProblem(await api.get(`/commitments?limit=2&cursor=${first.nextCursor}`, board), 400);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });

  it("scopes an ICS editor to its own unit and forbids another region's", async () => {
    const page = await list('limit=100', devon);
    expect(page.items.every((c) => c.ownerUnitId === 'ics-devon')).toBe(true);
    await expectProblem(await api.get('/commitments?region=region-london', devon), 403);
    await expectProblem(await api.get('/commitments?unit=region-london&region=region-london', national), 400);
    await expectProblem(
      await api.get('/commitments?dueAfter=2030-01-01&dueBefore=2020-01-01', national),
      400,
    );
  });

  it('answers overdue with dueAfter in the future with an empty page, not an error', async () => {
    expect((await list('overdue=true&dueAfter=2090-01-01')).items).toEqual([]);
  });
});

describe('GET /responsibilities/{id}/commitments', () => {
  it('shows who covers a responsibility, within what the caller may see', async () => {
    const mine = await create(devon, commitmentBody('ics', { responsibilityIds: ['ICS-EQ-1'] }));
    const other = await create(
      await api.tokenFor('editor', 'ics-greater-manchester'),
      commitmentBody('ics', { responsibilityIds: ['ICS-EQ-1'] }),
    );
    const all = Page.parse(await (await api.get('/responsibilities/ICS-EQ-1/commitments', board)).json());
    expect(all.items.map((c) => c.id).sort()).toEqual([mine.id, other.id].sort());
    const devonView = Page.parse(
      await (await api.get('/responsibilities/ICS-EQ-1/commitments', devon)).json(),
    );
    expect(devonView.items.map((c) => c.id)).toEqual([mine.id]);
    await expectProblem(await api.get('/responsibilities/ICS-EQ-9/commitments', board), 404);
  });
});

describe('PATCH /commitments/{id}', () => {
  it('needs If-Match (428), refuses a stale one (412) and bumps the ETag', async () => {
    const c = await create(london, commitmentBody('region'));
    const path = `/commitments/${c.id}`;
    await expectProblem(await api.request('PATCH', path, { token: london, body: { rag: 'amber' } }), 428);
    const first = await api.request('PATCH', path, {
      token: london,
      body: { rag: 'amber', title: 'Reworded' },
      headers: { 'if-match': '"1"' },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    expect(CommitmentSchema.parse(await first.json())).toMatchObject({
      rag: 'amber',
      title: 'Reworded',
      version: 2,
    });
    const stale = await expectProblem(
      await api.request('PATCH', path, {
        token: london,
        body: { rag: 'red' },
        headers: { 'if-match': '"1"' },
      }),
      412,
    );
    expect(stale).toMatchObject({ currentVersion: 2 });
    await expectProblem(
      await api.request('PATCH', path, { token: london, body: {}, headers: { 'if-match': '"2"' } }),
      400,
    );
  });

  it('follows the status rules: reopening a completed commitment needs a reason', async () => {
    const c = await create(london, commitmentBody('region'));
    const patch = (version: number, body: Record<string, unknown>) =>
      api.request('PATCH', `/commitments/${c.id}`, {
        token: london,
        body,
        headers: { 'if-match': `"${version}"` },
      });
    const done = CommitmentSchema.parse(await (await patch(1, { status: 'completed' })).json());
    expect(done.completedAt).toBeDefined();
    expect(done.overdue).toBe(false);
    await expectProblem(await patch(2, { status: 'cancelled' }), 409);
    const noReason = await expectProblem(await patch(2, { status: 'on_track' }), 400);
    expect(noReason.errors?.[0]?.path).toBe('body.reason');
    const reopened = CommitmentSchema.parse(
      await (await patch(2, { status: 'on_track', reason: 'Scope grew' })).json(),
    );
    expect(reopened).toMatchObject({ status: 'on_track', statusReason: 'Scope grew', version: 3 });
    expect(reopened.completedAt).toBeUndefined();
    await expectProblem(await patch(3, { status: 'not_started' }), 409);
  });

  it("forbids another unit's editor (403) and leaves the commitment as it was", async () => {
    const c = await create(london, commitmentBody('region'));
    await expectProblem(
      await api.request('PATCH', `/commitments/${c.id}`, {
        token: national,
        body: { rag: 'red' },
        headers: { 'if-match': '"1"' },
      }),
      403,
    );
    const after = CommitmentSchema.parse(await (await api.get(`/commitments/${c.id}`, london)).json());
    expect(after).toMatchObject({ rag: 'green', version: 1 });
  });
});

describe('GET /asyncapi.json', () => {
  it('serves the AsyncAPI document of the events, with no token', async () => {
    const response = await api.request('GET', '/asyncapi.json');
    expect(response.status).toBe(200);
    const served = await response.json();
    expect(served).toEqual(
      JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/asyncapi.json'), 'utf8')),
    );
  });
});

describe('GET /openapi.json', () => {
  it('documents every route in the manifest', async () => {
    const doc = (await (await api.get('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const operationIds = Object.values(doc.paths).flatMap((methods) =>
      Object.values(methods).map((m) => m.operationId),
    );
    expect(operationIds.sort()).toEqual(
      ROUTES.filter((r) => r.routeKey !== '$default')
        .map((r) => r.id)
        .sort(),
    );
    const create = doc.paths['/commitments'] as unknown as {
      post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } };
    };
    expect(create.post.requestBody.content['application/json']?.schema.$ref).toBe(
      '#/components/schemas/CreateCommitmentRequest',
    );
    const components = (doc as unknown as { components: { schemas: Record<string, { required: string[] }> } })
      .components;
    expect(components.schemas.CreateCommitmentRequest?.required).toEqual(
      expect.arrayContaining(['accountableRole', 'title', 'responsibilityIds', 'dueDate']),
    );
    // The deployment's own URL is the server.
    expect((doc as unknown as { servers: Array<{ url: string }> }).servers[0]?.url).toBe(api.runtime.url);
  });
});
