import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditSchema,
  CommitmentVersionSchema,
  OrgChangePlanSchema,
  OrgUnitTreeSchema,
  pageOf,
  SummaryDocumentSchema,
  SummaryRecordSchema,
} from '../../functions/openapi/response.schemas';
import type { BusEvent } from '../../local/event-bus';
import type { Identity } from '../../shared/auth/identity';
import { CommitmentsService } from '../../shared/commitments/commitments.service';
import { londonDate, weekLabel } from '../../shared/summaries/period';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

/**
 * The NHS map changes: three East of England ICSs merge into one on 2026-04-01 and Bedfordshire, Luton
 * and Milton Keynes moves to the Midlands on 2026-07-01, both recorded in November (after the fact).
 * Reports for Q1 and Q3 show the map as it was in each; every figure below is counted by hand.
 */
const A = 'ics-mid-and-south-essex';
const B = 'ics-suffolk-and-north-east-essex';
const C = 'ics-norfolk-and-waveney';
const BLMK = 'ics-bedfordshire-luton-and-milton-keynes';
const EAST = 'region-east-of-england';
const MIDLANDS = 'region-midlands';
const MERGER = {
  id: '2026-04-east-coast-merger',
  kind: 'merge',
  effectiveDate: '2026-04-01',
  description: 'Three ICBs merge under one board',
  from: [A, B, C],
  into: { id: 'ics-east-coast', name: 'East Coast' },
  successorAccess: true,
};
const MOVE = {
  id: '2026-07-blmk-to-midlands',
  kind: 'move',
  effectiveDate: '2026-07-01',
  description: 'BLMK joins the Midlands region',
  unitId: BLMK,
  toRegion: MIDLANDS,
};

let api: TestApi;
let admin: string;
const events: BusEvent[] = [];
const ids: Record<string, string> = {};
const who = (unitId: string): Identity => ({
  userId: `u-${unitId}`,
  role: 'editor',
  unitId,
  correlationId: 't',
});
const at = (iso: string) => new CommitmentsService(api.runtime.tableName, () => new Date(iso));
const create = async (unit: string, title: string, dueDate: string) =>
  (
    await at('2026-01-15T10:00:00.000Z').create(who(unit), {
      ...commitmentBody('ics', { title, dueDate }),
      description: '',
      tags: ['P-INTEGRATION'],
      status: 'on_track',
      rag: 'green',
    } as Parameters<CommitmentsService['create']>[1])
  ).id;
const log = (unit: string, id: string, iso: string) =>
  at(iso).logAction(who(unit), id, { summary: 'Progress', occurredAt: iso, evidence: [] });

beforeAll(async () => {
  api = await startTestApi();
  api.runtime.bus.subscribe({ 'detail-type': ['Org Unit Changed', 'Commitment Moved'] }, (e) =>
    events.push(e),
  );
  admin = await api.tokenFor('admin', 'national', 'sam.patel');
  ids.a = await create(A, 'Essex workforce plan', '2026-06-30');
  ids.b = await create(B, 'Suffolk retention scheme', '2026-12-31');
  ids.c = await create(C, 'Norfolk training places', '2026-02-28');
  ids.blmk = await create(BLMK, 'BLMK nursing pipeline', '2026-12-31');
  await log(A, ids.a, '2026-02-10T10:00:00.000Z');
  // Logged in August by the old units: the changes were not recorded until November.
  await log(B, ids.b, '2026-08-10T10:00:00.000Z');
  await log(BLMK, ids.blmk, '2026-08-12T10:00:00.000Z');
});
afterAll(async () => api.runtime.stop());

const post = (change: object, query = '', token = admin) =>
  api.request('POST', `/org-changes${query}`, { token, body: change });

async function report(scope: string, period: string) {
  const token = await api.tokenFor('editor', 'national', `reporter-${scope}-${period}`);
  const made = await api.request('POST', '/reports', { token, body: { kind: 'report', scope, period } });
  expect(made.status).toBe(201);
  const record = SummaryRecordSchema.parse(await made.json());
  return SummaryDocumentSchema.parse(
    await (await api.get(`/reports/${record.id}?format=json`, token)).json(),
  );
}

describe('recording org changes', () => {
  it('lists what a merger touches in a dry run, and writes nothing', async () => {
    const response = await post(MERGER, '?dryRun=true');
    expect(response.status).toBe(200);
    const plan = OrgChangePlanSchema.parse(await response.json());
    expect(plan.status).toBe('dry-run');
    expect(plan.commitments.map((m) => [m.id, m.from.ownerUnitId, m.to.ownerUnitId]).sort()).toEqual(
      [
        [ids.a, A, 'ics-east-coast'],
        [ids.b, B, 'ics-east-coast'],
        [ids.c, C, 'ics-east-coast'],
      ].sort(),
    );
    expect(plan.units.closed.map((u) => u.id).sort()).toEqual([A, B, C].sort());
    expect(plan.units.created).toEqual([
      { id: 'ics-east-coast', name: 'East Coast', kind: 'ics', parentId: EAST },
    ]);
    // Norfolk's plan was due on 28 February: 32 days overdue on 1 April, and its escalation moves with it.
    expect(plan.openEscalations).toEqual([{ commitmentId: ids.c, daysOverdue: 32, to: 'ics-east-coast' }]);
    expect(plan.accountablePeople.map((p) => p.userId).sort()).toEqual([`u-${A}`, `u-${B}`, `u-${C}`].sort());
    const list = await api.get('/org-changes', admin);
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses anyone but an administrator, and changes that cannot apply (naming the field)', async () => {
    const editor = await api.tokenFor('editor', 'national', 'national-editor');
    const refused = await expectProblem(await post(MERGER, '', editor), 403);
    expect(refused.detail).toMatch(/national administrator/);
    const bad = await expectProblem(
      await post({ ...MERGER, id: 'bad-merger', from: [A, 'region-london'] }),
      400,
    );
    expect(bad.errors).toEqual([{ path: 'body.from.1', message: 'Merged units must all be icss' }]);
    const invalid = await expectProblem(await post({ ...MERGER, kind: 'merge', from: [] }), 400);
    expect(invalid.errors?.[0]?.path).toBe('body.from');
  });

  it('applies a merger and a move once, moving each commitment with a version that names the change', async () => {
    const merged = await post(MERGER);
    expect(merged.status).toBe(201);
    expect(OrgChangePlanSchema.parse(await merged.json())).toMatchObject({ status: 'applied', moved: 3 });
    const moved = await post(MOVE);
    expect(OrgChangePlanSchema.parse(await moved.json())).toMatchObject({ status: 'applied', moved: 1 });
    // The same change again moves nothing; another body under the same id is a conflict.
    const again = await post(MERGER);
    expect(again.status).toBe(200);
    expect(OrgChangePlanSchema.parse(await again.json())).toMatchObject({
      status: 'already-applied',
      moved: 0,
    });
    await expectProblem(await post({ ...MERGER, description: 'Something else entirely' }), 409);

    const reader = await api.tokenFor('reader', 'national', 'national-reader');
    for (const id of [ids.a, ids.b, ids.c]) {
      const c = (await (await api.get(`/commitments/${id}`, reader)).json()) as Record<string, unknown>;
      expect(c).toMatchObject({ ownerUnitId: 'ics-east-coast', regionId: EAST });
      const history = pageOf(CommitmentVersionSchema).parse(
        await (await api.get(`/commitments/${id}/history`, reader)).json(),
      );
      const last = history.items.at(-1);
      expect(last).toMatchObject({ change: 'org-change', by: 'sam.patel', fields: ['ownerUnitId'] });
      expect(last?.reason).toContain('2026-04-east-coast-merger');
      // The action chain is untouched and the whole record still verifies.
      expect(AuditSchema.parse(await (await api.get(`/commitments/${id}/audit`, reader)).json()).valid).toBe(
        true,
      );
    }
    const blmk = (await (await api.get(`/commitments/${ids.blmk}`, reader)).json()) as Record<
      string,
      unknown
    >;
    expect(blmk).toMatchObject({ ownerUnitId: BLMK, regionId: MIDLANDS });

    await api.runtime.settled();
    expect(events.filter((e) => e['detail-type'] === 'Org Unit Changed').map((e) => e.detail)).toHaveLength(
      2,
    );
    const movedEvents = events.filter((e) => e['detail-type'] === 'Commitment Moved');
    expect(movedEvents).toHaveLength(4);
    expect(
      movedEvents.map((e) => (e.detail as { data: { orgChangeId: string } }).data.orgChangeId).sort(),
    ).toEqual([MERGER.id, MERGER.id, MERGER.id, MOVE.id].sort());
  });
});

describe('the map on any date', () => {
  it('answers GET /org-units?asAt= as it was', async () => {
    const tree = async (asAt: string) =>
      OrgUnitTreeSchema.parse(await (await api.get(`/org-units?asAt=${asAt}`, admin)).json());
    const q1 = await tree('2026-03-31');
    const east = (t: Awaited<ReturnType<typeof tree>>) =>
      t.regions.find((r) => r.id === EAST)?.icss.map((i) => i.id) ?? [];
    expect(east(q1)).toEqual(expect.arrayContaining([A, B, C, BLMK]));
    const q3 = await tree('2026-09-30');
    expect(east(q3)).toContain('ics-east-coast');
    expect(east(q3)).not.toContain(C);
    expect(east(q3)).not.toContain(BLMK);
    expect(q3.regions.find((r) => r.id === MIDLANDS)?.icss.map((i) => i.id)).toContain(BLMK);
    expect(q3.regions.flatMap((r) => r.icss).find((i) => i.id === 'ics-east-coast')).toMatchObject({
      validFrom: '2026-04-01',
      validTo: null,
    });
  });
});

describe('access follows the map', () => {
  it('lets a merged unit act as its successor (the change said so), and shows the new unit its commitments', async () => {
    const norfolk = await api.tokenFor('editor', C, 'norfolk-editor');
    const listed = (await (await api.get('/commitments?unit=ics-east-coast', norfolk)).json()) as {
      items: Array<{ id: string }>;
    };
    expect(listed.items.map((c) => c.id).sort()).toEqual([ids.a, ids.b, ids.c].sort());
    const eastCoast = await api.tokenFor('editor', 'ics-east-coast', 'east-coast-editor');
    const action = await api.request('POST', `/commitments/${ids.c}/actions`, {
      token: eastCoast,
      body: { summary: 'Now under East Coast', occurredAt: new Date().toISOString(), evidence: [] },
    });
    expect(action.status).toBe(201);
  });

  it('carries escalations and digests over to the successor', async () => {
    const overdue: BusEvent[] = [];
    api.runtime.bus.subscribe({ 'detail-type': ['Duty Overdue'] }, (e) => overdue.push(e));
    await api.runtime.runJob('OverdueSweep');
    await api.runtime.settled();
    const norfolk = overdue
      .map(
        (e) =>
          (e.detail as { data: { commitmentId: string; ownerUnitId: string; escalationLevel: number } }).data,
      )
      .filter((d) => d.commitmentId === ids.c);
    expect(norfolk.map((d) => d.escalationLevel).sort()).toEqual([0, 1, 2]);
    expect(norfolk.every((d) => d.ownerUnitId === 'ics-east-coast')).toBe(true);
    // This week's digest of the East: East Coast's action of today, under its own name.
    const week = weekLabel(londonDate(new Date()));
    const token = await api.tokenFor('editor', EAST, 'east-digest');
    const made = await api.request('POST', '/reports', {
      token,
      body: { kind: 'digest', scope: EAST, period: week },
    });
    const record = SummaryRecordSchema.parse(await made.json());
    const digest = SummaryDocumentSchema.parse(
      await (await api.get(`/reports/${record.id}?format=json`, token)).json(),
    );
    expect(digest.actionsByUnit).toEqual([{ unitId: 'ics-east-coast', unitName: 'East Coast', count: 1 }]);
  });

  it('refuses a closed unit without successor access with a 403 that names the successor', async () => {
    const split = {
      id: '2026-10-devon-closes',
      kind: 'close',
      effectiveDate: '2026-10-01',
      description: 'Devon closes into Cornwall',
      unitId: 'ics-devon',
      successor: 'ics-cornwall-and-the-isles-of-scilly',
    };
    expect((await post(split)).status).toBe(201);
    const devon = await api.tokenFor('reader', 'ics-devon', 'devon-reader');
    const refused = await expectProblem(await api.get('/commitments', devon), 403);
    expect(refused.detail).toMatch(/ics-devon closed on 2026-10-01 .*ics-cornwall-and-the-isles-of-scilly/);
  });

  it('keeps a moved ICS’s history readable by the region that held it then', async () => {
    const east = await api.tokenFor('reader', EAST, 'east-reader');
    const now = (await (await api.get(`/commitments?region=${EAST}`, east)).json()) as {
      items: Array<{ id: string }>;
    };
    expect(now.items.map((c) => c.id)).not.toContain(ids.blmk);
    const then = (await (
      await api.get(`/commitments?region=${EAST}&asAt=2026-06-30T12:00:00.000Z`, east)
    ).json()) as { items: Array<{ id: string; ownerUnitId: string }> };
    expect(then.items.map((c) => c.id)).toContain(ids.blmk);
    expect(then.items.find((c) => c.id === ids.c)?.ownerUnitId).toBe(C);
  });
});

describe('history stays true', () => {
  it('reports Q1 2026 with the map as it was: the three ICSs, BLMK in the East', async () => {
    const q1 = await report(EAST, '2026-Q1');
    // A, B, C and BLMK; all open; only Norfolk's (due 28 Feb) overdue; one action (Essex, 10 Feb).
    expect(q1.totals).toMatchObject({ commitments: 4, open: 4, overdue: 1, actionsLogged: 1 });
    expect(q1.actionsByUnit).toEqual([{ unitId: A, unitName: 'Mid and South Essex', count: 1 }]);
    expect(q1.newlyOverdue.map((r) => [r.commitmentId, r.ownerName])).toEqual([
      [ids.c, 'Norfolk and Waveney'],
    ]);
    expect(q1.orgChanges).toBeUndefined();
    const midlands = await report(MIDLANDS, '2026-Q1');
    expect(midlands.totals.commitments).toBe(0);
  });

  it('reports Q3 2026 with the successors, and says which units merged into which and when', async () => {
    const q3 = await report(EAST, '2026-Q3');
    // East Coast holds A, B and C; BLMK is in the Midlands. Essex (due 30 June) and Norfolk are overdue.
    // One action in the East in Q3: Suffolk's on 10 August, now East Coast's. BLMK's (12 August) is the Midlands'.
    expect(q3.totals).toMatchObject({ commitments: 3, open: 3, overdue: 2, actionsLogged: 1 });
    expect(q3.actionsByUnit).toEqual([{ unitId: 'ics-east-coast', unitName: 'East Coast', count: 1 }]);
    expect(q3.report?.topOverdue.map((r) => r.ownerName)).toEqual(['East Coast', 'East Coast']);
    expect(q3.orgChanges?.map((c) => c.text)).toEqual([
      'On 2026-04-01 Mid and South Essex, Suffolk and North East Essex and Norfolk and Waveney merged into East Coast (org change 2026-04-east-coast-merger).',
      'On 2026-07-01 Bedfordshire, Luton and Milton Keynes moved from East of England to Midlands (org change 2026-07-blmk-to-midlands).',
    ]);
    expect(q3.narrative.filter((l) => l.startsWith('Org change:'))).toHaveLength(2);
    const midlands = await report(MIDLANDS, '2026-Q3');
    expect(midlands.totals).toMatchObject({ commitments: 1, actionsLogged: 1 });
  });
});

describe('splits and changes ahead of their date', () => {
  it('refuses a split that does not give every commitment a successor, naming each', async () => {
    const split = {
      id: '2026-11-east-coast-split',
      kind: 'split',
      effectiveDate: '2026-11-01',
      description: 'East Coast splits in two',
      unitId: 'ics-east-coast',
      into: [
        { id: 'ics-essex', name: 'Essex' },
        { id: 'ics-norfolk-and-suffolk', name: 'Norfolk and Suffolk' },
      ],
      commitments: { [ids.a as string]: 'ics-essex' },
    };
    const problem = await expectProblem(await post(split, '?dryRun=true'), 400);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(
      [`body.commitments.${ids.b}`, `body.commitments.${ids.c}`].sort(),
    );
    const plan = OrgChangePlanSchema.parse(
      await (
        await post(
          {
            ...split,
            commitments: {
              [ids.a as string]: 'ics-essex',
              [ids.b as string]: 'ics-norfolk-and-suffolk',
              [ids.c as string]: 'ics-norfolk-and-suffolk',
            },
          },
          '?dryRun=true',
        )
      ).json(),
    );
    expect(plan.commitments.map((m) => m.to.ownerUnitId).sort()).toEqual([
      'ics-essex',
      'ics-norfolk-and-suffolk',
      'ics-norfolk-and-suffolk',
    ]);
  });

  it('records a change ahead of its date as scheduled; the daily job applies it on the day', async () => {
    const ahead = {
      id: '2027-04-east-coast-joins-cambridgeshire',
      kind: 'merge',
      effectiveDate: '2027-04-01',
      description: 'East Coast joins Cambridgeshire and Peterborough',
      from: ['ics-east-coast'],
      into: { id: 'ics-cambridgeshire-and-peterborough' },
    };
    const recorded = await post(ahead);
    expect(recorded.status).toBe(201);
    expect(OrgChangePlanSchema.parse(await recorded.json())).toMatchObject({ status: 'scheduled', moved: 0 });
    const reader = await api.tokenFor('reader', 'national', 'national-reader');
    const owner = async () =>
      ((await (await api.get(`/commitments/${ids.a}`, reader)).json()) as { ownerUnitId: string })
        .ownerUnitId;
    expect(await owner()).toBe('ics-east-coast');
    const early = (await api.runtime.runJob('ApplyOrgChanges', { now: '2027-03-31T12:00:00.000Z' })) as {
      applied: number;
    };
    expect(early.applied).toBe(0);
    const onTheDay = (await api.runtime.runJob('ApplyOrgChanges', { now: '2027-04-01T00:05:00.000Z' })) as {
      applied: number;
      moved: number;
    };
    expect(onTheDay).toMatchObject({ applied: 1, moved: 3 });
    expect(await owner()).toBe('ics-cambridgeshire-and-peterborough');
    const record = (await (await api.get(`/org-changes/${ahead.id}`, reader)).json()) as {
      status: string;
      moved: number;
    };
    expect(record).toMatchObject({ status: 'applied', moved: 3 });
  });
});
