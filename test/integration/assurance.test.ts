import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitmentSchema, pageOf } from '../../functions/openapi/response.schemas';
import { londonDate, weekLabel } from '../../shared/summaries/period';
import { generateSummary } from '../../shared/summaries/summaries.service';
import { commitmentBody, startTestApi, type TestApi } from '../support/local-api';

/**
 * Assurance: measurable commitments, delivery confidence from owner and assurer, responses to red,
 * evidence and sign-off, and escalation that waits for an acknowledgement.
 */
let api: TestApi;
let london: string;
beforeAll(async () => {
  api = await startTestApi();
  london = await api.tokenFor('editor', 'region-london');
});
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
