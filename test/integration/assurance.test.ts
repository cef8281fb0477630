import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CommitmentSchema,
  CommitmentVersionSchema,
  EvidenceUploadSchema,
  pageOf,
} from '../../functions/openapi/response.schemas';
import type { BusEvent } from '../../local/event-bus';
import type { Identity } from '../../shared/auth/identity';
import { CommitmentsService } from '../../shared/commitments/commitments.service';
import type { SweepResult } from '../../shared/commitments/overdue-sweep';
import { daysBetween, londonDate, parsePeriod, weekLabel } from '../../shared/summaries/period';
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

    await api.runtime.settled();
    const ratedEvents = events
      .filter((e) => e['detail-type'] === 'Delivery Confidence Rated')
      .map((e) => (e.detail as { data: Record<string, unknown> }).data)
      .filter((d) => d.commitmentId === c.id);
    expect(ratedEvents.map((d) => [d.side, d.rating, d.previous, d.unitId, d.responseToRed])).toEqual([
      ['owner', 'amber', null, 'ics-north-central-london', 'none'],
      ['assurer', 'green', null, 'region-london', 'none'],
    ]);
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

describe('evidence and sign-off', () => {
  const pdf = Buffer.from('%PDF-1.4\n% minutes of the workforce board, 12 November\n%%EOF\n');
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const newCommitment = async (token: string, extra: Record<string, unknown> = {}) =>
    create(token, commitmentBody('ics', { title: 'Evidence-backed', ...extra }));

  it('uploads a file through a pre-signed URL and records its hash on the action that cites it', async () => {
    const owner = await api.tokenFor('editor', 'ics-north-central-london');
    const c = await newCommitment(owner);
    const ask = (token: string, body: Record<string, unknown>) =>
      api.request('POST', '/evidence', { token, body });
    const request = {
      commitmentId: c.id,
      fileName: 'minutes.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
      sha256,
    };
    const granted = await ask(owner, request);
    expect(granted.status).toBe(201);
    const { key, upload } = EvidenceUploadSchema.parse(await granted.json());
    expect(key).toMatch(new RegExp(`^evidence/${c.id}/[0-9a-f-]{36}/minutes\\.pdf$`));

    // The URL takes exactly the declared file: another body, or an altered URL, is refused.
    const put = (url: string, body: Buffer) => fetch(url, { method: 'PUT', headers: upload.headers, body });
    expect((await put(upload.url, Buffer.from('something else entirely, same length?'))).status).toBe(400);
    expect((await put(upload.url.replace(/size=\d+/, 'size=5'), pdf)).status).toBe(403);
    // Citing it before it is uploaded: refused, naming the field.
    const cite = (evidence: unknown[]) =>
      api.request('POST', `/commitments/${c.id}/actions`, {
        token: owner,
        body: { summary: 'Board approved the plan', occurredAt: '2026-01-01', evidence },
      });
    const early = await expectProblem(await cite([{ file: { key } }]), 400);
    expect(early.errors?.[0]).toMatchObject({ path: 'body.evidence.0.file.key' });
    expect((await put(upload.url, pdf)).status).toBe(200);

    const logged = await cite([{ file: { key }, label: 'Minutes' }, { url: 'https://example.nhs.uk/plan' }]);
    expect(logged.status).toBe(201);
    const action = (await logged.json()) as { evidence: Array<Record<string, unknown>> };
    expect(action.evidence[0]).toEqual({
      label: 'Minutes',
      file: { key, name: 'minutes.pdf', contentType: 'application/pdf', size: pdf.length, sha256 },
    });
    await api.runtime.settled();
    const duty = events
      .filter((e) => e['detail-type'] === 'Duty Logged')
      .map((e) => (e.detail as { data: { commitmentId: string; evidence?: unknown[] } }).data)
      .find((d) => d.commitmentId === c.id);
    expect(duty?.evidence).toEqual([
      { label: 'Minutes', file: { key, name: 'minutes.pdf', sha256 } },
      { url: 'https://example.nhs.uk/plan' },
    ]);
    // Anyone who may read the commitment downloads it, and can check it against the recorded hash.
    const reader = await api.tokenFor('reader', 'region-london');
    const got = await api.get(`/evidence?key=${encodeURIComponent(key)}`, reader);
    expect(got.status).toBe(200);
    const facts = (await got.json()) as { sha256: string; size: number; download: { url: string } };
    expect([facts.sha256, facts.size]).toEqual([sha256, pdf.length]);
    const downloaded = await fetch(facts.download.url);
    expect(downloaded.headers.get('content-disposition')).toBe('attachment; filename="minutes.pdf"');
    expect(
      createHash('sha256')
        .update(Buffer.from(await downloaded.arrayBuffer()))
        .digest('hex'),
    ).toBe(sha256);
    expect((await fetch(facts.download.url.replace(/signature=[^&]+/, 'signature=forged'))).status).toBe(403);
    await expectProblem(
      await api.get(
        `/evidence?key=${encodeURIComponent(key)}`,
        await api.tokenFor('editor', 'ics-north-east-london'),
      ),
      404,
    );
    await expectProblem(await api.get('/evidence?key=../../secrets', reader), 400);
    const foreign = await expectProblem(
      await cite([{ file: { key: `evidence/cmt-other/${randomUUID()}/x.pdf` } }]),
      400,
    );
    expect(foreign.errors?.[0]?.message).toContain(`a key POST /evidence gave for ${c.id}`);
    const audit = (await (await api.get(`/commitments/${c.id}/audit`, owner)).json()) as { valid: boolean };
    expect(audit.valid).toBe(true);

    // Type, size, and who may ask.
    const refused = await expectProblem(
      await ask(owner, { ...request, contentType: 'application/x-msdownload', size: 11 * 1024 * 1024 }),
      400,
    );
    expect(refused.errors?.map((e) => e.path)).toEqual(['body.contentType', 'body.size']);
    for (const fileName of ['../../etc/passwd', 'a\\b.pdf', 'bell\u0007.pdf'])
      expect((await expectProblem(await ask(owner, { ...request, fileName }), 400)).errors?.[0]?.path).toBe(
        'body.fileName',
      );
    await expectProblem(await ask(london, request), 403);
    await expectProblem(await ask(await api.tokenFor('editor', 'ics-north-east-london'), request), 404);
  });

  it('holds a completion until a reviewer of the parent unit signs it off, and counts it as awaiting until then', async () => {
    const owner = await api.tokenFor('editor', 'ics-north-central-london', 'grace.mensah');
    const c = await newCommitment(owner, { signOffRequired: true, status: 'on_track' });
    const patched = await api.request('PATCH', `/commitments/${c.id}`, {
      token: owner,
      headers: { 'if-match': '"1"' },
      body: { status: 'completed' },
    });
    expect((await expectProblem(patched, 400)).errors?.[0]).toMatchObject({ path: 'body.status' });
    const complete = (evidence: unknown[]) =>
      api.request('POST', `/commitments/${c.id}/actions`, {
        token: owner,
        body: {
          summary: 'Both hubs open',
          occurredAt: '2026-01-01',
          statusChange: { to: 'completed' },
          evidence,
        },
      });
    expect((await expectProblem(await complete([]), 400)).errors?.[0]?.path).toBe('body.evidence');
    const asked = await complete([{ url: 'https://example.nhs.uk/opening', label: 'Opening notice' }]);
    expect(asked.status).toBe(201);
    expect((await asked.json()) as { signOffRequested?: string; statusChange?: unknown }).toMatchObject({
      signOffRequested: 'completion',
    });
    const waiting = CommitmentSchema.parse(await (await api.get(`/commitments/${c.id}`, owner)).json());
    expect([waiting.status, waiting.signOff?.state, waiting.signOff?.kind]).toEqual([
      'on_track',
      'awaiting',
      'completion',
    ]);
    await expectProblem(await complete([{ url: 'https://example.nhs.uk/again' }]), 409);

    // This week's digest counts it as awaiting sign-off, not as completed.
    const digest = await generateSummary(api.runtime.tableName, {
      kind: 'digest',
      scope: 'region-london',
      period: weekLabel(londonDate(new Date())),
      correlationId: 't',
    });
    const json = JSON.parse(
      await (await api.get(`/reports/${digest.record.id}?format=json`, london)).text(),
    ) as {
      awaitingSignOff: Array<{ commitmentId: string; awaiting: string; awaitingDays: number }>;
      completed: Array<{ commitmentId: string }>;
    };
    // Days waiting as at the period's end (this week's Sunday).
    const week = parsePeriod(weekLabel(londonDate(new Date())));
    expect(json.awaitingSignOff).toContainEqual(
      expect.objectContaining({
        commitmentId: c.id,
        awaiting: 'completion',
        awaitingDays: daysBetween(londonDate(new Date()), week.end),
      }),
    );
    expect(json.completed.map((r) => r.commitmentId)).not.toContain(c.id);

    const signOff = (token: string, body: Record<string, unknown>) =>
      api.request('POST', `/commitments/${c.id}/sign-off`, { token, body });
    await expectProblem(await signOff(owner, { decision: 'approve', note: 'Mine' }), 403);
    await expectProblem(
      await signOff(await api.tokenFor('editor', 'national'), { decision: 'approve', note: 'x' }),
      403,
    );
    const approved = await signOff(london, { decision: 'approve', note: 'Checked the opening notice' });
    expect(approved.status).toBe(200);
    const done = CommitmentSchema.parse(await approved.json());
    expect([done.status, done.signOff?.state, done.signOff?.decidedUnitId]).toEqual([
      'completed',
      'approved',
      'region-london',
    ]);
    expect(done.completedAt).toBeDefined();
    await expectProblem(await signOff(london, { decision: 'approve', note: 'again' }), 409);
    await api.runtime.settled();
    const changes = events
      .filter((e) => e['detail-type'] === 'Sign-off Changed')
      .map((e) => (e.detail as { data: Record<string, unknown> }).data)
      .filter((d) => d.commitmentId === c.id);
    expect(changes.map((d) => [d.kind, d.state, d.reviewerUnitId])).toEqual([
      ['completion', 'awaiting', 'region-london'],
      ['completion', 'approved', 'region-london'],
    ]);
    // The region is told there is something to sign off.
    const notified = (await api.tableItems()).filter(
      (i) => i.type === 'Notification' && i.detailType === 'Sign-off Changed' && i.unitId === 'region-london',
    );
    expect(notified.length).toBeGreaterThanOrEqual(2);
  });

  it('holds an owner Green until signed off, with evidence, and keeps a rejection on the record', async () => {
    const owner = await api.tokenFor('editor', 'ics-north-central-london', 'grace.mensah');
    const c = await newCommitment(owner, { signOffRequired: true });
    const rate = (body: Record<string, unknown>) =>
      api.request('POST', `/commitments/${c.id}/confidence`, { token: owner, body });
    expect(
      (await expectProblem(await rate({ rating: 'green', reason: 'All good' }), 400)).errors?.[0]?.path,
    ).toBe('body.evidence');
    const asked = CommitmentSchema.parse(
      await (
        await rate({
          rating: 'green',
          reason: 'All good',
          evidence: [{ url: 'https://example.nhs.uk/dashboard' }],
        })
      ).json(),
    );
    expect(asked.ownerConfidence).toBeUndefined();
    expect(asked.signOff).toMatchObject({ kind: 'green', state: 'awaiting', rating: { rating: 'green' } });
    const rejected = CommitmentSchema.parse(
      await (
        await api.request('POST', `/commitments/${c.id}/sign-off`, {
          token: london,
          body: { decision: 'reject', note: 'The dashboard shows two sites behind' },
        })
      ).json(),
    );
    expect([rejected.ownerConfidence, rejected.signOff?.state, rejected.signOff?.note]).toEqual([
      undefined,
      'rejected',
      'The dashboard shows two sites behind',
    ]);
    // National commitments have no parent unit to sign them off.
    const national = await api.request('POST', '/commitments', {
      token: await api.tokenFor('editor', 'national'),
      body: commitmentBody('national', { signOffRequired: true }),
    });
    expect((await expectProblem(national, 400)).errors?.[0]?.path).toBe('body.signOffRequired');
  });
});

describe('assurance in CSV', () => {
  it('imports sign-off requirements, recovery actions and evidence files, and exports the assurance state', async () => {
    const owner = await api.tokenFor('editor', 'ics-north-central-london');
    const importCsv = async (kind: string, csv: string) => {
      const response = await api.request('POST', `/imports?kind=${kind}`, {
        token: owner,
        body: csv,
        headers: { 'content-type': 'text/csv' },
      });
      expect(response.status, await response.clone().text()).toBe(201);
    };
    await importCsv(
      'commitments',
      [
        'title,accountableRole,responsibilityIds,dueDate,signOffRequired',
        'Imported needing sign-off,Head of Workforce Planning,ICS-WP-1,2099-01-31,TRUE',
      ].join('\n'),
    );
    const list = pageOf(CommitmentSchema).parse(
      await (await api.get('/commitments?unit=ics-north-central-london&limit=100', owner)).json(),
    ).items;
    const imported = list.find((c) => c.title === 'Imported needing sign-off') as {
      id: string;
      signOffRequired?: boolean;
    };
    expect(imported.signOffRequired).toBe(true);
    // Red from the region, then a recovery action by CSV citing an uploaded file.
    await at(new Date().toISOString()).rateConfidence(londonEditor, imported.id, {
      rating: 'red',
      reason: 'Stalled',
    });
    const file = Buffer.from('recovery plan v1');
    const sha256 = createHash('sha256').update(file).digest('hex');
    const granted = EvidenceUploadSchema.parse(
      await (
        await api.request('POST', '/evidence', {
          token: owner,
          body: {
            commitmentId: imported.id,
            fileName: 'plan.txt',
            contentType: 'text/plain',
            size: file.length,
            sha256,
          },
        })
      ).json(),
    );
    expect(
      (await fetch(granted.upload.url, { method: 'PUT', headers: granted.upload.headers, body: file }))
        .status,
    ).toBe(200);
    await importCsv(
      'actions',
      [
        'commitmentId,summary,occurredAt,evidenceUrls,recovery',
        `${imported.id},Recovery plan agreed,2026-01-01,${granted.key};https://example.nhs.uk/plan,true`,
      ].join('\n'),
    );
    const after = CommitmentSchema.parse(await (await api.get(`/commitments/${imported.id}`, owner)).json());
    expect(after.responseToRed?.recoveryActionId).toBeDefined();
    const actions = (await (await api.get(`/commitments/${imported.id}/actions`, owner)).json()) as {
      items: Array<{ recovery?: boolean; evidence: Array<{ file?: { sha256: string }; url?: string }> }>;
    };
    expect(actions.items.at(-1)).toMatchObject({
      recovery: true,
      evidence: [{ file: { sha256 } }, { url: 'https://example.nhs.uk/plan' }],
    });

    const exported = await (await api.get('/commitments/export?unit=ics-north-central-london', owner)).text();
    const [header, ...rows] = exported.trim().split('\n');
    const columns = (header as string).split(',');
    const cells = (rows.find((r) => r.startsWith(imported.id)) as string).split(',');
    const cell = (name: string) => cells[columns.indexOf(name)];
    expect(['signOffRequired', 'assurerConfidence', 'responseToRed'].map(cell)).toEqual([
      'true',
      'red',
      'open',
    ]);
  });
});
