import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ActionSchema,
  AuditSchema,
  CommitmentSchema,
  ImportRecordSchema,
  ImportReportSchema,
  pageOf,
} from '../../functions/openapi/response.schemas';
import { EXPORT_COLUMNS } from '../../shared/csv/commitments-csv';
import { csvLine, parseCsv } from '../../shared/csv/csv';
import { documentClient } from '../../shared/db/client';
import { COLUMNS } from '../../shared/imports/columns';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

let api: TestApi;
let london: string;
let devon: string;

const HEADER = csvLine(COLUMNS.commitments.map((c) => c.name));
const row = (values: Partial<Record<string, string>>) =>
  csvLine(COLUMNS.commitments.map((c) => values[c.name] ?? ''));
const valid = (title: string, extra: Partial<Record<string, string>> = {}) =>
  row({
    title,
    accountableRole: 'Head of Workforce Planning',
    responsibilityIds: 'REG-WP-1;REG-WP-2',
    tags: 'P-INTEGRATION',
    dueDate: '2099-06-30',
    ...extra,
  });

async function postCsv(token: string, query: string, csv: string) {
  return api.request('POST', `/imports?${query}`, {
    token,
    body: csv,
    headers: { 'content-type': 'text/csv' },
  });
}

async function importReport(response: Response, status: number) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return ImportReportSchema.parse(JSON.parse(text));
}

async function commitmentsOf(unit: string, token: string) {
  const out: Array<ReturnType<typeof CommitmentSchema.parse>> = [];
  let cursor: string | null = null;
  do {
    const response = await api.get(
      `/commitments?unit=${unit}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      token,
    );
    const page = pageOf(CommitmentSchema).parse(await response.json());
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

async function recordsOf(text: string) {
  const records: string[][] = [];
  for await (const r of parseCsv([text])) records.push(r.fields);
  return records;
}

beforeAll(async () => {
  api = await startTestApi();
  london = await api.tokenFor('editor', 'region-london', 'lena');
  devon = await api.tokenFor('editor', 'ics-devon');
});
afterAll(async () => api.runtime.stop());

describe('GET /imports/template', () => {
  it("serves each kind's columns with an example row that passes a dry run for the caller's unit", async () => {
    const response = await api.get('/imports/template?kind=commitments', london);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('commitments-template.csv');
    const text = await response.text();
    const [header, example] = await recordsOf(text);
    expect(header).toEqual(COLUMNS.commitments.map((c) => c.name));
    expect(example?.[0]).toBe('region-london');
    const report = await importReport(await postCsv(london, 'kind=commitments&dryRun=true', text), 200);
    expect(report).toMatchObject({ status: 'valid', rows: 1, errorCount: 0, written: 0 });

    const actions = await (await api.get('/imports/template?kind=actions', london)).text();
    expect((await recordsOf(actions))[0]).toEqual(COLUMNS.actions.map((c) => c.name));
    await expectProblem(await api.get('/imports/template?kind=people', london), 400);
  });
});

describe('POST /imports (commitments)', () => {
  const partial = [
    HEADER,
    valid('Fine, with "quotes", a comma\nand a line break'),
    valid('Bad date', { dueDate: '2099-02-30' }),
    valid('Wrong tier', { responsibilityIds: 'ICS-WP-1' }),
    row({ accountableRole: 'Lead', responsibilityIds: 'REG-WP-1', dueDate: '2099-01-01' }),
    valid('Another unit', { ownerUnitId: 'ics-devon' }),
    'too,few,fields\r\n',
    valid('Unknown parent', { parentId: 'cmt-nowhere', status: 'completed' }),
    valid('Fine too'),
  ].join('');

  it('reports every row’s errors by row and column on a dry run, and writes nothing', async () => {
    const report = await importReport(await postCsv(london, 'kind=commitments&dryRun=true', partial), 200);
    expect(report).toMatchObject({ status: 'invalid', dryRun: true, rows: 8, written: 0 });
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'dueDate'],
      [4, 'responsibilityIds'],
      [5, 'title'],
      [6, 'ownerUnitId'],
      [7, ''],
      [8, 'status'],
    ]);
    expect(report.errors[1]?.message).toContain('ICS-WP-1 is an ICS responsibility');
    expect(report.errors[3]?.message).toContain('may only change region-london');
    expect(report.errors[4]?.message).toBe('Has 3 fields; the header has 15');
    expect(report.errorCount).toBe(6);
    expect(await commitmentsOf('region-london', london)).toEqual([]);
  });

  it('refuses the whole file on a real run with any failing row (422, nothing written)', async () => {
    const problem = await expectProblem(await postCsv(london, 'kind=commitments', partial), 422);
    expect(problem.type).toBe('/problems/import-invalid');
    expect(problem).toMatchObject({ status: 422, importStatus: 'invalid', written: 0 });
    expect(problem.errors?.[0]).toMatchObject({ path: 'body.rows.3.dueDate', row: 3, column: 'dueDate' });
    expect(await commitmentsOf('region-london', london)).toEqual([]);
    const items = await api.tableItems();
    expect(items.filter((i) => i.type === 'Commitment' || i.type === 'Import')).toEqual([]);
  });

  it('writes every row of a valid file once; the same file again writes nothing', async () => {
    const file = [
      HEADER,
      valid('Imported one'),
      valid('Imported two', { rag: 'amber', accountableUserId: 'sam' }),
    ].join('');
    const first = await importReport(await postCsv(london, 'kind=commitments', file), 201);
    expect(first).toMatchObject({ status: 'imported', rows: 2, written: 2, skipped: 0 });
    const imported = await commitmentsOf('region-london', london);
    expect(imported.map((c) => c.title).sort()).toEqual(['Imported one', 'Imported two']);
    expect(imported.find((c) => c.title === 'Imported two')).toMatchObject({
      rag: 'amber',
      accountableUserId: 'sam',
      responsibilityIds: ['REG-WP-1', 'REG-WP-2'],
      createdBy: 'lena',
    });
    expect(imported.find((c) => c.title === 'Imported one')?.accountableUserId).toBe('lena');

    const again = await importReport(await postCsv(london, 'kind=commitments', file), 200);
    expect(again).toMatchObject({ status: 'already-imported', importId: first.importId, written: 0 });
    const record = ImportRecordSchema.parse(
      await (await api.get(`/imports/${first.importId}`, london)).json(),
    );
    expect(record).toMatchObject({
      status: 'completed',
      rows: 2,
      written: 2,
      unitId: 'region-london',
      importedBy: 'lena',
    });
    await expectProblem(await api.get(`/imports/${first.importId}`, devon), 403);
    await expectProblem(await api.get(`/imports/${'0'.repeat(32)}`, london), 404);
    expect(await commitmentsOf('region-london', london)).toHaveLength(2);
    // Another unit's editor importing the same bytes is another import (and here, rows it may not write).
    const devonTry = await importReport(await postCsv(devon, 'kind=commitments&dryRun=true', file), 200);
    expect(devonTry.importId).not.toBe(first.importId);
    expect(devonTry.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'responsibilityIds'],
      [2, 'responsibilityIds'],
      [3, 'responsibilityIds'],
      [3, 'responsibilityIds'],
    ]);
  });

  it('finishes an interrupted import on a re-run without writing any row twice', async () => {
    const file = [
      HEADER,
      ...Array.from({ length: 40 }, (_, i) =>
        valid(`Resumed ${i}`, { ownerUnitId: 'ics-devon', responsibilityIds: 'ICS-WP-1' }),
      ),
    ].join('');
    const send = documentClient.send.bind(documentClient);
    let transactions = 0;
    // Fault injection: the third insert transaction of this import (and any after it) fails.
    const isThisImport = (command: unknown) => {
      const items = (
        command as { input?: { TransactItems?: Array<{ Put?: { Item?: { title?: unknown } } }> } }
      ).input?.TransactItems;
      return String(items?.[0]?.Put?.Item?.title ?? '').startsWith('Resumed');
    };
    const spy = vi.spyOn(documentClient, 'send').mockImplementation(((command: unknown) => {
      if (isThisImport(command) && ++transactions > 2) {
        return Promise.reject(new Error('injected: the table went away'));
      }
      return send(command as never);
    }) as typeof documentClient.send);
    try {
      await expectProblem(await postCsv(devon, 'kind=commitments', file), 500);
    } finally {
      spy.mockRestore();
    }
    const partway = (await commitmentsOf('ics-devon', devon)).filter((c) => c.title.startsWith('Resumed'));
    expect(partway.length).toBeGreaterThan(0);
    expect(partway.length).toBeLessThan(40);

    const rerun = await importReport(await postCsv(devon, 'kind=commitments', file), 201);
    expect(rerun.written + rerun.skipped).toBe(40);
    expect(rerun.skipped).toBe(partway.length);
    const all = (await commitmentsOf('ics-devon', devon)).filter((c) => c.title.startsWith('Resumed'));
    expect(all).toHaveLength(40);
    expect(new Set(all.map((c) => c.title)).size).toBe(40);
  });

  it('answers a body that is not CSV with 415, and a missing kind with 400', async () => {
    await expectProblem(
      await api.request('POST', '/imports?kind=commitments', { token: london, body: { rows: [] } }),
      415,
    );
    const problem = await expectProblem(await postCsv(london, 'dryRun=true', HEADER), 400);
    expect(problem.errors?.map((e) => e.path)).toEqual(['query.kind']);
    const header = await importReport(
      await postCsv(london, 'kind=commitments&dryRun=true', 'title,colour\r\nx,red\r\n'),
      200,
    );
    expect(header.errors.map((e) => [e.row, e.column])).toEqual([
      [1, 'colour'],
      [1, 'accountableRole'],
      [1, 'responsibilityIds'],
      [1, 'dueDate'],
    ]);
    const readOnly = await api.tokenFor('reader', 'region-london');
    await expectProblem(await postCsv(readOnly, 'kind=commitments&dryRun=true', HEADER), 403);
  });
});

describe('POST /imports (actions)', () => {
  it('appends rows in file order through the status rules, once, with a valid chain', async () => {
    const target = (await (
      await api.request('POST', '/commitments', {
        token: london,
        body: commitmentBody('region', { title: 'Actions target' }),
      })
    ).json()) as { id: string };
    const line = (values: Partial<Record<string, string>>) =>
      csvLine(COLUMNS.actions.map((c) => values[c.name] ?? ''));
    const header = csvLine(COLUMNS.actions.map((c) => c.name));
    const bad = [
      header,
      line({
        commitmentId: target.id,
        summary: 'Kick-off',
        occurredAt: '2026-10-01',
        progress: '10',
        status: 'on_track',
      }),
      line({
        commitmentId: target.id,
        summary: 'Done',
        occurredAt: '2026-10-20',
        progress: '100',
        status: 'completed',
      }),
      line({
        commitmentId: target.id,
        summary: 'Reopen, no reason',
        occurredAt: '2026-10-21',
        status: 'on_track',
      }),
      line({ commitmentId: 'cmt-missing', summary: 'Lost', occurredAt: '2026-10-21' }),
      line({
        commitmentId: target.id,
        summary: 'Bad link',
        occurredAt: '2026-10-22',
        evidenceUrls: 'ftp://x',
      }),
      line({ commitmentId: target.id, summary: 'Too far', occurredAt: '2026-10-22', progress: '150' }),
      // Three rules broken at once: every one is listed for the row, not only the first.
      line({
        commitmentId: target.id,
        summary: 'Everything wrong',
        occurredAt: '2099-01-01',
        corrects: 'act-9-ffffffffff',
        recovery: 'true',
      }),
    ].join('');
    const report = await importReport(await postCsv(london, 'kind=actions&dryRun=true', bad), 200);
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [4, 'statusReason'],
      [5, 'commitmentId'],
      [6, 'evidenceUrls'],
      [7, 'progress'],
      [8, 'occurredAt'],
      [8, 'corrects'],
      [8, 'recovery'],
    ]);

    const good = [
      header,
      line({
        commitmentId: target.id,
        summary: 'Kick-off',
        occurredAt: '2026-10-01',
        progress: '10',
        status: 'on_track',
      }),
      line({
        commitmentId: target.id,
        summary: 'Done',
        occurredAt: '2026-10-20',
        progress: '100',
        status: 'completed',
        evidenceUrls: 'https://example.org/a;https://example.org/b',
      }),
      line({
        commitmentId: target.id,
        summary: 'Reopened',
        occurredAt: '2026-10-21',
        status: 'on_track',
        statusReason: 'Scope grew',
      }),
    ].join('');
    const written = await importReport(await postCsv(london, 'kind=actions', good), 201);
    expect(written).toMatchObject({ status: 'imported', written: 3 });
    const again = await importReport(await postCsv(london, 'kind=actions', good), 200);
    expect(again).toMatchObject({ status: 'already-imported', written: 0 });

    const actions = pageOf(ActionSchema).parse(
      await (await api.get(`/commitments/${target.id}/actions`, london)).json(),
    );
    expect(actions.items.map((a) => a.summary)).toEqual(['Reopened', 'Done', 'Kick-off']);
    expect(actions.items[1]?.evidence).toEqual([
      { url: 'https://example.org/a' },
      { url: 'https://example.org/b' },
    ]);
    const after = CommitmentSchema.parse(await (await api.get(`/commitments/${target.id}`, london)).json());
    expect(after).toMatchObject({
      status: 'on_track',
      statusReason: 'Scope grew',
      progress: 100,
      actionCount: 3,
    });
    expect(
      AuditSchema.parse(await (await api.get(`/commitments/${target.id}/audit`, london)).json()).valid,
    ).toBe(true);
  });
});

describe('GET /commitments/export', () => {
  it('exports exactly what GET /commitments lists with the same filters, formula-safe', async () => {
    await api.request('POST', '/commitments', {
      token: london,
      body: commitmentBody('region', { title: '=HYPERLINK("http://evil")', dueDate: '2098-12-31' }),
    });
    const query = 'region=region-london&dueAfter=2098-01-01';
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const page = pageOf(CommitmentSchema).parse(
        await (
          await api.get(`/commitments?${query}&limit=7${cursor ? `&cursor=${cursor}` : ''}`, london)
        ).json(),
      );
      listed.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed.length).toBeGreaterThan(3);

    const response = await api.get(`/commitments/export?${query}`, london);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('link')).toBeNull();
    const [header, ...rows] = await recordsOf(await response.text());
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(rows.map((r) => r[0])).toEqual(listed);
    expect(response.headers.get('x-row-count')).toBe(String(listed.length));
    const titleAt = EXPORT_COLUMNS.indexOf('title');
    expect(rows.map((r) => r[titleAt])).toContain('\'=HYPERLINK("http://evil")');

    const narrowed = await recordsOf(
      await (await api.get('/commitments/export?region=region-london&status=at_risk', london)).text(),
    );
    expect(narrowed).toHaveLength(1);
    await expectProblem(
      await api.get('/commitments/export?region=region-london&unit=ics-devon', london),
      400,
    );
    await expectProblem(await api.get('/commitments/export?region=region-south-west', london), 403);
  });
});
