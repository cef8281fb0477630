import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitmentsService } from '../../shared/commitments/commitments.service';
import { ARTIFACTS, launchChromium } from '../support/browser';
import { commitmentBody, startTestApi, type TestApi } from '../support/local-api';

/** The board page and a governance report in Debian's Chromium, against the local runtime. */
let api: TestApi;
let browser: Browser;

beforeAll(async () => {
  api = await startTestApi();
  const national = await api.tokenFor('editor', 'national');
  // Recorded in July (reports show the record as at their period's end, so Q3 must see them).
  const july = new CommitmentsService(api.runtime.tableName, () => new Date('2026-07-01T09:00:00Z'));
  for (const [unitId, tier, due] of [
    ['region-london', 'region', '2025-01-31'],
    ['region-london', 'region', '2099-01-31'],
    ['national', 'national', '2025-06-30'],
  ] as const) {
    await july.create(
      { userId: `editor-${unitId}`, role: 'editor', unitId },
      commitmentBody(tier, { dueDate: due, status: 'on_track', rag: 'green' }) as Parameters<
        CommitmentsService['create']
      >[1],
    );
  }
  for (const body of [
    { kind: 'report', scope: 'national', period: '2026-Q3' },
    { kind: 'digest', scope: 'region-london', period: '2026-W40' },
    // This month has not ended whenever the tests run: a draft.
    { kind: 'digest', scope: 'region-london', period: new Date().toISOString().slice(0, 7) },
  ]) {
    expect((await api.request('POST', '/reports', { token: national, body })).status).toBe(201);
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await api?.runtime.stop();
});

interface Record {
  id: string;
  status: string;
  totals: { open: number; overdue: number; coverageGaps: number };
}

describe('board reports', () => {
  it("lists the reports with the API's figures in the workspace and shows one with its charts", async () => {
    const token = await api.tokenFor('board', 'national');
    const fromApi = ((await (await api.get('/reports?limit=100', token)).json()) as { items: Record[] })
      .items;
    expect(fromApi).toHaveLength(3);
    expect(fromApi.map((r) => r.status).sort()).toEqual(['draft', 'final', 'final']);

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${api.runtime.url}/app/reports`);
    await page.getByLabel('David Hughes').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Reports and digests' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(fromApi.length);
    await page.locator('tbody tr', { hasText: '2026-Q3' }).getByRole('link').first().click();
    await page.locator('svg#chart-rag-by-tier').waitFor();
    await expect(page.locator('svg#chart-overdue-trend g').count()).resolves.toBe(6);
    const report = (await (
      await api.get('/reports/sum-report-national-2026-Q3-final?format=json', token)
    ).json()) as Record;
    expect(Number(await page.locator('[data-metric="overdue"]').textContent())).toBe(report.totals.overdue);
    expect(report.totals.overdue).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'board-report-in-workspace.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});

describe('board page', () => {
  it('points an old bookmark to the workspace and wipes the token from its address', async () => {
    const token = await api.tokenFor('board', 'national');
    const page = await browser.newPage({ viewport: { width: 320, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${api.runtime.url}/board#token=${token}`);
    await page.getByRole('heading', { name: 'Reports are in the workspace' }).waitFor();
    // The token is gone from the address bar (replaced, so not in history either); nothing reads it.
    expect(page.url()).toBe(`${api.runtime.url}/board`);
    await page.getByRole('link', { name: 'Open the reports in the workspace' }).click();
    // Reports are read after signing in.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('prints a report as a clean board paper', async () => {
    const token = await api.tokenFor('board', 'national');
    const html = await (
      await api.get('/reports/sum-report-national-2026-Q3-final?format=html', token)
    ).text();
    const page = await browser.newPage();
    await page.setContent(html);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', path: join(ARTIFACTS, 'report-national-2026-Q3.pdf') });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.screenshot({ path: join(ARTIFACTS, 'report-national-2026-Q3.png'), fullPage: true });
  });
});
