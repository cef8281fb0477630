import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditSchema,
  CommitmentDetailSchema,
  CommitmentVersionSchema,
  pageOf,
  SealVerdictSchema,
  SummaryRecordSchema,
  SummaryVerdictSchema,
} from '../../functions/openapi/response.schemas';
import type { BusEvent } from '../../local/event-bus';
import type { Identity } from '../../shared/auth/identity';
import { hashAction } from '../../shared/commitments/action-chain';
import { actionKey, commitmentKey, versionKey } from '../../shared/commitments/commitment.keys';
import type { Action } from '../../shared/commitments/commitment.model';
import { CommitmentsService } from '../../shared/commitments/commitments.service';
import { documentClient } from '../../shared/db/client';
import { render } from '../../shared/summaries/render';
import { reportStore } from '../../shared/summaries/report-store';
import {
  computeAsAt,
  contentHashOf,
  generateSummary,
  verifySummary,
} from '../../shared/summaries/summaries.service';
import { getSummaryRecord, summaryKey } from '../../shared/summaries/summary.repository';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

/**
 * The record boards rely on: every change kept as a version, summaries as at the period's end, drafts
 * versus finals, and tampering found through seals kept outside the table.
 */
let api: TestApi;
const summaryEvents: BusEvent[] = [];
const who = (unitId: string, userId = `u-${unitId}`): Identity => ({
  userId,
  role: 'editor',
  unitId,
  correlationId: 'record-test',
});
const at = (iso: string) => new CommitmentsService(api.runtime.tableName, () => new Date(iso));
/** Follows the confirmation link mailed to an address (subscriptions are pending until then). */
async function confirmByMail(email: string) {
  const dir = api.runtime.outboxDir;
  const mail = readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .find((m) => m.includes(`To: ${email}`) && m.includes('/confirm?token='));
  const link = /(\/subscriptions\/[^/\s]+\/confirm\?token=[\w-]+)/.exec(mail ?? '')?.[1];
  if (!link) throw new Error(`no confirmation mail to ${email}`);
  expect((await api.request('POST', link)).status).toBe(200);
}
const body = (tier: 'region' | 'ics' | 'national', overrides: Record<string, unknown> = {}) =>
  ({
    ...commitmentBody(tier),
    description: '',
    tags: ['P-INTEGRATION'],
    status: 'on_track',
    rag: 'green',
    ...overrides,
  }) as Parameters<CommitmentsService['create']>[1];

beforeAll(async () => {
  api = await startTestApi();
  api.runtime.bus.subscribe({ 'detail-type': ['Accountability Summary Generated'] }, (e) =>
    summaryEvents.push(e),
  );
});
afterAll(async () => {
  await api?.runtime.stop();
});

describe('every change is history', () => {
  it('keeps a version for each change, with who, when and why, and answers as at any instant', async () => {
    const london = who('region-london');
    const c = await at('2026-06-01T09:00:00.000Z').create(london, body('region', { dueDate: '2026-09-30' }));
    await at('2026-07-01T09:00:00.000Z').patch(london, c.id, 1, { rag: 'amber', dueDate: '2026-10-31' });
    await at('2026-08-01T09:00:00.000Z').patch(london, c.id, 2, {
      status: 'at_risk',
      reason: 'Funding late',
    });
    await at('2026-08-15T09:00:00.000Z').logAction(london, c.id, {
      summary: 'Met the funder',
      occurredAt: '2026-08-14',
      evidence: [],
      progress: 40,
    });
    await at('2026-09-01T09:00:00.000Z').handOver(london, 'region-london', {
      fromUserId: london.userId,
      toUserId: 'bob',
      reason: 'Leaving',
    });
    const token = await api.tokenFor('reader', 'region-london');

    const history = pageOf(CommitmentVersionSchema).parse(
      await (await api.get(`/commitments/${c.id}/history?limit=100`, token)).json(),
    );
    expect(history.items.map((v) => [v.version, v.change, v.fields, v.reason ?? null])).toEqual([
      [1, 'created', expect.arrayContaining(['title', 'status', 'dueDate']), null],
      [2, 'updated', ['dueDate', 'rag'], null],
      [3, 'updated', ['status', 'statusReason'], 'Funding late'],
      [4, 'action', ['actionCount', 'lastActionAt', 'lastActionHash', 'progress'], null],
      [5, 'handover', ['accountableUserId', 'actionCount', 'lastActionAt', 'lastActionHash'], null],
    ]);
    expect(history.items[2]).toMatchObject({ by: london.userId, at: '2026-08-01T09:00:00.000Z' });
    expect(history.items.map((v) => v.prevHash).slice(1)).toEqual(
      history.items.map((v) => v.hash).slice(0, -1),
    );

    const asAt = async (instant: string) =>
      CommitmentDetailSchema.parse(
        await (await api.get(`/commitments/${c.id}?asAt=${instant}`, token)).json(),
      );
    expect(await asAt('2026-07-15T00:00:00Z')).toMatchObject({
      version: 2,
      rag: 'amber',
      status: 'on_track',
      dueDate: '2026-10-31',
      asAt: '2026-07-15T00:00:00.000Z',
    });
    // A date means the end of that day, UK time; overdue is judged as at it.
    expect(await asAt('2026-06-30')).toMatchObject({
      version: 1,
      rag: 'green',
      dueDate: '2026-09-30',
      overdue: false,
    });
    expect(await asAt('2026-08-20T12:00:00%2B01:00')).toMatchObject({ version: 4, progress: 40 });
    await expectProblem(await api.get(`/commitments/${c.id}?asAt=2026-05-31`, token), 404);
    await expectProblem(await api.get(`/commitments/${c.id}?asAt=2099-01-01`, token), 400);
    await expectProblem(await api.get(`/commitments/${c.id}?asAt=yesterday`, token), 400);

    const listed = async (query: string) =>
      (
        (await (await api.get(`/commitments?unit=region-london&${query}`, token)).json()) as {
          items: Array<{ id: string; status: string; version: number }>;
        }
      ).items.filter((i) => i.id === c.id);
    expect(await listed('asAt=2026-07-31&status=on_track')).toMatchObject([{ version: 2 }]);
    expect(await listed('asAt=2026-08-31&status=on_track')).toEqual([]);
    expect(await listed('asAt=2026-08-31&status=at_risk')).toMatchObject([{ version: 4 }]);
    expect(await listed('asAt=2026-05-01')).toEqual([]);
  });

  it('pages a list as at an instant without skipping or repeating', async () => {
    const york = who('region-north-east-and-yorkshire');
    for (let i = 0; i < 5; i++)
      await at('2026-05-01T09:00:00.000Z').create(york, body('region', { dueDate: `2026-12-0${i + 1}` }));
    const token = await api.tokenFor('reader', 'region-north-east-and-yorkshire');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (
        await api.get(
          `/commitments?unit=region-north-east-and-yorkshire&asAt=2026-05-02&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          token,
        )
      ).json()) as { items: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('gives commitments from the previous release a first version on start-up', async () => {
    const legacy = {
      ...commitmentKey('cmt-legacy-1'),
      type: 'Commitment',
      gsi1pk: 'UNIT#region-london',
      gsi1sk: 'C#2026-12-31#cmt-legacy-1',
      gsi2pk: 'REGION#region-london',
      gsi2sk: 'C#2026-12-31#cmt-legacy-1',
      id: 'cmt-legacy-1',
      ownerUnitId: 'region-london',
      tier: 'region',
      regionId: 'region-london',
      accountableRole: 'Head of Workforce',
      title: 'From the previous release',
      description: '',
      catalogueVersion: 'v1',
      responsibilityIds: ['REG-WP-1'],
      tags: [],
      dueDate: '2026-12-31',
      status: 'on_track',
      rag: 'green',
      progress: 0,
      version: 3,
      actionCount: 0,
      lastActionHash: '0'.repeat(64),
      createdAt: '2026-02-01T09:00:00.000Z',
      createdBy: 'old',
      updatedAt: '2026-03-01T09:00:00.000Z',
      updatedBy: 'old',
    };
    await documentClient.send(new PutCommand({ TableName: api.runtime.tableName, Item: legacy }));
    // What start-up runs (and `npm run migrate` runs against a deployed table).
    const { migrateHistory } = await import('../../shared/commitments/history-migration');
    expect((await migrateHistory(api.runtime.tableName)).migrated).toBe(1);
    expect((await migrateHistory(api.runtime.tableName)).migrated).toBe(0);
    const token = await api.tokenFor('reader', 'region-london');
    const history = pageOf(CommitmentVersionSchema).parse(
      await (await api.get('/commitments/cmt-legacy-1/history', token)).json(),
    );
    expect(history.items.map((v) => [v.version, v.change, v.at])).toEqual([
      [3, 'migrated', '2026-03-01T09:00:00.000Z'],
    ]);
    const audit = AuditSchema.parse(await (await api.get('/commitments/cmt-legacy-1/audit', token)).json());
    expect(audit).toMatchObject({ valid: true, history: { firstVersion: 3, problems: [] } });
  });
});

describe('summaries as at the period end', () => {
  const scope = 'region-south-west';
  let late: string;
  let october: string;

  beforeAll(async () => {
    const sw = who(scope);
    // Flips twice inside Q3: at risk in July, back on track in August. Due in Q3, open at its end: overdue.
    const flip = await at('2026-06-01T09:00:00.000Z').create(
      sw,
      body('region', { title: 'Flip', dueDate: '2026-09-15' }),
    );
    await at('2026-07-10T09:00:00.000Z').patch(sw, flip.id, 1, { status: 'at_risk' });
    await at('2026-08-10T09:00:00.000Z').patch(sw, flip.id, 2, { status: 'on_track' });
    // Completed in October: still open (and overdue) as at 30 September.
    const lateOne = await at('2026-06-01T09:00:00.000Z').create(
      sw,
      body('region', { title: 'Late', dueDate: '2026-09-01' }),
    );
    late = lateOne.id;
    // 23:30 UTC on 30 September is 00:30 on 1 October in London: in Q4, not Q3.
    await at('2026-09-30T23:30:00.000Z').patch(sw, late, 1, { status: 'completed' });
    // An action at 22:30 UTC on 30 September (23:30 BST) is in Q3.
    await at('2026-09-30T22:30:00.000Z').logAction(sw, flip.id, {
      summary: 'Last thing in Q3',
      occurredAt: '2026-09-30',
      evidence: [],
    });
    const created = await at('2026-10-02T09:00:00.000Z').create(
      sw,
      body('region', { title: 'October', dueDate: '2026-10-20' }),
    );
    october = created.id;
  });

  it('gives the same Q3, figure for figure and byte for byte, whenever it is generated', async () => {
    const first = await generateSummary(
      api.runtime.tableName,
      { kind: 'report', scope, period: '2026-Q3', correlationId: 't' },
      new Date('2026-10-01T07:00:00.000Z'),
    );
    expect(first.created).toBe(true);
    expect(first.record).toMatchObject({ status: 'final', revision: 1, asAt: '2026-09-30T22:59:59.999Z' });
    const token = await api.tokenFor('reader', scope);
    const json = await (await api.get(`/reports/${first.record.id}?format=json`, token)).text();
    const q3 = JSON.parse(json) as {
      status: string;
      contentHash: string;
      totals: Record<string, number>;
      atRisk: unknown[];
      report: { overdueTrend: Array<{ period: string; overdue: number }> };
    };
    expect(q3.status).toBe('final');
    expect(q3.totals).toMatchObject({
      commitments: 2,
      open: 2,
      overdue: 2,
      atRisk: 0,
      completed: 0,
      actionsLogged: 1,
    });
    expect(q3.report.overdueTrend.at(-1)).toEqual({ period: '2026-Q3', overdue: 2 });

    // Later changes: more status flips, a due date moved, an action, all after the quarter.
    const sw = who(scope);
    await at('2026-11-05T09:00:00.000Z').patch(sw, october, 1, { status: 'at_risk', dueDate: '2027-01-31' });
    await at('2026-11-06T09:00:00.000Z').logAction(sw, late, {
      summary: 'Follow-up',
      occurredAt: '2026-11-06',
      evidence: [],
    });

    const verdict = SummaryVerdictSchema.parse(
      await (await api.get(`/reports/${first.record.id}/verify`, token)).json(),
    );
    expect(verdict).toMatchObject({ contentMatches: true, storedJsonMatches: true });
    expect(verdict.recomputedHash).toBe(q3.contentHash);
    expect(await verifySummary(api.runtime.tableName, first.record.id)).toMatchObject({
      storedJsonMatches: true,
    });

    // A final made by the release before SPC charts and assurance sections (content version 1, no
    // `contentVersion` on its record) still verifies: it is recomputed as that release computed it.
    const record = (await getSummaryRecord(api.runtime.tableName, first.record.id)) as NonNullable<
      Awaited<ReturnType<typeof getSummaryRecord>>
    >;
    expect(record.contentVersion).toBe(2);
    const { summary: v1 } = await computeAsAt(
      api.runtime.tableName,
      'report',
      scope,
      { label: '2026-Q3', kind: 'quarter', start: '2026-07-01', end: '2026-09-30' },
      undefined,
      record.generatedAt,
      1,
    );
    expect(v1.spc).toBeUndefined();
    const { contentVersion: _v, ...legacy } = { ...record, contentHash: contentHashOf(v1) };
    await reportStore().put(
      record.id,
      'json',
      render(
        v1,
        {
          id: record.id,
          status: 'final',
          revision: 1,
          contentHash: legacy.contentHash,
          generatedAt: record.generatedAt,
        },
        'json',
      ),
    );
    const { Item: stored } = await documentClient.send(
      new GetCommand({ TableName: api.runtime.tableName, Key: summaryKey(record.id) }),
    );
    const { contentVersion: _dropped, ...previousRelease } = stored as Record<string, unknown>;
    await documentClient.send(
      new PutCommand({
        TableName: api.runtime.tableName,
        Item: { ...previousRelease, contentHash: legacy.contentHash },
      }),
    );
    expect(await verifySummary(api.runtime.tableName, record.id)).toMatchObject({
      contentMatches: true,
      storedJsonMatches: true,
    });

    // The October digest sees October: Late completed (on 1 October, London time), October created.
    const oct = await generateSummary(
      api.runtime.tableName,
      { kind: 'digest', scope, period: '2026-10', correlationId: 't' },
      new Date('2026-11-01T07:00:00.000Z'),
    );
    const octJson = JSON.parse(
      await (await api.get(`/reports/${oct.record.id}?format=json`, token)).text(),
    ) as {
      totals: Record<string, number>;
      completed: Array<{ commitmentId: string }>;
      changes: { previousPeriod: string; deltas: Array<{ metric: string; previous: number }> };
    };
    expect(octJson.completed.map((r) => r.commitmentId)).toEqual([late]);
    expect(octJson.totals).toMatchObject({ commitments: 3, completed: 1, actionsLogged: 0 });
    expect(octJson.changes.previousPeriod).toBe('2026-09');
  });
});

/** The quarter running today (whenever the tests run), and the first day after it. */
const quarter = (() => {
  const now = new Date();
  const q = Math.floor(now.getUTCMonth() / 3);
  const next = new Date(Date.UTC(now.getUTCFullYear(), q * 3 + 3, 1)).toISOString().slice(0, 10);
  return { label: `${now.getUTCFullYear()}-Q${q + 1}`, next };
})();

describe('a week across the clock change', () => {
  it('counts actions by UK time in the week the clocks went back (2026-W43)', async () => {
    const east = who('region-east-of-england');
    const c = await at('2026-10-01T09:00:00.000Z').create(east, body('region', { title: 'Clock change' }));
    // 22:30 UTC on 18 Oct is 23:30 BST on Sunday (W42); 23:30 UTC is 00:30 BST on Monday (W43);
    // 23:30 UTC on 25 Oct is 23:30 GMT on Sunday (W43, after the clocks went back); 00:30 UTC on 26 Oct is W44.
    for (const loggedAt of [
      '2026-10-18T22:30:00.000Z',
      '2026-10-18T23:30:00.000Z',
      '2026-10-25T23:30:00.000Z',
      '2026-10-26T00:30:00.000Z',
    ])
      await at(loggedAt).logAction(east, c.id, { summary: loggedAt, occurredAt: loggedAt, evidence: [] });
    const digest = async (period: string) => {
      const { record } = await generateSummary(
        api.runtime.tableName,
        { kind: 'digest', scope: 'region-east-of-england', period, correlationId: 't' },
        new Date('2026-11-02T07:00:00.000Z'),
      );
      return record.totals.actionsLogged;
    };
    expect(await digest('2026-W42')).toBe(1);
    expect(await digest('2026-W43')).toBe(2);
    expect(await digest('2026-W44')).toBe(1);
  });
});

describe('draft and final', () => {
  it('replays the early-freeze scenario: a draft first, then a final that has the late commitment', async () => {
    const editor = await api.tokenFor('editor', 'region-london', 'london-editor');
    await api.request('POST', '/subscriptions', {
      token: editor,
      body: { email: 'board@example.nhs.uk', scope: 'region-london', kind: 'report' },
    });
    await confirmByMail('board@example.nhs.uk');
    const early = await api.request('POST', '/reports', {
      token: editor,
      body: { kind: 'report', scope: 'region-london', period: quarter.label },
    });
    expect(early.status).toBe(201);
    const draft = SummaryRecordSchema.parse(await early.json());
    expect(draft.status).toBe('draft');
    expect(draft.id).toMatch(new RegExp(`^sum-report-region-london-${quarter.label}-draft-`));
    for (const format of ['html', 'md', 'csv', 'json'])
      expect(await (await api.get(`/reports/${draft.id}?format=${format}`, editor)).text()).toMatch(
        /DRAFT|"draft"/,
      );

    const risky = await api.request('POST', '/commitments', {
      token: editor,
      body: commitmentBody('region', { title: 'Added after the draft', status: 'at_risk', rag: 'amber' }),
    });
    const riskyId = ((await risky.json()) as { id: string }).id;
    // The schedule, run as on the morning after the quarter (the scenario ran it with --today).
    const run = (await api.runtime.runJob('QuarterlyReports', {
      cadence: 'quarterly-report',
      today: quarter.next,
      now: `${quarter.next}T07:00:00.000Z`,
    })) as { period: string; results: Array<{ id: string; created: boolean }> };
    const final = run.results.find((r) => r.id === `sum-report-region-london-${quarter.label}-final`);
    expect(final?.created).toBe(true);
    const html = await (await api.get(`/reports/${final?.id}?format=html`, editor)).text();
    expect(html).toContain(`data-commitment="${riskyId}"`);
    expect(html).toContain('FINAL, revision 1');
    expect(html).not.toContain('DRAFT');

    await api.runtime.settled();
    const announced = summaryEvents.map((e) => (e.detail as { data: { summaryId: string } }).data.summaryId);
    expect(announced).toContain(final?.id);
    expect(announced).not.toContain(draft.id);
    const dir = api.runtime.outboxDir;
    const mails = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const toBoard = mails.filter(
      (m) => m.includes('To: board@example.nhs.uk') && !m.includes('/confirm?token='),
    );
    expect(
      toBoard.filter((m) => m.includes(`Subject: Governance report: region-london, ${quarter.label}`)),
    ).toHaveLength(1);
    expect(toBoard.some((m) => m.includes(draft.id))).toBe(false);
  });

  it('makes no scheduled summaries of nothing: catch-up skips scopes with nothing recorded by the period end', async () => {
    // Nothing in this table was recorded before 2026-03-01 (the migrated commitment's baseline).
    const january = (await api.runtime.runJob('MonthlyReports', {
      cadence: 'monthly-report',
      today: '2026-02-01',
      now: '2026-02-01T07:00:00.000Z',
    })) as { period: string; generated: number; emptyScopes: number };
    expect(january).toMatchObject({ period: '2026-01', generated: 0, emptyScopes: 8 });
    const national = await api.tokenFor('reader', 'national');
    const listed = pageOf(SummaryRecordSchema).parse(
      await (await api.get('/reports?kind=report&limit=100', national)).json(),
    );
    expect(listed.items.filter((r) => r.period === '2026-01')).toEqual([]);

    // By the end of June, London, York and the South West had commitments; the East had none yet.
    const june = (await api.runtime.runJob('MonthlyReports', {
      cadence: 'monthly-report',
      today: '2026-07-01',
      now: '2026-07-01T07:00:00.000Z',
    })) as { period: string; results: Array<{ scope: string; created: boolean; skipped?: string }> };
    const made = june.results.filter((r) => r.created).map((r) => r.scope);
    expect(made).toEqual(
      expect.arrayContaining([
        'national',
        'region-london',
        'region-north-east-and-yorkshire',
        'region-south-west',
      ]),
    );
    expect(june.results.find((r) => r.scope === 'region-east-of-england')?.skipped).toMatch(
      /nothing recorded/,
    );
  });

  it('refuses absurd periods with 400 problem+json', async () => {
    const token = await api.tokenFor('editor', 'national', 'absurd-asker');
    const nextYear = new Date().getUTCFullYear() + 1;
    for (const period of ['0001-01-01..9999-12-31', `${nextYear}-Q1`, '2026-01-01..2027-06-30', '1999-Q4']) {
      const problem = await expectProblem(
        await api.request('POST', '/reports', { token, body: { kind: 'digest', scope: 'national', period } }),
        400,
      );
      expect(problem.errors?.[0]?.path).toBe('body.period');
    }
  });

  it('rate-limits generation per caller with 429 and Retry-After', async () => {
    const token = await api.tokenFor('editor', 'national', 'eager-asker');
    await api.request('POST', '/subscriptions', {
      token,
      body: { email: 'eager@example.nhs.uk', scope: 'national', kind: 'digest' },
    });
    await confirmByMail('eager@example.nhs.uk');
    const previous = process.env.REPORT_GENERATIONS_PER_HOUR;
    process.env.REPORT_GENERATIONS_PER_HOUR = '3';
    try {
      const statuses: number[] = [];
      let refused: Response | undefined;
      for (let day = 1; day <= 5; day++) {
        const date = `2026-10-${String(day).padStart(2, '0')}`;
        const response = await api.request('POST', '/reports', {
          token,
          body: { kind: 'digest', scope: 'national', period: `${date}..${date}` },
        });
        statuses.push(response.status);
        if (response.status === 429) refused = response;
      }
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      // Finals of ad-hoc ranges are never mailed: the scenario's 20 one-day digests sent 20 e-mails.
      await api.runtime.settled();
      const outbox = api.runtime.outboxDir;
      const mailed = existsSync(outbox)
        ? readdirSync(outbox).map((f) => readFileSync(join(outbox, f), 'utf8'))
        : [];
      // (The confirmation mail aside: no summary reached the subscriber.)
      expect(
        mailed.filter((m) => m.includes('To: eager@example.nhs.uk') && !m.includes('/confirm?token=')),
      ).toEqual([]);
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
      // A final that exists is returned without counting.
      const again = await api.request('POST', '/reports', {
        token,
        body: { kind: 'digest', scope: 'national', period: '2026-10-01..2026-10-01' },
      });
      expect(again.status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.REPORT_GENERATIONS_PER_HOUR;
      else process.env.REPORT_GENERATIONS_PER_HOUR = previous;
    }
  });

  it('corrects a final with a new revision that names what it replaces; both stay readable', async () => {
    const token = await api.tokenFor('editor', 'region-london', 'corrector');
    const first = SummaryRecordSchema.parse(
      await (
        await api.request('POST', '/reports', {
          token,
          body: { kind: 'digest', scope: 'region-london', period: '2026-09' },
        })
      ).json(),
    );
    expect(first).toMatchObject({ status: 'final', revision: 1 });
    await expectProblem(
      await api.request('POST', `/reports/${first.id}/revisions`, { token, body: {} }),
      400,
    );
    const revised = await api.request('POST', `/reports/${first.id}/revisions`, {
      token,
      body: { reason: 'Board asked for a re-issue' },
    });
    expect(revised.status).toBe(201);
    const second = SummaryRecordSchema.parse(await revised.json());
    expect(second).toMatchObject({
      id: `${first.id}-r2`,
      revision: 2,
      replaces: first.id,
      reason: 'Board asked for a re-issue',
      contentHash: first.contentHash,
    });
    const old = await api.get(`/reports/${first.id}?format=md`, token);
    expect(old.status).toBe(200);
    expect(old.headers.get('x-summary-status')).toBe('final');
    expect(old.headers.get('link')).toBe(`</reports/${second.id}>; rel="latest-version"`);
    expect(await (await api.get(`/reports/${second.id}?format=md`, token)).text()).toContain(
      `It replaces ${first.id}: Board asked for a re-issue`,
    );
  });
});

describe('integrity anchored outside the table', () => {
  const london = who('region-london');
  let tampered: { deleted: string; rewritten: string; versionGone: string; untouched: string };

  const actionsOf = async (id: string): Promise<Action[]> =>
    (
      (await (
        await api.get(`/commitments/${id}/actions?limit=100`, await api.tokenFor('reader', 'region-london'))
      ).json()) as {
        items: Action[];
      }
    ).items.reverse();
  const itemOf = async (key: Record<string, unknown>) =>
    (await documentClient.send(new GetCommand({ TableName: api.runtime.tableName, Key: key })))
      .Item as Record<string, unknown>;
  const put = (item: Record<string, unknown>) =>
    documentClient.send(new PutCommand({ TableName: api.runtime.tableName, Item: item }));

  beforeAll(async () => {
    const make = async (title: string) => {
      const c = await at('2026-11-01T09:00:00.000Z').create(london, body('region', { title }));
      for (const n of [1, 2, 3])
        await at(`2026-11-0${n + 1}T09:00:00.000Z`).logAction(london, c.id, {
          summary: `Step ${n}`,
          occurredAt: `2026-11-0${n + 1}`,
          evidence: [],
        });
      return c.id;
    };
    tampered = {
      deleted: await make('Newest action deleted'),
      rewritten: await make('Action 1 rewritten'),
      versionGone: await make('Version deleted'),
      untouched: await make('Untouched'),
    };
    const sealed = (await api.runtime.runJob('Seal', { lagSeconds: 0 })) as { sealed: boolean; id: string };
    expect(sealed.sealed).toBe(true);
  });

  it('signs each seal, chains it to the one before, and publishes the key to check it by hand', async () => {
    const token = await api.tokenFor('reader', 'national');
    const first = SealVerdictSchema.parse(await (await api.get('/audit/seals/seal-000001', token)).json());
    expect(first).toMatchObject({ valid: true, signatureValid: true, previousLinkValid: true });
    expect(first.seal.entries.map((e) => e.commitmentId)).toEqual(
      expect.arrayContaining(Object.values(tampered)),
    );
    await expectProblem(await api.get('/audit/seals/seal-999999', token), 404);
    await expectProblem(await api.get('/audit/seals/nonsense', token), 400);

    // By hand, as the README says: the seal file, its signature and the public key, checked by openssl.
    const pem = await api.get('/audit/public-key');
    expect(pem.headers.get('content-type')).toBe('application/x-pem-file');
    expect(await pem.text()).toContain('BEGIN PUBLIC KEY');
    const dir = api.runtime.sealsDir;
    const key = readdirSync(join(dir, 'keys'))[0] as string;
    const out = execFileSync('openssl', [
      'dgst',
      '-sha256',
      '-verify',
      join(dir, 'keys', key),
      '-signature',
      join(dir, 'seals', '000001.sig'),
      join(dir, 'seals', '000001.json'),
    ]).toString();
    expect(out.trim()).toBe('Verified OK');

    // A second run with nothing new writes no seal; a change since gives the next one, chained.
    expect(((await api.runtime.runJob('Seal', { lagSeconds: 0 })) as { sealed: boolean }).sealed).toBe(false);
    const patched = await api.request('PATCH', `/commitments/${tampered.untouched}`, {
      token: await api.tokenFor('editor', 'region-london'),
      body: { rag: 'amber' },
      headers: { 'if-match': '"4"' },
    });
    expect(patched.status).toBe(200);
    expect(((await api.runtime.runJob('Seal', { lagSeconds: 0 })) as { id: string }).id).toBe('seal-000002');
    const second = SealVerdictSchema.parse(await (await api.get('/audit/seals/seal-000002', token)).json());
    expect(second).toMatchObject({ valid: true, seal: { prevSealHash: first.sealHash } });
    expect(second.seal.entries.map((e) => e.commitmentId)).toEqual([tampered.untouched]);
  });

  it('seals final summaries too: an edited file or a re-hashed record is found', async () => {
    const token = await api.tokenFor('reader', 'region-south-west');
    const id = 'sum-report-region-south-west-2026-Q3-final';
    const verify = async () =>
      SummaryVerdictSchema.parse(await (await api.get(`/reports/${id}/verify`, token)).json());
    const before = await verify();
    expect(before).toMatchObject({
      storedJsonMatches: true,
      seal: { status: 'sealed', sealId: 'seal-000001' },
    });
    expect(before.storedContentHash).toBe(before.contentHash);

    // Someone with the store edits the file: fewer overdue.
    const file = join(api.runtime.reportsDir, 'summaries', `${id}.json`);
    const edited = JSON.parse(readFileSync(file, 'utf8')) as { totals: { overdue: number } };
    edited.totals.overdue = 0;
    writeFileSync(file, `${JSON.stringify(edited, null, 2)}\n`);
    const afterFile = await verify();
    expect(afterFile.storedJsonMatches).toBe(false);
    expect(afterFile.storedContentHash).not.toBe(afterFile.contentHash);

    // ...and rewrites the record's content hash to match the edited file.
    const record = await itemOf({ pk: `SUMMARY#${id}`, sk: 'SUMMARY' });
    await put({ ...record, contentHash: afterFile.storedContentHash });
    const afterRecord = await verify();
    expect(afterRecord.seal?.status).toBe('broken');
    expect(afterRecord.seal?.problems.join('\n')).toContain('differs from the one sealed in seal-000001');
  });

  it('finds every tampering: a deleted newest action, a rewritten and re-hashed chain, a deleted version', async () => {
    const token = await api.tokenFor('reader', 'region-london');
    const audit = async (id: string) => {
      const response = await api.get(`/commitments/${id}/audit`, token);
      const text = await response.text();
      if (response.status !== 200) throw new Error(`audit of ${id}: ${response.status} ${text}`);
      return AuditSchema.parse(JSON.parse(text));
    };
    expect(await audit(tampered.untouched)).toMatchObject({ valid: true, seal: { status: 'sealed' } });

    // 1. Delete the newest action and reset the head so the chain alone still looks whole.
    {
      const actions = await actionsOf(tampered.deleted);
      const item = await itemOf(commitmentKey(tampered.deleted));
      await documentClient.send(
        new DeleteCommand({ TableName: api.runtime.tableName, Key: actionKey(tampered.deleted, 3) }),
      );
      await put({ ...item, actionCount: 2, lastActionHash: actions[1]?.hash });
      const verdict = await audit(tampered.deleted);
      expect(verdict.chain.valid).toBe(true);
      expect(verdict.valid).toBe(false);
      expect(verdict.seal.status).toBe('broken');
      expect(verdict.problems.join('\n')).toContain('3 actions were sealed in seal-000001');
    }

    // 2. Rewrite action 1 and re-hash the whole chain, head included.
    {
      const actions = await actionsOf(tampered.rewritten);
      let prevHash = '0'.repeat(64);
      for (const a of actions) {
        const { hash: _old, ...rest } = a;
        const unsigned = {
          ...rest,
          prevHash,
          ...(a.seq === 1 ? { summary: 'Something else entirely' } : {}),
        };
        const hash = hashAction(unsigned);
        const stored = await itemOf(actionKey(tampered.rewritten, a.seq));
        await put({ ...stored, ...unsigned, hash });
        prevHash = hash;
      }
      const item = await itemOf(commitmentKey(tampered.rewritten));
      await put({ ...item, lastActionHash: prevHash });
      const verdict = await audit(tampered.rewritten);
      expect(verdict.chain.valid).toBe(true);
      expect(verdict.valid).toBe(false);
      expect(verdict.problems.join('\n')).toContain('action 3 differs from the one sealed in seal-000001');
    }

    // 3. Delete a version record.
    {
      await documentClient.send(
        new DeleteCommand({ TableName: api.runtime.tableName, Key: versionKey(tampered.versionGone, 2) }),
      );
      const verdict = await audit(tampered.versionGone);
      expect(verdict.valid).toBe(false);
      expect(verdict.history.problems).toContain('version 2 is missing');
    }
  });
});
