import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionSchema,
  AuditSchema,
  CommitmentSchema,
  pageOf,
} from '../../functions/openapi/response.schemas';
import { actionKey } from '../../shared/commitments/commitment.keys';
import { documentClient } from '../../shared/db/client';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

let api: TestApi;
let london: string;
let national: string;

type Action = ReturnType<typeof ActionSchema.parse>;

async function newCommitment(token = london) {
  const response = await api.request('POST', '/commitments', { token, body: commitmentBody('region') });
  expect(response.status).toBe(201);
  return CommitmentSchema.parse(await response.json());
}

async function logAction(
  commitmentId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return api.request('POST', `/commitments/${commitmentId}/actions`, { token: london, body, headers });
}

async function logged(commitmentId: string, body: Record<string, unknown>): Promise<Action> {
  const response = await logAction(commitmentId, body);
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return ActionSchema.parse(JSON.parse(text));
}

const audit = async (id: string) =>
  AuditSchema.parse(await (await api.get(`/commitments/${id}/audit`, london)).json());
const step = (n: number) => ({ summary: `Step ${n}`, occurredAt: '2026-11-01T10:00:00Z' });

beforeAll(async () => {
  api = await startTestApi();
  london = await api.tokenFor('editor', 'region-london');
  national = await api.tokenFor('editor', 'national');
});
afterAll(async () => api.runtime.stop());

describe('POST /commitments/{id}/actions', () => {
  it('chains each action to the previous one and advances the commitment', async () => {
    const c = await newCommitment();
    const first = await logged(c.id, {
      ...step(1),
      evidence: [{ url: 'https://example.org/minutes', label: 'Minutes' }],
    });
    const second = await logged(c.id, { ...step(2), progress: 40, statusChange: { to: 'at_risk' } });
    expect(first).toMatchObject({ seq: 1, prevHash: '0'.repeat(64), unitId: 'region-london' });
    expect(second).toMatchObject({
      seq: 2,
      prevHash: first.hash,
      statusChange: { from: 'not_started', to: 'at_risk' },
    });
    const after = CommitmentSchema.parse(await (await api.get(`/commitments/${c.id}`, london)).json());
    expect(after).toMatchObject({
      actionCount: 2,
      lastActionHash: second.hash,
      status: 'at_risk',
      progress: 40,
      version: 3,
    });
    expect(await audit(c.id)).toMatchObject({ valid: true, actionCount: 2, firstBrokenLink: null });
  });

  it('records a correction as a new action pointing at the corrected one', async () => {
    const c = await newCommitment();
    const wrong = await logged(c.id, step(1));
    const fix = await logged(c.id, {
      ...step(2),
      summary: 'Correction: the workshop was on 2 November',
      corrects: wrong.id,
    });
    expect(fix.corrects).toBe(wrong.id);
    const missing = await expectProblem(
      await logAction(c.id, { ...step(3), corrects: 'act-1-ffffffffff' }),
      400,
    );
    expect(missing.errors?.[0]?.path).toBe('body.corrects');
    await expectProblem(await logAction(c.id, { ...step(3), corrects: 'act-9-aaaaaaaaaa' }), 400);
  });

  it('refuses an action dated in the future and an invalid status change, writing nothing', async () => {
    const c = await newCommitment();
    await logged(c.id, { ...step(1), statusChange: { to: 'on_track' } });
    const before = (await api.tableItems()).length;
    const future = await expectProblem(
      await logAction(c.id, { summary: 'x', occurredAt: '2099-01-01' }),
      400,
    );
    expect(future.errors?.[0]?.path).toBe('body.occurredAt');
    await expectProblem(await logAction(c.id, { ...step(1), statusChange: { to: 'not_started' } }), 409);
    expect((await api.tableItems()).length).toBe(before);
  });

  it("forbids logging against another unit's commitment", async () => {
    const c = await newCommitment();
    await expectProblem(
      await api.request('POST', `/commitments/${c.id}/actions`, { token: national, body: step(1) }),
      403,
    );
    await expectProblem(await logAction('cmt-does-not-exist', step(1)), 404);
  });

  it('has no way to change or remove an action', async () => {
    const c = await newCommitment();
    const action = await logged(c.id, step(1));
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const response = await api.request(method, `/commitments/${c.id}/actions/${action.id}`, {
        token: london,
        body: {},
      });
      expect([404, 405]).toContain(response.status);
    }
    await expectProblem(await api.request('DELETE', `/commitments/${c.id}/actions`, { token: london }), 405);
  });
});

describe('reading actions', () => {
  it('lists a commitment’s actions newest first across pages', async () => {
    const c = await newCommitment();
    for (let n = 1; n <= 5; n++) await logged(c.id, step(n));
    const Page = pageOf(ActionSchema);
    const seqs: number[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = Page.parse(
        await (await api.get(`/commitments/${c.id}/actions?limit=2${suffix}`, london)).json(),
      );
      seqs.push(...page.items.map((a) => a.seq));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seqs).toEqual([5, 4, 3, 2, 1]);
  });

  it('lists what a unit logged in a period, and only for units the caller may read', async () => {
    const c = await newCommitment();
    const action = await logged(c.id, step(1));
    const today = new Date().toISOString().slice(0, 10);
    const page = pageOf(ActionSchema).parse(
      await (await api.get(`/actions?unit=region-london&from=${today}&to=${today}&limit=100`, london)).json(),
    );
    expect(page.items.map((a) => a.id)).toContain(action.id);
    const before = pageOf(ActionSchema).parse(
      await (await api.get('/actions?unit=region-london&from=2020-01-01&to=2020-12-31', london)).json(),
    );
    expect(before.items).toEqual([]);
    const devon = await api.tokenFor('reader', 'ics-devon');
    await expectProblem(await api.get(`/actions?unit=region-london&from=${today}&to=${today}`, devon), 403);
    await expectProblem(
      await api.get('/actions?unit=region-london&from=2026-02-01&to=2026-01-01', london),
      400,
    );
  });
});

describe('GET /commitments/{id}/audit', () => {
  it('reports the first broken link when an action is altered in the table', async () => {
    const c = await newCommitment();
    for (let n = 1; n <= 4; n++) await logged(c.id, step(n));
    await documentClient.send(
      new UpdateCommand({
        TableName: api.runtime.tableName,
        Key: actionKey(c.id, 3),
        UpdateExpression: 'SET summary = :s',
        ExpressionAttributeValues: { ':s': 'Something else entirely' },
      }),
    );
    const verdict = await audit(c.id);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstBrokenLink).toMatchObject({
      seq: 3,
      reason: 'the action content does not match its hash',
    });
  });
});

describe('concurrency', () => {
  it('writes exactly one action for 50 concurrent identical POSTs with one Idempotency-Key', async () => {
    const c = await newCommitment();
    const body = { ...step(1), summary: 'Submitted the regional plan' };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => logAction(c.id, body, { 'idempotency-key': 'submit-plan-2026' })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = await Promise.all(
      responses.filter((r) => r.status === 201).map(async (r) => ActionSchema.parse(await r.json())),
    );
    expect(new Set(created.map((a) => a.id)).size).toBe(1);
    const page = pageOf(ActionSchema).parse(
      await (await api.get(`/commitments/${c.id}/actions?limit=100`, london)).json(),
    );
    expect(page.items).toHaveLength(1);

    // A later retry gets the first response again; another body under the same key is a 422.
    const replay = await logAction(c.id, body, { 'idempotency-key': 'submit-plan-2026' });
    expect(replay.status).toBe(201);
    expect(ActionSchema.parse(await replay.json()).id).toBe(created[0]?.id);
    await expectProblem(
      await logAction(c.id, { ...body, summary: 'Other' }, { 'idempotency-key': 'submit-plan-2026' }),
      422,
    );
  });

  it('scopes Idempotency-Key to the caller and to the commitment', async () => {
    const c = await newCommitment();
    const other = await newCommitment();
    const colleague = await api.tokenFor('editor', 'region-london', 'another-london-editor');
    const headers = { 'idempotency-key': 'same-key' };
    expect((await logAction(c.id, step(1), headers)).status).toBe(201);
    expect((await logAction(other.id, step(1), headers)).status).toBe(201);
    const fromColleague = await api.request('POST', `/commitments/${c.id}/actions`, {
      token: colleague,
      body: step(1),
      headers,
    });
    expect(fromColleague.status).toBe(201);
    expect((await audit(c.id)).actionCount).toBe(2);
  });

  it('chains 15 concurrent different actions into one unforked chain', async () => {
    const c = await newCommitment();
    const responses = await Promise.all(Array.from({ length: 15 }, (_, n) => logAction(c.id, step(n))));
    expect(responses.map((r) => r.status)).toEqual(Array(15).fill(201));
    expect(await audit(c.id)).toMatchObject({ valid: true, actionCount: 15 });
  });

  it('lets exactly one of 20 concurrent PATCHes with the same ETag win', async () => {
    const c = await newCommitment();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        api.request('PATCH', `/commitments/${c.id}`, {
          token: london,
          body: { title: `Title ${n}` },
          headers: { 'if-match': '"1"' },
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    const after = CommitmentSchema.parse(await (await api.get(`/commitments/${c.id}`, london)).json());
    expect(after.version).toBe(2);
  });

  it('creates one commitment for concurrent identical POST /commitments with one key', async () => {
    const before = (await api.tableItems()).length;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.request('POST', '/commitments', {
          token: london,
          body: commitmentBody('region', { title: 'Once only' }),
          headers: { 'idempotency-key': 'create-once' },
        }),
      ),
    );
    expect(responses.some((r) => r.status === 201)).toBe(true);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const items = await api.tableItems();
    // One commitment, its first version and its one responsibility link (idempotency records have a
    // table of their own).
    expect(items.filter((i) => i.type === 'Commitment' && i.title === 'Once only')).toHaveLength(1);
    expect(items.length).toBe(before + 3);
  });
});
