import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BusEvent } from '../../local/event-bus';
import type { Identity } from '../../shared/auth/identity';
import { CommitmentsService } from '../../shared/commitments/commitments.service';
import { parseCsv } from '../../shared/csv/csv';
import type { Summary } from '../../shared/summaries/summary.model';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

/**
 * A realistic October 2026 for London and national, written through the commitments service with a
 * controlled clock (completion and action times must fall in the period), then summarised.
 */
let api: TestApi;
let ids: Record<string, string>;
const summaryEvents: BusEvent[] = [];

const who = (unitId: string): Identity => ({
  userId: `u-${unitId}`,
  role: 'editor',
  unitId,
  correlationId: 'seed',
});
const at = (iso: string) => new CommitmentsService(api.runtime.tableName, () => new Date(iso));

beforeAll(async () => {
  api = await startTestApi();
  api.runtime.bus.subscribe({ 'detail-type': ['Accountability Summary Generated'] }, (e) =>
    summaryEvents.push(e),
  );
  const london = who('region-london');
  const ncl = who('ics-north-central-london');
  const national = who('national');
  const create = (
    identity: Identity,
    tier: 'region' | 'ics' | 'national',
    overrides: Record<string, unknown>,
  ) =>
    at('2026-06-01T09:00:00Z').create(identity, {
      ...commitmentBody(tier, overrides),
      description: '',
      tags: ['P-INTEGRATION'],
      status: 'on_track',
      rag: 'green',
      ...overrides,
    } as Parameters<CommitmentsService['create']>[1]);
  const A = await create(london, 'region', {
    title: 'A',
    responsibilityIds: ['REG-WP-1'],
    dueDate: '2026-10-10',
  });
  const B = await create(london, 'region', {
    title: 'B',
    responsibilityIds: ['REG-WP-2'],
    dueDate: '2026-08-15',
    status: 'at_risk',
    rag: 'amber',
  });
  const C = await create(london, 'region', {
    title: 'C',
    responsibilityIds: ['REG-SR-1'],
    dueDate: '2026-11-10',
  });
  const D = await create(london, 'region', {
    title: 'D',
    responsibilityIds: ['REG-PGMDE-1'],
    dueDate: '2026-12-31',
  });
  const E = await create(ncl, 'ics', {
    title: 'E',
    responsibilityIds: ['ICS-WP-1'],
    dueDate: '2026-10-31',
    status: 'off_track',
    rag: 'red',
  });
  const F = await create(national, 'national', {
    title: 'F',
    responsibilityIds: ['NAT-WP-1'],
    dueDate: '2026-09-01',
    tags: ['P-SUBSIDIARITY'],
  });
  await at('2026-10-20T10:00:00Z').patch(london, D.id, 1, { status: 'completed' });
  const log = (iso: string, identity: Identity, id: string) =>
    at(iso).logAction(identity, id, { summary: 'work', occurredAt: iso.slice(0, 10), evidence: [] });
  await log('2026-10-05T10:00:00Z', london, A.id);
  await log('2026-10-21T10:00:00Z', london, A.id);
  await log('2026-10-22T10:00:00Z', ncl, E.id);
  await log('2026-10-23T10:00:00Z', national, F.id);
  await log('2026-09-05T10:00:00Z', london, B.id);
  ids = { A: A.id, B: B.id, C: C.id, D: D.id, E: E.id, F: F.id };
});
afterAll(async () => api.runtime.stop());

async function generate(token: string, body: Record<string, unknown>) {
  return api.request('POST', '/reports', { token, body });
}
async function summaryJson(token: string, id: string): Promise<Summary> {
  const response = await api.get(`/reports/${id}?format=json`, token);
  expect(response.status).toBe(200);
  return (await response.json()) as Summary;
}

describe('digest', () => {
  it('computes the regional digest’s figures exactly', async () => {
    const token = await api.tokenFor('editor', 'region-london');
    const response = await generate(token, { kind: 'digest', scope: 'region-london', period: '2026-10' });
    expect(response.status).toBe(201);
    const record = (await response.json()) as { id: string };
    expect(record.id).toBe('sum-digest-region-london-2026-10-final');
    const s = await summaryJson(token, record.id);
    expect(s.totals).toEqual({
      commitments: 5,
      open: 4,
      overdue: 2,
      newlyOverdue: 1,
      escalated: 1,
      dueSoon: 1,
      completed: 1,
      atRisk: 1,
      offTrack: 1,
      actionsLogged: 3,
      coverageGaps: 24,
      notMeasurable: 4,
      awaitingSignOff: 0,
    });
    expect(s.newlyOverdue.map((r) => [r.commitmentId, r.daysOverdue])).toEqual([[ids.A, 21]]);
    // A, a region's duty overdue from Sunday 11 October, unacknowledged: national holds it from
    // Friday 16 October (5 working days).
    expect(s.escalated.map((r) => [r.commitmentId, r.escalationLevel, r.heldBy, r.acknowledged])).toEqual([
      [ids.A, 1, 'national', false],
    ]);
    expect(s.dueSoon.map((r) => r.commitmentId)).toEqual([ids.C]);
    expect(s.completed.map((r) => r.commitmentId)).toEqual([ids.D]);
    expect(s.actionsByUnit).toEqual([
      { unitId: 'region-london', unitName: 'London', count: 2 },
      { unitId: 'ics-north-central-london', unitName: 'North Central London', count: 1 },
    ]);
    expect(s.coverageGaps.some((g) => g.responsibilityId === 'REG-WP-1')).toBe(false);
    expect(s.narrative[0]).toContain('4 open commitments, of which 2 overdue; 3 actions logged');
  });

  it('computes the national digest: national duties have no tier above them to escalate to', async () => {
    const token = await api.tokenFor('editor', 'national');
    const response = await generate(token, { kind: 'digest', scope: 'national', period: '2026-10' });
    const s = await summaryJson(token, ((await response.json()) as { id: string }).id);
    expect(s.totals).toMatchObject({
      commitments: 6,
      open: 5,
      overdue: 3,
      escalated: 1,
      actionsLogged: 4,
      coverageGaps: 41,
    });
    expect(s.escalated.map((r) => [r.commitmentId, r.escalationLevel])).toEqual([[ids.A, 1]]);
  });

  it('is generated once: a repeat returns the same id, writes nothing and announces nothing', async () => {
    const token = await api.tokenFor('editor', 'region-london');
    const again = await generate(token, { kind: 'digest', scope: 'region-london', period: '2026-10' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe('sum-digest-region-london-2026-10-final');
    await api.runtime.settled();
    const announced = summaryEvents.map((e) => (e.detail as { data: { summaryId: string } }).data.summaryId);
    expect(announced.filter((id) => id === 'sum-digest-region-london-2026-10-final')).toHaveLength(1);
  });

  it('says what changed since the previous digest', async () => {
    const token = await api.tokenFor('editor', 'region-london');
    const response = await generate(token, { kind: 'digest', scope: 'region-london', period: '2026-11' });
    const s = await summaryJson(token, ((await response.json()) as { id: string }).id);
    expect(s.changes?.previousPeriod).toBe('2026-10');
    expect(s.changes?.deltas.find((d) => d.metric === 'actionsLogged')).toEqual({
      metric: 'actionsLogged',
      previous: 3,
      current: 0,
    });
  });
});

describe('governance report', () => {
  it('has RAG by tier, the overdue trend, the top overdue items and the coverage matrix', async () => {
    const token = await api.tokenFor('editor', 'national');
    const response = await generate(token, { kind: 'report', scope: 'national', period: '2026-10' });
    const s = await summaryJson(token, ((await response.json()) as { id: string }).id);
    expect(s.report?.ragByTier).toEqual({
      national: { red: 0, amber: 0, green: 1 },
      region: { red: 0, amber: 1, green: 2 },
      ics: { red: 1, amber: 0, green: 0 },
    });
    expect(s.report?.overdueTrend.map((p) => p.overdue)).toEqual([0, 0, 0, 1, 2, 3]);
    expect(s.report?.topOverdue.map((r) => [r.commitmentId, r.daysOverdue])).toEqual([
      [ids.B, 77],
      [ids.F, 60],
      [ids.A, 21],
    ]);
    const london = s.report?.coverageMatrix.columns.indexOf('region-london') ?? -1;
    expect(s.report?.coverageMatrix.rows.find((r) => r.responsibilityId === 'ICS-WP-1')?.counts[london]).toBe(
      1,
    );
    expect(s.report?.byPrinciple.find((p) => p.principle === 'Subsidiarity')?.open).toBe(1);
  });

  it('serves HTML with inline SVG charts, CSV, Markdown, by ?format= or Accept', async () => {
    const token = await api.tokenFor('board', 'national');
    const html = await api.request('GET', '/reports/sum-report-national-2026-10-final', {
      token,
      headers: { accept: 'text/html' },
    });
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = await html.text();
    expect(page).toContain('<svg id="chart-rag-by-tier"');
    expect(page).toContain('<svg id="chart-overdue-trend"');
    expect(page).toContain('@media print');
    expect(page).toMatch(/data-metric="overdue">3</);
    const csv = await (await api.get('/reports/sum-report-national-2026-10-final?format=csv', token)).text();
    // One table: every row has the header's columns, key and value where a row is a figure.
    const records = [];
    for await (const r of parseCsv([csv])) records.push(r.fields);
    const [header, ...rows] = records;
    expect(header?.slice(0, 4)).toEqual(['section', 'key', 'value', 'title']);
    expect(rows.every((r) => r.length === header?.length)).toBe(true);
    expect(rows).toContainEqual(['totals', 'overdue', '3', ...Array((header?.length ?? 3) - 3).fill('')]);
    expect(rows.find((r) => r[0] === 'document' && r[1] === 'status')?.[2]).toBe('FINAL');
    const md = await (await api.get('/reports/sum-report-national-2026-10-final?format=md', token)).text();
    expect(md).toContain('# Governance report: National (all regions), 2026-10');
  });
});

describe('access to summaries', () => {
  it('lists only what the caller may read and refuses the rest', async () => {
    const londonToken = await api.tokenFor('reader', 'region-london');
    const list = (await (await api.get('/reports?limit=100', londonToken)).json()) as {
      items: Array<{ scope: string }>;
    };
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((r) => r.scope === 'region-london')).toBe(true);
    // A summary of a scope the caller may not read is answered as missing.
    await expectProblem(await api.get('/reports/sum-digest-national-2026-10-final', londonToken), 404);
    const ics = await api.tokenFor('editor', 'ics-north-central-london');
    await expectProblem(await api.get('/reports/sum-digest-region-london-2026-10-final', ics), 404);
    await expectProblem(
      await generate(await api.tokenFor('editor', 'region-london'), {
        kind: 'digest',
        scope: 'national',
        period: '2026-10',
      }),
      403,
    );
    await expectProblem(
      await generate(londonToken, { kind: 'digest', scope: 'region-london', period: '2026-10' }),
      403,
    );
    const bad = await expectProblem(
      await generate(await api.tokenFor('editor', 'national'), {
        kind: 'digest',
        scope: 'national',
        period: '2026-13',
      }),
      400,
    );
    expect(bad.errors?.[0]?.path).toBe('body.period');
  });
});

describe('subscriptions and e-mail', () => {
  const outbox = () => (existsSync(api.runtime.outboxDir) ? readdirSync(api.runtime.outboxDir) : []);
  const mails = () => outbox().map((f) => readFileSync(join(api.runtime.outboxDir, f), 'utf8'));
  /** Follows the confirmation link mailed to an address, as its owner would. */
  const confirm = async (email: string) => {
    const mail = mails().find((m) => m.includes(`To: ${email}`) && m.includes('/confirm?token='));
    const link = /(\/subscriptions\/[^/\s]+\/confirm\?token=[\w-]+)/.exec(mail ?? '')?.[1];
    if (!link) throw new Error(`no confirmation mail to ${email}`);
    // Opening the link (as a mail scanner would) changes nothing; the page's button confirms.
    const page = await api.get(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    const done = await api.request('POST', link);
    expect(await done.text()).toContain('Subscription confirmed');
  };

  it('e-mails a generated summary once to each subscriber, and never twice', async () => {
    const reader = await api.tokenFor('reader', 'region-london', 'london-reader');
    const board = await api.tokenFor('board', 'national', 'board-chair');
    const first = await api.request('POST', '/subscriptions', {
      token: reader,
      body: { email: 'london@london.nhs.uk', scope: 'region-london', kind: 'digest' },
    });
    expect(first.status).toBe(201);
    const again = await api.request('POST', '/subscriptions', {
      token: reader,
      body: { email: 'london@london.nhs.uk', scope: 'region-london', kind: 'digest' },
    });
    expect(again.status).toBe(200);
    expect(
      (
        await api.request('POST', '/subscriptions', {
          token: board,
          body: { email: 'chair@nhs.net', scope: 'region-london' },
        })
      ).status,
    ).toBe(201);
    await expectProblem(
      await api.request('POST', '/subscriptions', {
        token: reader,
        body: { email: 'x@nhs.net', scope: 'national' },
      }),
      403,
    );
    await expectProblem(
      await api.request('POST', '/subscriptions', {
        token: reader,
        body: { email: 'not-an-address', scope: 'region-london' },
      }),
      400,
    );
    // A personal address is refused; an allowed one is pending until its owner confirms it.
    const webmail = await expectProblem(
      await api.request('POST', '/subscriptions', {
        token: reader,
        body: { email: 'someone@gmail.com', scope: 'region-london' },
      }),
      400,
    );
    expect(webmail.errors?.[0]?.path).toBe('body.email');
    expect(((await first.json()) as { status: string }).status).toBe('pending');
    const unconfirmed = await api.request('POST', '/subscriptions', {
      token: reader,
      body: { email: 'never-confirms@nhs.net', scope: 'region-london', kind: 'digest' },
    });
    expect(unconfirmed.status).toBe(201);
    await confirm('london@london.nhs.uk');
    await confirm('chair@nhs.net');
    const scanned = /(\/subscriptions\/[^/\s]+\/confirm\?token=[\w-]+)/.exec(
      mails().find((m) => m.includes('To: never-confirms@nhs.net')) ?? '',
    )?.[1];
    expect((await api.get(scanned as string)).status).toBe(200);

    const before = outbox().length;
    const editor = await api.tokenFor('editor', 'region-london');
    expect(
      (await generate(editor, { kind: 'digest', scope: 'region-london', period: '2026-W44' })).status,
    ).toBe(201);
    await api.runtime.settled();
    const sent = mails().slice(before);
    expect(outbox().length - before).toBe(2);
    expect(sent.some((m) => m.includes('To: london@london.nhs.uk'))).toBe(true);
    expect(sent.some((m) => m.includes('To: chair@nhs.net'))).toBe(true);
    expect(sent.some((m) => m.includes('never-confirms@nhs.net'))).toBe(false);
    expect(sent[0]).toContain('Subject: Accountability digest: region-london, 2026-W44');
    expect(sent[0]).toContain('Content-Type: text/html');
    expect(sent[0]).toMatch(
      /^List-Unsubscribe: <http:\/\/localhost:\d+\/subscriptions\/sub-[^>]+\/unsubscribe\?token=[\w-]+>\r$/m,
    );
    expect(sent[0]).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    // Generating it again, or the event being delivered again, sends nothing more.
    expect(
      (await generate(editor, { kind: 'digest', scope: 'region-london', period: '2026-W44' })).status,
    ).toBe(200);
    const event = summaryEvents.find(
      (e) =>
        (e.detail as { data: { summaryId: string } }).data.summaryId ===
        'sum-digest-region-london-2026-W44-final',
    );
    await api.runtime.bus.dispatch(event as BusEvent);
    await api.runtime.settled();
    expect(outbox().length - before).toBe(2);
  });

  it('unsubscribes in one click from the link in every mail, and refuses a wrong token as missing', async () => {
    const sent = mails().find((m) => m.includes('To: chair@nhs.net') && m.includes('List-Unsubscribe: <'));
    const url = /^List-Unsubscribe: <([^>]+)>/m.exec(sent ?? '')?.[1] as string;
    const path = new URL(url).pathname;
    await expectProblem(await api.request('POST', `${path}?token=${'x'.repeat(32)}`), 404);
    const done = await api.request('POST', `${path}${new URL(url).search}`);
    expect(done.status).toBe(200);
    const chair = await api.tokenFor('board', 'national', 'board-chair');
    const left = (await (await api.get('/subscriptions', chair)).json()) as { items: unknown[] };
    expect(left.items).toEqual([]);
  });

  it('lists and removes only the caller’s own subscriptions', async () => {
    const reader = await api.tokenFor('reader', 'region-london', 'london-reader');
    const mine = (await (await api.get('/subscriptions', reader)).json()) as {
      items: Array<{ id: string; email: string }>;
    };
    expect(mine.items.map((s) => s.email).sort()).toEqual(['london@london.nhs.uk', 'never-confirms@nhs.net']);
    const id = mine.items.find((s) => s.email === 'london@london.nhs.uk')?.id as string;
    await expectProblem(
      await api.request('DELETE', `/subscriptions/${id}`, {
        token: await api.tokenFor('board', 'national', 'board-chair'),
      }),
      403,
    );
    expect((await api.request('DELETE', `/subscriptions/${id}`, { token: reader })).status).toBe(204);
    await expectProblem(await api.request('DELETE', `/subscriptions/${id}`, { token: reader }), 404);
  });
});

describe('asynchronous generation (Prefer: respond-async)', () => {
  const ask = (token: string, body: Record<string, unknown>) =>
    api.request('POST', '/reports', { token, body, headers: { prefer: 'respond-async' } });

  it('answers 202 at once with where the summary will be, and a worker makes it', async () => {
    const token = await api.tokenFor('editor', 'region-london');
    const accepted = await ask(token, { kind: 'report', scope: 'region-london', period: '2026-Q2' });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe('/reports/sum-report-region-london-2026-Q2-final');
    expect(accepted.headers.get('retry-after')).toBe('5');
    expect(accepted.headers.get('preference-applied')).toBe('respond-async');
    expect(await accepted.json()).toMatchObject({
      id: 'sum-report-region-london-2026-Q2-final',
      status: 'queued',
    });
    await api.runtime.settled();
    const made = await api.get('/reports/sum-report-region-london-2026-Q2-final?format=json', token);
    expect(made.status).toBe(200);
    expect(made.headers.get('x-summary-status')).toBe('final');
    // Asked again once made: the record, at once.
    expect((await ask(token, { kind: 'report', scope: 'region-london', period: '2026-Q2' })).status).toBe(
      200,
    );

    // A draft gets its id when asked; the worker makes that one.
    const month = new Date().toISOString().slice(0, 7);
    const draft = await ask(token, { kind: 'digest', scope: 'region-london', period: month });
    const { id } = (await draft.json()) as { id: string };
    expect(id).toMatch(new RegExp(`^sum-digest-region-london-${month}-draft-`));
    await api.runtime.settled();
    const drafted = await api.get(`/reports/${id}`, token);
    expect([drafted.status, drafted.headers.get('x-summary-status')]).toEqual([200, 'draft']);
  });

  it('says why when making it failed, and makes it when asked again', async () => {
    const token = await api.tokenFor('editor', 'national');
    const repository = await import('../../shared/summaries/summary.repository');
    const fault = vi
      .spyOn(repository, 'readScope')
      .mockRejectedValue(new Error('injected: engine unavailable'));
    const body = { kind: 'report', scope: 'national', period: '2026-Q2' };
    expect((await ask(token, body)).status).toBe(202);
    await api.runtime.settled();
    const failed = await expectProblem(
      await api.get('/reports/sum-report-national-2026-Q2-final', token),
      500,
    );
    expect(failed.detail).toContain('injected: engine unavailable');
    fault.mockRestore();
    expect((await ask(token, body)).status).toBe(202);
    await api.runtime.settled();
    expect((await api.get('/reports/sum-report-national-2026-Q2-final', token)).status).toBe(200);
    // Someone who may not read the scope learns nothing of it.
    await expectProblem(
      await api.get('/reports/sum-report-national-2026-Q2-final', await api.tokenFor('reader', 'ics-devon')),
      404,
    );
  });
});
