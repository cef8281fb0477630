import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitmentSchema, CommitmentVersionSchema, pageOf } from '../../functions/openapi/response.schemas';
import type { BusEvent } from '../../local/event-bus';
import type { Identity } from '../../shared/auth/identity';
import { CommitmentsService } from '../../shared/commitments/commitments.service';
import type { SweepResult } from '../../shared/commitments/overdue-sweep';
import { londonDate, weekLabel } from '../../shared/summaries/period';
import { generateSummary } from '../../shared/summaries/summaries.service';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

/**
 * Assurance: measurable commitments, delivery confidence from owner and assurer, responses to red,
 * evidence and sign-off, and escalation that waits for an acknowledgement.
 */
let api: TestApi;
let london: string;
const events: BusEvent[] = [];
beforeAll(async () => {
  api = await startTestApi();
  london = await api.tokenFor('editor', 'region-london');
  api.runtime.bus.subscribe({ source: [{ prefix: '' }] }, (e) => events.push(e));
});
const who = (unitId: string, userId = `editor.${unitId}`): Identity => ({ userId, role: 'editor', unitId });
const at = (iso: string) => new CommitmentsService(api.runtime.tableName, () => new Date(iso));
const sweep = (today: string) => api.runtime.runJob('OverdueSweep', { today }) as Promise<SweepResult>;
const ncl = who('ics-north-central-london', 'grace.mensah');
const londonEditor = who('region-london', 'amara.okafor');
const icsCommitment = (title: string, iso = '2026-12-01T09:00:00Z') =>
  at(iso).create(ncl, {
    ...commitmentBody('ics', { title }),
    description: '',
    status: 'on_track',
    rag: 'green',
  } as Parameters<CommitmentsService['create']>[1]);
afterAll(async () => {
  await api?.runtime.stop();
});

const create = async (token: string, body: Record<string, unknown>) => {
  const response = await api.request('POST', '/commitments', { token, body });
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return CommitmentSchema.parse(JSON.parse(text));
};

describe('measurable commitments', () => {
  it('flags a commitment without a deliverable or a measure as not measurable, in lists and summaries', async () => {
    const vague = await create(london, commitmentBody('region', { title: 'Improve things' }));
    expect([vague.measurable, vague.notMeasurable]).toEqual([false, ['deliverable', 'measure']]);
    const clear = await create(
      london,
      commitmentBody('region', {
        title: 'Publish the workforce plan',
        deliverable: 'A published 5-year workforce plan',
        measure: 'Board approval by the due date',
      }),
    );
    expect([clear.measurable, clear.notMeasurable]).toEqual([true, []]);

    const list = async (query: string) =>
      pageOf(CommitmentSchema)
        .parse(await (await api.get(`/commitments?unit=region-london&${query}`, london)).json())
        .items.map((c) => c.id);
    expect(await list('measurable=false')).toEqual([vague.id]);
    expect(await list('measurable=true')).toEqual([clear.id]);

    // The region fixes it; a measure can also be taken away again (null).
    const fixed = await api.request('PATCH', `/commitments/${vague.id}`, {
      token: london,
      headers: { 'if-match': '"1"' },
      body: { deliverable: 'Three new training places', measure: 'Places filled by September' },
    });
    expect(CommitmentSchema.parse(await fixed.json()).measurable).toBe(true);
    const cleared = await api.request('PATCH', `/commitments/${clear.id}`, {
      token: london,
      headers: { 'if-match': '"1"' },
      body: { measure: null },
    });
    expect(CommitmentSchema.parse(await cleared.json()).notMeasurable).toEqual(['measure']);

    // This week's digest (a draft): the commitments were made just now, through the API.
    const digest = await generateSummary(api.runtime.tableName, {
      kind: 'digest',
      scope: 'region-london',
      period: weekLabel(londonDate(new Date())),
      correlationId: 't',
    });
    const json = JSON.parse(
      await (await api.get(`/reports/${digest.record.id}?format=json`, london)).text(),
    ) as {
      totals: { notMeasurable: number };
      notMeasurable: Array<{ commitmentId: string; missing: string[] }>;
      narrative: string[];
    };
    expect(json.totals.notMeasurable).toBe(1);
    expect(json.notMeasurable).toEqual([
      expect.objectContaining({ commitmentId: clear.id, missing: ['measure'] }),
    ]);
    expect(json.narrative).toContain(
      '1 open commitment is not measurable (no deliverable, measure or target, due date or accountable person).',
    );
    const csv = await (await api.get(`/reports/${digest.record.id}?format=csv`, london)).text();
    expect(csv).toContain(`Not measurable,${clear.id},`);
  });

  it('imports and exports the deliverable and measure, and exports whether each is measurable', async () => {
    const csv = [
      'title,accountableRole,responsibilityIds,dueDate,deliverable,measure',
      'Imported with both,Head of Workforce Planning,REG-WP-1,2099-01-31,A signed agreement,Signed by March',
      'Imported without,Head of Workforce Planning,REG-WP-1,2099-02-28,,',
    ].join('\n');
    const imported = await api.request('POST', '/imports?kind=commitments', {
      token: london,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status, await imported.clone().text()).toBe(201);
    const exported = await (await api.get('/commitments/export?unit=region-london', london)).text();
    const [header, ...rows] = exported.trim().split('\n');
    const columns = (header as string).split(',');
    const row = (title: string) => {
      const cells = (rows.find((r) => r.includes(title)) as string).split(',');
      return (name: string) => cells[columns.indexOf(name)];
    };
    expect(['deliverable', 'measure', 'measurable'].map(row('Imported with both'))).toEqual([
      'A signed agreement',
      'Signed by March',
      'true',
    ]);
    expect(row('Imported without')('measurable')).toBe('false');
  });
});

describe('delivery confidence, from the owner and the assurer', () => {
  it('keeps each side’s rating with who, when and why, and refuses anyone else', async () => {
    const c = await icsCommitment('Open two new training hubs');
    const rate = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      api.request('POST', `/commitments/${c.id}/confidence`, { token, body, headers });
    const owner = await api.tokenFor('editor', 'ics-north-central-london', 'grace.mensah');
    const first = await rate(owner, { rating: 'amber', reason: 'Second site not yet signed' });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const rated = CommitmentSchema.parse(await first.json());
    expect(rated.ownerConfidence).toMatchObject({
      rating: 'amber',
      by: 'grace.mensah',
      unitId: 'ics-north-central-london',
      reason: 'Second site not yet signed',
    });
    expect(rated.assurerConfidence).toBeUndefined();

    // The region assures its ICSs' commitments: a Green from it sits beside the owner's Amber.
    const assurer = CommitmentSchema.parse(
      await (await rate(london, { rating: 'green', reason: 'Plan credible' }, { 'if-match': '"2"' })).json(),
    );
    expect([assurer.ownerConfidence?.rating, assurer.assurerConfidence?.rating]).toEqual(['amber', 'green']);
    expect(assurer.assurerConfidence?.unitId).toBe('region-london');

    // A stale If-Match, a reader, national (not this commitment's assurer), another ICS (cannot see it).
    await expectProblem(await rate(london, { rating: 'red', reason: 'x' }, { 'if-match': '"2"' }), 412);
    await expectProblem(
      await rate(await api.tokenFor('reader', 'region-london'), { rating: 'red', reason: 'x' }),
      403,
    );
    const national = await expectProblem(
      await rate(await api.tokenFor('editor', 'national'), { rating: 'red', reason: 'x' }),
      403,
    );
    expect(national.detail).toMatch(/owner \(ics-north-central-london\) and its assurer \(region-london\)/);
    await expectProblem(
      await rate(await api.tokenFor('editor', 'ics-north-east-london'), { rating: 'red', reason: 'x' }),
      404,
    );
    const invalid = await expectProblem(await rate(owner, { rating: 'purple' }), 400);
    expect(invalid.errors?.map((e) => e.path).sort()).toEqual(['body.rating', 'body.reason']);

    const history = pageOf(CommitmentVersionSchema).parse(
      await (await api.get(`/commitments/${c.id}/history`, owner)).json(),
    ).items;
    expect(history.filter((v) => v.change === 'confidence').map((v) => [v.by, v.reason])).toEqual([
      ['grace.mensah', 'owner confidence amber: Second site not yet signed'],
      ['user-editor-region-london', 'assurer confidence green: Plan credible'],
    ]);
  });

  it('opens a response to red with deadlines in working days, tracks the recovery action and closes it', async () => {
    const c = await icsCommitment('Recruit 40 nursing associates', '2026-12-01T09:00:00Z');
    // A Red from the assurer on Friday 18 December 2026: 10 working days skip Christmas Day, the
    // Boxing Day substitute (Monday 28th) and New Year's Day.
    const red = await at('2026-12-18T10:00:00Z').rateConfidence(londonEditor, c.id, {
      rating: 'red',
      reason: 'Recruitment paused',
    });
    expect(red.responseToRed).toMatchObject({
      openedBy: 'assurer',
      recoveryDue: '2027-01-06',
      reReviewDate: '2027-01-20',
    });
    // No open response, no recovery flag; with one, the recovery action is recorded on it.
    const other = await icsCommitment('No red here');
    const refused = await api.request('POST', `/commitments/${other.id}/actions`, {
      token: await api.tokenFor('editor', 'ics-north-central-london'),
      body: { summary: 'Recovery?', occurredAt: '2026-01-01', recovery: true },
    });
    expect((await expectProblem(refused, 400)).errors?.[0]?.path).toBe('body.recovery');
    const action = await at('2027-01-05T10:00:00Z').logAction(ncl, c.id, {
      summary: 'Recovery plan agreed with two agencies',
      occurredAt: '2027-01-05',
      evidence: [],
      recovery: true,
    });
    const after = await at('2027-01-05T11:00:00Z').rateConfidence(ncl, c.id, {
      rating: 'amber',
      reason: 'Agencies engaged',
    });
    expect(after.responseToRed).toMatchObject({ recoveryActionId: action.id });
    expect(after.responseToRed?.closedAt).toBeUndefined(); // the assurer still says Red
    const closed = await at('2027-01-19T10:00:00Z').rateConfidence(londonEditor, c.id, {
      rating: 'amber',
      reason: 'Recovery on track',
    });
    expect(closed.responseToRed?.closedAt).toBe('2027-01-19T10:00:00.000Z');
  });

  it('raises Response To Red Overdue once for a missed recovery action and once for a missed re-review', async () => {
    const c = await icsCommitment('Expand simulation training', '2026-12-01T09:00:00Z');
    await at('2027-02-01T10:00:00Z').rateConfidence(ncl, c.id, {
      rating: 'red',
      reason: 'Lost the venue',
      reReviewDate: '2027-02-22',
    });
    const missed = () =>
      events
        .filter((e) => e['detail-type'] === 'Response To Red Overdue')
        .map(
          (e) => (e.detail as { data: { commitmentId: string; missed: string; assurerUnitId: string } }).data,
        )
        .filter((d) => d.commitmentId === c.id);
    // Recovery action due on 15 February (10 working days): nothing is missed on the 15th itself.
    await sweep('2027-02-15');
    await api.runtime.settled();
    expect(missed()).toEqual([]);
    expect(await sweep('2027-02-16')).toMatchObject({ responseToRedMarked: 1 });
    await sweep('2027-02-16');
    expect(await sweep('2027-02-23')).toMatchObject({ responseToRedMarked: 1 });
    await api.runtime.settled();
    expect(missed().map((d) => [d.missed, d.assurerUnitId])).toEqual([
      ['recovery-action', 'region-london'],
      ['re-review', 'region-london'],
    ]);
  });
});

describe('escalation that waits for an acknowledgement', () => {
  const body = (title: string, dueDate: string) =>
    ({
      ...commitmentBody('ics', { title, dueDate }),
      description: '',
      status: 'on_track',
      rag: 'green',
    }) as Parameters<CommitmentsService['create']>[1];
  const levelsOf = (id: string) =>
    events
      .filter((e) => e['detail-type'] === 'Duty Overdue')
      .map(
        (e) => (e.detail as { data: { commitmentId: string; escalationLevel: number; heldBy: string } }).data,
      )
      .filter((d) => d.commitmentId === id)
      .map((d) => [d.escalationLevel, d.heldBy])
      .sort();

  it('moves a duty up a tier only when the unit holding it has not acknowledged it within 5 working days', async () => {
    // Due Sunday 1 November 2026: overdue from Monday 2nd, held by the ICS.
    const acked = await at('2026-10-01T09:00:00Z').create(ncl, body('Acknowledged in time', '2026-11-01'));
    const ignored = await at('2026-10-01T09:00:00Z').create(ncl, body('Never acknowledged', '2026-11-01'));
    await sweep('2026-11-02');
    // The region cannot acknowledge what has not reached it yet, and says when it would.
    await expect(
      at('2026-11-03T09:00:00Z').acknowledge(londonEditor, acked.id, 'We will look at it'),
    ).rejects.toThrow(/held by ics-north-central-london \(level 0\); it reaches region-london on 2026-11-09/);
    // Five working days on (Monday 9th) both have reached the region.
    expect(await sweep('2026-11-09')).toMatchObject({ overdueMarked: 2 });
    const ack = await at('2026-11-10T09:00:00Z').acknowledge(
      londonEditor,
      acked.id,
      'Regional lead meets the ICS on Thursday to agree a recovery date',
    );
    expect(ack.acknowledgement).toMatchObject({ level: 1, unitId: 'region-london', dueDate: '2026-11-01' });
    // Monday 16th: the unacknowledged one goes to national; the acknowledged one stays with the region.
    expect(await sweep('2026-11-16')).toMatchObject({ overdueMarked: 1 });
    await api.runtime.settled();
    expect(levelsOf(acked.id)).toEqual([
      [0, 'ics-north-central-london'],
      [1, 'region-london'],
    ]);
    expect(levelsOf(ignored.id)).toEqual([
      [0, 'ics-north-central-london'],
      [1, 'region-london'],
      [2, 'national'],
    ]);
    const acknowledged = events
      .filter((e) => e['detail-type'] === 'Duty Acknowledged')
      .map((e) => (e.detail as { data: Record<string, unknown> }).data)
      .filter((d) => d.commitmentId === acked.id);
    expect(acknowledged).toEqual([
      expect.objectContaining({ escalationLevel: 1, acknowledged: true, unitId: 'region-london' }),
    ]);

    // November's digest lists unacknowledged escalations first.
    const digest = await generateSummary(
      api.runtime.tableName,
      { kind: 'digest', scope: 'region-london', period: '2026-11', correlationId: 't' },
      new Date('2026-12-01T09:00:00Z'),
    );
    const json = JSON.parse(
      await (await api.get(`/reports/${digest.record.id}?format=json`, london)).text(),
    ) as { escalated: Array<{ commitmentId: string; escalationLevel: number; acknowledged: boolean }> };
    expect(json.escalated.map((r) => [r.commitmentId, r.escalationLevel, r.acknowledged])).toEqual([
      [ignored.id, 1, false],
      [ignored.id, 2, false],
      [acked.id, 1, true],
    ]);
  });

  it('takes acknowledgements through the API from the units holding the duty, and refuses the rest', async () => {
    const owner = await api.tokenFor('editor', 'ics-north-central-london');
    const c = await at('2025-12-01T09:00:00Z').create(ncl, body('Long overdue', '2026-01-02'));
    const acknowledge = (token: string, payload: unknown) =>
      api.request('POST', `/commitments/${c.id}/acknowledgements`, { token, body: payload });
    const response = await acknowledge(owner, { plan: 'Owner will re-plan by Friday' });
    expect(response.status).toBe(201);
    expect(CommitmentSchema.parse(await response.json()).acknowledgement).toMatchObject({
      level: 0,
      unitId: 'ics-north-central-london',
      plan: 'Owner will re-plan by Friday',
    });
    await expectProblem(await acknowledge(await api.tokenFor('reader', 'region-london'), { plan: 'x' }), 403);
    const invalid = await expectProblem(await acknowledge(owner, {}), 400);
    expect(invalid.errors?.[0]?.path).toBe('body.plan');
    const future = await at('2025-12-01T09:00:00Z').create(ncl, body('Not due yet', '2099-01-01'));
    const notOverdue = await api.request('POST', `/commitments/${future.id}/acknowledgements`, {
      token: owner,
      body: { plan: 'x' },
    });
    expect((await expectProblem(notOverdue, 409)).detail).toMatch(/is not overdue \(due 2099-01-01\)/);
    const history = pageOf(CommitmentVersionSchema).parse(
      await (await api.get(`/commitments/${c.id}/history`, owner)).json(),
    ).items;
    expect(history.at(-1)).toMatchObject({
      change: 'acknowledged',
      reason: 'level 0 (ics-north-central-london): Owner will re-plan by Friday',
    });
  });
});
