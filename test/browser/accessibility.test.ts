import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../shared/auth/identity';
import { CommitmentsService } from '../../shared/commitments/commitments.service';
import { ARTIFACTS, launchChromium } from '../support/browser';
import { commitmentBody, startTestApi, type TestApi } from '../support/local-api';

/**
 * WCAG 2.2 AA in a real browser: axe (@axe-core/playwright) on the board page and on every kind of
 * summary a board reads (a final governance report with its assurance sections and SPC charts, a
 * final digest, a draft), keyboard-only use of the board page, and a report printed to PDF.
 */
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let api: TestApi;
let browser: Browser;
let board: string;
const ids: Record<string, string> = {};
const at = (iso: string) => new CommitmentsService(api.runtime.tableName, () => new Date(iso));
const editor = (unitId: string, userId = `editor.${unitId}`): Identity => ({
  userId,
  role: 'editor',
  unitId,
});

/** axe needs a page of a context of its own. */
const newPage = async (options: Parameters<Browser['newContext']>[0] = {}) =>
  (await browser.newContext(options)).newPage();

/**
 * The board page shows a report in a sandboxed frame that runs no scripts, so axe cannot enter it:
 * the frame is left out here, and every report is checked on its own above.
 */
async function violations(page: Page, exclude?: string) {
  const builder = new AxeBuilder({ page }).withTags(WCAG_22_AA);
  const result = await (exclude ? builder.exclude(exclude) : builder).analyze();
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
  );
}

beforeAll(async () => {
  api = await startTestApi();
  const ncl = editor('ics-north-central-london', 'grace.mensah');
  const london = editor('region-london', 'amara.okafor');
  const make = (identity: Identity, tier: 'ics' | 'region', over: Record<string, unknown>) =>
    at('2026-06-01T09:00:00Z').create(identity, {
      ...commitmentBody(tier, over),
      description: '',
      status: 'on_track',
      rag: 'green',
    } as Parameters<CommitmentsService['create']>[1]);
  // Overdue and escalated, rated by both sides (the owner more optimistic), Red opening a response.
  const late = await make(ncl, 'ics', { title: 'Training hub capacity', dueDate: '2026-08-14' });
  await at('2026-08-20T09:00:00Z').rateConfidence(ncl, late.id, { rating: 'amber', reason: 'Site delayed' });
  await at('2026-08-21T09:00:00Z').rateConfidence(london, late.id, { rating: 'red', reason: 'No site' });
  // Awaiting sign-off at the quarter's end.
  const signed = await make(ncl, 'ics', {
    title: 'Retention plan',
    dueDate: '2026-12-31',
    signOffRequired: true,
  });
  await at('2026-09-10T09:00:00Z').logAction(ncl, signed.id, {
    summary: 'Plan published',
    occurredAt: '2026-09-10',
    evidence: [{ url: 'https://example.nhs.uk/retention-plan', label: 'Published plan' }],
    statusChange: { to: 'completed' },
  });
  await make(london, 'region', {
    title: 'Regional workforce plan',
    dueDate: '2027-03-31',
    deliverable: 'Plan',
    measure: 'Board approval',
  });
  ids.late = late.id;
  const national = await api.tokenFor('editor', 'national');
  const generate = async (name: string, body: Record<string, string>) => {
    const response = await api.request('POST', '/reports', { token: national, body });
    expect(response.status).toBe(201);
    ids[name] = ((await response.json()) as { id: string }).id;
  };
  await generate('report', { kind: 'report', scope: 'national', period: '2026-Q3' });
  await generate('digest', { kind: 'digest', scope: 'region-london', period: '2026-W40' });
  // This month has not ended whenever the tests run: a draft.
  await generate('draft', {
    kind: 'digest',
    scope: 'region-london',
    period: new Date().toISOString().slice(0, 7),
  });
  board = await api.tokenFor('board', 'national');
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.runtime.stop();
});

describe('WCAG 2.2 AA (axe, zero violations)', () => {
  it('holds on every kind of summary a board reads: a final report, a final digest and a draft', async () => {
    for (const id of [ids.report, ids.digest, ids.draft] as string[]) {
      const html = await (await api.get(`/reports/${id}?format=html`, board)).text();
      const page = await newPage();
      await page.setContent(html);
      expect(await violations(page), id).toEqual([]);
      await page.close();
    }
  });

  it('shows the board pack: cover sheet, confidence matrix, responses to red, awaiting sign-off, in words', async () => {
    const html = await (await api.get(`/reports/${ids.report}?format=html`, board)).text();
    const page = await newPage();
    await page.setContent(html);
    const cover = page.locator('section.cover');
    await expect(cover.locator('dt').allTextContents()).resolves.toEqual([
      'Purpose',
      'Scope',
      'Period',
      'Standing',
      'What changed since the last report',
      'How to verify it',
    ]);
    await expect(cover.textContent()).resolves.toContain('Assurance');
    await expect(cover.textContent()).resolves.toContain(`/reports/${ids.report}/verify`);
    const matrix = page.locator('section.assurance table').first();
    // Owner Amber, assurer Red: one in that cell, labelled in words.
    const amberRow = matrix.locator('tbody tr', { hasText: 'Amber' }).first();
    await expect(amberRow.locator('td').allTextContents()).resolves.toEqual(['Amber', '0', '0', '1', '0']);
    await expect(page.locator('section.assurance').textContent()).resolves.toContain(
      'Owner more optimistic than the assurer (1)',
    );
    await expect(page.locator(`section.assurance tr[data-commitment="${ids.late}"]`).count()).resolves.toBe(
      2,
    );
    await expect(page.locator('#section-awaitingSignOff').textContent()).resolves.toBe(
      'Awaiting sign-off (1)',
    );
    // RAG is a word in a tag, never a colour alone.
    await expect(page.locator('.nhsuk-tag').first().textContent()).resolves.toMatch(
      /^(Red|Amber|Green|Unrated)$/,
    );
    await page.setViewportSize({ width: 1100, height: 1400 });
    await page.screenshot({ path: join(ARTIFACTS, 'board-pack-cover.png') });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', path: join(ARTIFACTS, 'board-pack-national-2026-Q3.pdf') });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.close();
  });

  it('holds on the page that points old board bookmarks to the workspace, from the keyboard too', async () => {
    const page = await newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${api.runtime.url}/board#token=${board}`);
    await page.getByRole('heading', { name: 'Reports are in the workspace' }).waitFor();
    expect(await violations(page)).toEqual([]);
    // Keyboard only: the skip link comes first, then the way to the workspace.
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus').textContent()).resolves.toBe('Skip to main content');
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus').textContent()).resolves.toBe('Open the reports in the workspace');
    await page.close();
  });
});
