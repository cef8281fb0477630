import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ActionSchema,
  BulkStatusResultSchema,
  ChildrenSchema,
  CommitmentDetailSchema,
  CommitmentSchema,
  HandoverResultSchema,
  pageOf,
} from '../../functions/openapi/response.schemas';
import type { BusEvent } from '../../local/event-bus';
import { documentClient } from '../../shared/db/client';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

let api: TestApi;
let london: string;
let londonAlice: string;
let northCentral: string;
let northEast: string;
let devon: string;
let national: string;
let londonReader: string;
const received: BusEvent[] = [];
const dataOf = (e: BusEvent) => (e.detail as { data: Record<string, unknown> }).data;

type Commitment = ReturnType<typeof CommitmentSchema.parse>;

async function create(token: string, body: Record<string, unknown>): Promise<Commitment> {
  const response = await api.request('POST', '/commitments', { token, body });
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return CommitmentSchema.parse(JSON.parse(text));
}

async function getDetail(id: string, token = national) {
  const response = await api.get(`/commitments/${id}`, token);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return CommitmentDetailSchema.parse(JSON.parse(text));
}

async function logAction(token: string, id: string, body: Record<string, unknown>) {
  const response = await api.request('POST', `/commitments/${id}/actions`, {
    token,
    body: { summary: 'Progress', occurredAt: '2026-11-01', ...body },
  });
  const text = await response.text();
  expect(response.status, text).toBe(201);
}

beforeAll(async () => {
  api = await startTestApi();
  london = await api.tokenFor('editor', 'region-london');
  londonAlice = await api.tokenFor('editor', 'region-london', 'alice');
  londonReader = await api.tokenFor('reader', 'region-london');
  northCentral = await api.tokenFor('editor', 'ics-north-central-london');
  northEast = await api.tokenFor('editor', 'ics-north-east-london');
  devon = await api.tokenFor('editor', 'ics-devon');
  national = await api.tokenFor('editor', 'national');
  api.runtime.bus.subscribe({ source: ['accountability-tracker'] }, (event) => received.push(event));
});
afterAll(async () => api.runtime.stop());

describe('delegation', () => {
  it('makes the creator accountable unless the body names someone, and lists it under /me/commitments', async () => {
    const own = await create(londonAlice, commitmentBody('region', { title: 'Alice owns this' }));
    const forBob = await create(londonAlice, commitmentBody('region', { accountableUserId: 'bob' }));
    expect(own.accountableUserId).toBe('alice');
    expect(forBob.accountableUserId).toBe('bob');

    const bob = await api.tokenFor('reader', 'region-london', 'bob');
    const response = await api.get('/me/commitments', bob);
    const page = pageOf(CommitmentSchema).parse(await response.json());
    expect(page.items.map((c) => c.id)).toEqual([forBob.id]);

    const alicePage = pageOf(CommitmentSchema).parse(
      await (await api.get('/me/commitments?status=not_started&limit=1', londonAlice)).json(),
    );
    expect(alicePage.items.map((c) => c.id)).toEqual([own.id]);
    // The cursor is bound to the person: bob cannot page through alice's list with it.
    // A page of one stops after one item, so there is a cursor; it is alice's, not bob's.
    expect(alicePage.nextCursor).toEqual(expect.any(String));
    await expectProblem(
      await api.get(`/me/commitments?status=not_started&limit=1&cursor=${alicePage.nextCursor}`, bob),
      400,
    );
  });

  it('lets a person accountable for another unit’s commitment read it', async () => {
    const forDevonPerson = await create(
      london,
      commitmentBody('region', { accountableUserId: 'dana-devon' }),
    );
    const dana = await api.tokenFor('reader', 'ics-devon', 'dana-devon');
    expect((await api.get(`/commitments/${forDevonPerson.id}`, dana)).status).toBe(200);
    const stranger = await api.tokenFor('reader', 'ics-devon', 'someone-else');
    // Unreadable looks like missing.
    await expectProblem(await api.get(`/commitments/${forDevonPerson.id}`, stranger), 404);
  });

  it("hands all of a leaver's commitments in the unit to someone else, each recorded as an action", async () => {
    const leaver = await api.tokenFor('editor', 'region-london', 'leaver');
    const a = await create(leaver, commitmentBody('region', { title: 'Leaver A' }));
    const b = await create(leaver, commitmentBody('region', { title: 'Leaver B', dueDate: '2098-01-01' }));
    // The leaver's commitment in another unit is not the London editor's to hand over.
    const elsewhere = await create(
      devon,
      commitmentBody('ics', { accountableUserId: 'leaver', title: 'Devon, same person' }),
    );

    const body = { fromUserId: 'leaver', toUserId: 'successor', reason: 'Left the organisation' };
    await expectProblem(
      await api.request('POST', '/org-units/region-london/handovers', { token: devon, body }),
      403,
    );
    await expectProblem(
      await api.request('POST', '/org-units/region-london/handovers', { token: londonReader, body }),
      403,
    );
    const problem = await expectProblem(
      await api.request('POST', '/org-units/region-london/handovers', {
        token: london,
        body: { ...body, toUserId: 'leaver', extra: 1 },
      }),
      400,
    );
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['body.extra', 'body.toUserId']);

    const response = await api.request('POST', '/org-units/region-london/handovers', { token: london, body });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const result = HandoverResultSchema.parse(JSON.parse(text));
    expect(result.count).toBe(2);
    expect(result.handedOver.map((h) => h.commitmentId).sort()).toEqual([a.id, b.id].sort());

    for (const id of [a.id, b.id]) {
      const after = await getDetail(id);
      expect(after.accountableUserId).toBe('successor');
      expect(after.actionCount).toBe(1);
      const actions = pageOf(ActionSchema).parse(
        await (await api.get(`/commitments/${id}/actions`, london)).json(),
      );
      expect(actions.items[0]).toMatchObject({
        accountabilityChange: { from: 'leaver', to: 'successor' },
        summary: 'Accountability handed over from leaver to successor: Left the organisation',
        loggedBy: 'user-editor-region-london',
      });
      const audit = (await (await api.get(`/commitments/${id}/audit`, london)).json()) as { valid: boolean };
      expect(audit.valid).toBe(true);
    }
    expect((await getDetail(elsewhere.id)).accountableUserId).toBe('leaver');

    const successor = await api.tokenFor('reader', 'region-london', 'successor');
    const mine = pageOf(CommitmentSchema).parse(await (await api.get('/me/commitments', successor)).json());
    expect(mine.items.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());

    // Doing it again finds nothing left to hand over and logs nothing.
    const again = HandoverResultSchema.parse(
      await (await api.request('POST', '/org-units/region-london/handovers', { token: london, body })).json(),
    );
    expect(again.count).toBe(0);
    await api.runtime.settled();
    const logged = received.filter(
      (e) => e['detail-type'] === 'Duty Logged' && [a.id, b.id].includes(String(dataOf(e).commitmentId)),
    );
    expect(logged).toHaveLength(2);
  });

  it('hands over only the commitments named, and rejects ids the leaver is not accountable for', async () => {
    const leaver = await api.tokenFor('editor', 'region-london', 'leaver-2');
    const keep = await create(leaver, commitmentBody('region', { title: 'Keep' }));
    const move = await create(leaver, commitmentBody('region', { title: 'Move' }));
    const body = { fromUserId: 'leaver-2', toUserId: 'cover', reason: 'Maternity cover' };
    const problem = await expectProblem(
      await api.request('POST', '/org-units/region-london/handovers', {
        token: london,
        body: { ...body, commitmentIds: [move.id, 'cmt-nope'] },
      }),
      400,
    );
    expect(problem.errors?.map((e) => e.path)).toEqual(['body.commitmentIds.1']);
    expect((await getDetail(move.id)).accountableUserId).toBe('leaver-2');

    const result = HandoverResultSchema.parse(
      await (
        await api.request('POST', '/org-units/region-london/handovers', {
          token: london,
          body: { ...body, commitmentIds: [move.id] },
        })
      ).json(),
    );
    expect(result.handedOver.map((h) => h.commitmentId)).toEqual([move.id]);
    expect((await getDetail(keep.id)).accountableUserId).toBe('leaver-2');
    expect((await getDetail(move.id)).accountableUserId).toBe('cover');
  });
});

describe('concurrent hand-overs', () => {
  it('hands each commitment over once when two editors hand the same leaver to different people', async () => {
    const leaver = await api.tokenFor('editor', 'region-london', 'leaver-3');
    const ids = await Promise.all(
      [1, 2, 3].map(async (i) => (await create(leaver, commitmentBody('region', { title: `Race ${i}` }))).id),
    );
    const other = await api.tokenFor('editor', 'region-london', 'second-editor');
    const [a, b] = await Promise.all(
      [
        [london, 'first-taker'],
        [other, 'second-taker'],
      ].map(async ([token, to]) =>
        HandoverResultSchema.parse(
          await (
            await api.request('POST', '/org-units/region-london/handovers', {
              token,
              body: { fromUserId: 'leaver-3', toUserId: to, reason: 'Left' },
            })
          ).json(),
        ),
      ),
    );
    expect((a?.count ?? 0) + (b?.count ?? 0)).toBe(3);
    for (const id of ids) {
      const after = await getDetail(id);
      expect(after.actionCount).toBe(1);
      expect(['first-taker', 'second-taker']).toContain(after.accountableUserId);
    }
  });
});

describe('POST /commitments/bulk-status', () => {
  it('moves each item from its own version, reports a stale one in the middle, and emits the usual events', async () => {
    const [one, two, three] = await Promise.all(
      ['Bulk one', 'Bulk two', 'Bulk three'].map((title) =>
        create(london, commitmentBody('region', { title })),
      ),
    );
    if (!one || !two || !three) throw new Error('setup');
    // Someone changes the middle one after the caller read it.
    const patched = await api.request('PATCH', `/commitments/${two.id}`, {
      token: london,
      body: { rag: 'amber' },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.status).toBe(200);
    const devonsOwn = await create(devon, commitmentBody('ics'));

    const response = await api.request('POST', '/commitments/bulk-status', {
      token: london,
      body: {
        status: 'at_risk',
        reason: 'Funding delayed',
        items: [
          { id: one.id, version: 1 },
          { id: two.id, version: 1 },
          { id: three.id, version: 1 },
          { id: devonsOwn.id, version: 1 },
          { id: 'cmt-missing', version: 1 },
        ],
      },
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const result = BulkStatusResultSchema.parse(JSON.parse(text));
    expect(result).toMatchObject({ status: 'at_risk', updated: 2, failed: 3 });
    expect(result.results.map((r) => [r.id, r.status, r.outcome])).toEqual([
      [one.id, 200, 'updated'],
      [two.id, 412, 'failed'],
      [three.id, 200, 'updated'],
      [devonsOwn.id, 404, 'failed'],
      ['cmt-missing', 404, 'failed'],
    ]);
    expect(result.results[0]).toMatchObject({ from: 'not_started', to: 'at_risk', version: 2 });
    expect(result.results[1]).toMatchObject({
      version: 2,
      problem: { type: '/problems/precondition-failed' },
    });

    expect((await getDetail(one.id)).status).toBe('at_risk');
    expect((await getDetail(two.id)).status).toBe('not_started');
    expect((await getDetail(three.id)).status).toBe('at_risk');
    expect((await getDetail(devonsOwn.id)).status).toBe('not_started');

    await api.runtime.settled();
    const changed = received
      .filter((e) => e['detail-type'] === 'Commitment Status Changed')
      .map((e) => dataOf(e).commitmentId);
    expect(changed).toContain(one.id);
    expect(changed).toContain(three.id);
    expect(changed).not.toContain(two.id);
  });

  it('reports a rule broken by one item (reopening without a reason) without stopping the rest', async () => {
    const done = await create(london, commitmentBody('region', { title: 'Done' }));
    const open = await create(london, commitmentBody('region', { title: 'Open' }));
    const closed = await api.request('PATCH', `/commitments/${done.id}`, {
      token: london,
      body: { status: 'completed' },
      headers: { 'if-match': '"1"' },
    });
    expect(closed.status).toBe(200);
    const result = BulkStatusResultSchema.parse(
      await (
        await api.request('POST', '/commitments/bulk-status', {
          token: london,
          body: {
            status: 'on_track',
            items: [
              { id: done.id, version: 2 },
              { id: open.id, version: 1 },
            ],
          },
        })
      ).json(),
    );
    expect(result.results.map((r) => r.status)).toEqual([400, 200]);
    expect(result.results[0]?.problem?.errors?.[0]?.path).toBe('body.reason');
  });

  it('reports an item the table failed on as 503 and still changes the others', async () => {
    const [ok, unlucky] = await Promise.all(
      ['Survives', 'Unlucky'].map((title) => create(london, commitmentBody('region', { title }))),
    );
    if (!ok || !unlucky) throw new Error('setup');
    const send = documentClient.send.bind(documentClient);
    // Fault injection: the write of the unlucky commitment fails as a throttled table would.
    const spy = vi.spyOn(documentClient, 'send').mockImplementation(((command: unknown) => {
      const puts = (command as { input?: { TransactItems?: Array<{ Put?: { Item?: { id?: unknown } } }> } })
        .input?.TransactItems;
      if (
        (command as object).constructor.name === 'TransactWriteCommand' &&
        puts?.some((p) => p.Put?.Item?.id === unlucky.id)
      ) {
        return Promise.reject(new Error('injected: ProvisionedThroughputExceeded'));
      }
      return send(command as never);
    }) as typeof documentClient.send);
    let result: ReturnType<typeof BulkStatusResultSchema.parse>;
    try {
      const response = await api.request('POST', '/commitments/bulk-status', {
        token: london,
        body: {
          status: 'on_track',
          items: [
            { id: unlucky.id, version: 1 },
            { id: ok.id, version: 1 },
          ],
        },
      });
      result = BulkStatusResultSchema.parse(await response.json());
    } finally {
      spy.mockRestore();
    }
    expect(result.results.map((r) => [r.id, r.status])).toEqual([
      [unlucky.id, 503],
      [ok.id, 200],
    ]);
    expect(result.results[0]?.problem?.type).toBe('/problems/service-unavailable');
    expect((await getDetail(unlucky.id)).status).toBe('not_started');
    expect((await getDetail(ok.id)).status).toBe('on_track');
  });

  it('rejects a malformed request as a whole and changes nothing', async () => {
    const c = await create(london, commitmentBody('region'));
    const problem = await expectProblem(
      await api.request('POST', '/commitments/bulk-status', {
        token: london,
        body: {
          status: 'paused',
          items: [
            { id: c.id, version: 1 },
            { id: c.id, version: 0 },
          ],
        },
      }),
      400,
    );
    expect(problem.errors?.map((e) => e.path).sort()).toEqual([
      'body.items',
      'body.items.1.version',
      'body.status',
    ]);
    expect((await getDetail(c.id)).version).toBe(1);
  });
});

describe('roll-ups', () => {
  it('rolls progress and RAG up three levels by the documented rule', async () => {
    // Each link is made by the parent's unit, which reads both ends (docs/api.md, "Roll-ups").
    const adopt = async (token: string, parent: Commitment, child: Commitment) => {
      const linked = await api.request('PATCH', `/commitments/${child.id}`, {
        token,
        body: { parentId: parent.id },
        headers: { 'if-match': `"${child.version}"` },
      });
      expect(linked.status).toBe(200);
      return CommitmentSchema.parse(await linked.json());
    };
    const nationalGoal = await create(national, commitmentBody('national', { title: 'National goal' }));
    const londonPart = await adopt(
      national,
      nationalGoal,
      await create(london, commitmentBody('region', { title: 'London part' })),
    );
    const southWest = await api.tokenFor('editor', 'region-south-west');
    const southWestPart = await adopt(
      national,
      nationalGoal,
      await create(southWest, commitmentBody('region', { title: 'South West part', rag: 'amber' })),
    );
    const nclPart = await adopt(
      london,
      londonPart,
      await create(northCentral, commitmentBody('ics', { title: 'NCL part' })),
    );
    const nelPart = await adopt(
      london,
      londonPart,
      await create(northEast, commitmentBody('ics', { title: 'NEL part' })),
    );
    const cancelledPart = await adopt(
      london,
      londonPart,
      await create(northEast, commitmentBody('ics', { title: 'Dropped', rag: 'red' })),
    );

    await logAction(northCentral, nclPart.id, { progress: 80, statusChange: { to: 'on_track' } });
    await logAction(northEast, nelPart.id, { progress: 30, statusChange: { to: 'on_track' } });
    await api.request('PATCH', `/commitments/${nelPart.id}`, {
      token: northEast,
      body: { rag: 'red' },
      headers: { 'if-match': '"3"' },
    });
    await logAction(northEast, cancelledPart.id, { progress: 0, statusChange: { to: 'cancelled' } });
    await logAction(southWest, southWestPart.id, { progress: 40, statusChange: { to: 'on_track' } });

    // London's part: mean of 80 and 30 (the cancelled child is left out); worst RAG is NEL's red.
    const londonView = await getDetail(londonPart.id, london);
    expect(londonView.rollup).toEqual({
      children: 3,
      descendants: 3,
      overdueDescendants: 0,
      childrenByStatus: {
        not_started: 0,
        on_track: 2,
        at_risk: 0,
        off_track: 0,
        completed: 0,
        cancelled: 1,
      },
      progress: 55,
      rag: 'red',
    });
    // National: mean of London's rolled-up 55 and South West's own 40; worst of red and amber.
    const nationalView = await getDetail(nationalGoal.id);
    expect(nationalView.rollup).toMatchObject({ children: 2, descendants: 5, progress: 48, rag: 'red' });

    // The leaf has no roll-up.
    expect((await getDetail(nclPart.id)).rollup).toBeUndefined();

    // The region (the parent's owner) reads its children across units, each with its own roll-up.
    const children = ChildrenSchema.parse(
      await (await api.get(`/commitments/${nationalGoal.id}/children`, national)).json(),
    );
    expect(children.items.map((c) => c.id).sort()).toEqual([londonPart.id, southWestPart.id].sort());
    expect(children.items.find((c) => c.id === londonPart.id)?.rollup?.progress).toBe(55);
    const londonChildren = ChildrenSchema.parse(
      await (await api.get(`/commitments/${londonPart.id}/children`, londonReader)).json(),
    );
    expect(londonChildren.items.map((c) => c.title).sort()).toEqual(['Dropped', 'NCL part', 'NEL part']);
    // The parent's unit sees who linked each child.
    expect(new Set(londonChildren.items.map((c) => c.linkedBy))).toEqual(
      new Set(['user-editor-region-london']),
    );
    // An ICS cannot read the region's commitment, so neither its children.
    await expectProblem(await api.get(`/commitments/${londonPart.id}/children`, devon), 404);

    // Completing London's part counts it as 100 and green whatever its children say.
    const current = await getDetail(londonPart.id, london);
    const completed = await api.request('PATCH', `/commitments/${londonPart.id}`, {
      token: london,
      body: { status: 'completed' },
      headers: { 'if-match': `"${current.version}"` },
    });
    expect(completed.status).toBe(200);
    expect((await getDetail(nationalGoal.id)).rollup).toMatchObject({ progress: 70, rag: 'amber' });
  });

  it('rejects cross-region parents, parents at the same or a lower tier, cycles and unknown parents', async () => {
    // Devon's editor is accountable for London's goal, so reads it: the region rule still applies.
    const londonGoal = await create(
      london,
      commitmentBody('region', { title: 'London goal', accountableUserId: 'user-editor-ics-devon' }),
    );
    const nationalGoal = await create(national, commitmentBody('national'));

    const crossRegion = await expectProblem(
      await api.request('POST', '/commitments', {
        token: devon,
        body: commitmentBody('ics', { parentId: londonGoal.id }),
      }),
      400,
    );
    expect(crossRegion.errors).toEqual([
      expect.objectContaining({ path: 'body.parentId', code: 'cross_region_parent' }),
    ]);

    const sameTier = await expectProblem(
      await api.request('POST', '/commitments', {
        token: london,
        body: commitmentBody('region', { parentId: londonGoal.id }),
      }),
      400,
    );
    expect(sameTier.errors?.[0]).toMatchObject({ path: 'body.parentId', code: 'parent_tier' });

    const unknown = await expectProblem(
      await api.request('POST', '/commitments', {
        token: london,
        body: commitmentBody('region', { parentId: 'cmt-nope' }),
      }),
      400,
    );
    expect(unknown.errors?.[0]).toMatchObject({ path: 'body.parentId', code: 'parent_not_found' });

    // London -> national (linked by national, which reads both); then national -> London would close a loop.
    const linked = await api.request('PATCH', `/commitments/${londonGoal.id}`, {
      token: national,
      body: { parentId: nationalGoal.id },
      headers: { 'if-match': '"1"' },
    });
    expect(linked.status).toBe(200);
    const cycle = await expectProblem(
      await api.request('PATCH', `/commitments/${nationalGoal.id}`, {
        token: national,
        body: { parentId: londonGoal.id },
        headers: { 'if-match': '"1"' },
      }),
      400,
    );
    expect(cycle.errors?.[0]).toMatchObject({ path: 'body.parentId', code: 'cycle' });
    const self = await expectProblem(
      await api.request('PATCH', `/commitments/${nationalGoal.id}`, {
        token: national,
        body: { parentId: nationalGoal.id },
        headers: { 'if-match': '"1"' },
      }),
      400,
    );
    expect(self.errors?.[0]).toMatchObject({ code: 'cycle' });
    expect((await getDetail(nationalGoal.id)).version).toBe(1);

    // Unlinking with null takes it out of the parent's roll-up.
    expect((await getDetail(nationalGoal.id)).rollup?.children).toBe(1);
    const unlinked = await api.request('PATCH', `/commitments/${londonGoal.id}`, {
      token: london,
      body: { parentId: null },
      headers: { 'if-match': '"2"' },
    });
    expect(unlinked.status).toBe(200);
    expect(CommitmentSchema.parse(await unlinked.json()).parentId).toBeUndefined();
    expect((await getDetail(nationalGoal.id)).rollup).toBeUndefined();
  });
});
