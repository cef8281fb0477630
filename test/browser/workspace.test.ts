import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate, weekLabel } from '../../shared/summaries/period';
import { ARTIFACTS, launchChromium } from '../support/browser';
import { commitmentBody, startTestApi, type TestApi } from '../support/local-api';

/**
 * The workspace as people use it (issue #17): signed in through the local OIDC provider, in a real
 * Chromium, a London editor creates a commitment, logs an action and sees the digest change, with the
 * keyboard only; every page passes axe (WCAG 2.2 AA) and fits 320 px; screenshots are kept.
 */
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let api: TestApi;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await api?.runtime.stop();
});

async function newPage(
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ page: Page; urls: string[] }> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return { page, urls };
}

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
  );
}

/** Checks a page the way every page is checked: axe clean, no sideways scrolling, a screenshot kept. */
async function checkPage(page: Page, name: string): Promise<void> {
  await page.locator('h1').first().waitFor();
  expect(await violations(page), name).toEqual([]);
  const width = await page.evaluate<number>('document.documentElement.scrollWidth');
  const viewport = page.viewportSize()?.width ?? 0;
  if (width > viewport)
    console.error(
      await page.evaluate<string>(
        `[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > ${viewport} + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('\\n')`,
      ),
    );
  expect(width, `${name} is wider than the screen`).toBeLessThanOrEqual(viewport);
  await page.screenshot({ path: join(ARTIFACTS, `workspace-${name}.png`), fullPage: true });
}

/** What has keyboard focus, in words: its text, its label, its value. */
const focused = (page: Page) =>
  page.evaluate<string>(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '';
    const label = el.id ? (document.querySelector('label[for="' + el.id + '"]')?.textContent ?? '') : '';
    return (el.tagName + ' ' + (el.textContent ?? '') + ' ' + label + ' ' + (el.getAttribute('aria-label') ?? '')).replace(/\\s+/g, ' ').trim();
  })()`);

/** Presses Tab until the focused element's words match (as a keyboard user does). */
async function tabTo(page: Page, words: RegExp, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (words.test(await focused(page))) return;
  }
  throw new Error(`Tab never reached ${words} on ${page.url()}`);
}

async function signInWithMouse(page: Page, name: string): Promise<void> {
  await page.goto(`${api.runtime.url}/app/`);
  await page.getByLabel(name).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
}

const digestFigure = async (page: Page, label: string) =>
  Number(
    await page
      .locator('.nhsuk-summary-list__row', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
      .locator('dd')
      .textContent(),
  );

describe('the workspace', () => {
  it('lets a London editor sign in, create a commitment, log an action and see the digest change, by keyboard alone', async () => {
    const { page, urls } = await newPage();
    await page.goto(`${api.runtime.url}/app/`);
    // Sent to the local provider's sign-in page.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await checkPage(page, 'sign-in');
    await tabTo(page, /Amara Okafor/);
    await page.keyboard.press('Space');
    await tabTo(page, /BUTTON Sign in/);
    await page.keyboard.press('Enter');
    await page.getByText('Signed in as Amara Okafor').waitFor();
    await checkPage(page, 'home');

    await tabTo(page, /^A Digest/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Digest: London/ }).waitFor();
    await checkPage(page, 'digest');
    const before = {
      commitments: await digestFigure(page, 'Commitments'),
      actions: await digestFigure(page, 'Actions logged this week'),
    };

    await tabTo(page, /^A New commitment/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New commitment' }).waitFor();
    // Sent empty: the error summary, focused, links each problem to its field.
    await tabTo(page, /BUTTON Create commitment/);
    await page.keyboard.press('Enter');
    await page.locator('.nhsuk-error-summary').waitFor();
    expect(
      await page.evaluate<boolean>("document.activeElement.classList.contains('nhsuk-error-summary')"),
    ).toBe(true);
    expect(await page.locator('.nhsuk-error-summary__list li').allTextContents()).toEqual([
      'Choose the responsibility it delivers',
      'Enter a title',
      'Enter the accountable role',
      'Enter the due date',
    ]);
    await checkPage(page, 'new-commitment-errors');

    await tabTo(page, /SELECT.*Responsibility/);
    await page.keyboard.press('ArrowDown');
    await tabTo(page, /INPUT.*Title/);
    await page.keyboard.type('Widen the nursing associate pipeline');
    await tabTo(page, /TEXTAREA.*Description/);
    await page.keyboard.type('Two more cohorts with the trusts.');
    await tabTo(page, /INPUT.*Accountable role/);
    await page.keyboard.type('Head of Workforce Planning');
    await tabTo(page, /INPUT.*Day/);
    await page.keyboard.type('31');
    await page.keyboard.press('Tab');
    await page.keyboard.type('3');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2099');
    await tabTo(page, /BUTTON Create commitment/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Widen the nursing associate pipeline' }).waitFor();
    await expect(page.locator('.nhsuk-notification-banner').textContent()).resolves.toContain('is recorded');
    await checkPage(page, 'commitment');

    await tabTo(page, /^A Log an action/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Log an action' }).waitFor();
    await checkPage(page, 'log-action');
    await tabTo(page, /TEXTAREA.*What was done/);
    await page.keyboard.type('First cohort agreed with two trusts');
    await tabTo(page, /INPUT.*Day/);
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('11');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2026');
    await tabTo(page, /INPUT.*Progress/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('40');
    await tabTo(page, /INPUT.*Unchanged/);
    await page.keyboard.press('ArrowDown');
    await tabTo(page, /INPUT.*Evidence link/);
    await page.keyboard.type('https://example.nhs.uk/cohort-plan');
    await tabTo(page, /BUTTON Log action/);
    await page.keyboard.press('Enter');
    await page.getByText('The action is on the record.').waitFor();
    const row = page.locator('tbody tr', { hasText: 'First cohort agreed with two trusts' });
    await expect(row.textContent()).resolves.toContain('amara.okafor');
    await expect(row.getByRole('link', { name: /Evidence/ }).getAttribute('href')).resolves.toBe(
      'https://example.nhs.uk/cohort-plan',
    );
    await expect(page.locator('.nhsuk-summary-list').textContent()).resolves.toContain('40%');

    await tabTo(page, /^A Digest/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Digest: London/ }).waitFor();
    expect(await digestFigure(page, 'Commitments')).toBe(before.commitments + 1);
    expect(await digestFigure(page, 'Actions logged this week')).toBeGreaterThanOrEqual(before.actions);

    // No token ever travelled in a URL, and none was left in the browser's storage.
    expect(urls.filter((u) => /access_token|id_token|eyJ/.test(u))).toEqual([]);
    const storage = await page.evaluate<string>('JSON.stringify({ ...localStorage, ...sessionStorage })');
    expect(storage).not.toMatch(/eyJ/);
  });

  it('shows a reader no way to write, and every page fits 320 px with no axe violations', async () => {
    const { page } = await newPage({ viewport: { width: 320, height: 900 } });
    await signInWithMouse(page, 'Lucy Evans');
    await checkPage(page, 'narrow-home');
    await expect(page.getByRole('link', { name: 'New commitment' }).count()).resolves.toBe(0);
    await page.goto(`${api.runtime.url}/app/commitments`);
    await page.getByRole('heading', { name: 'Commitments' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    await checkPage(page, 'narrow-commitments');
    await page.locator('tbody tr a').first().click();
    await page.getByRole('heading', { name: 'Actions' }).waitFor();
    await expect(page.getByRole('link', { name: 'Log an action' }).count()).resolves.toBe(0);
    await checkPage(page, 'narrow-commitment');
    for (const [path, name] of [
      ['/app/import', 'narrow-import'],
      ['/app/handover', 'narrow-handover'],
      ['/app/subscriptions', 'narrow-subscriptions'],
      ['/app/digest', 'narrow-digest'],
      ['/app/reports', 'narrow-reports'],
      ['/app/accessibility', 'narrow-accessibility'],
      ['/app/commitments/cmt-00000000-0000-0000-0000-000000000000', 'narrow-not-found'],
    ] as const) {
      await page.goto(`${api.runtime.url}${path}`);
      await checkPage(page, name);
    }
    await expect(page.getByRole('heading', { name: 'Page not found' }).count()).resolves.toBe(1);
  });

  it('shows a board member the governance reports inside the workspace, readable at 320 px and printable', async () => {
    const made = await api.request('POST', '/reports', {
      token: await api.tokenFor('editor', 'national'),
      body: { kind: 'report', scope: 'national', period: '2026-Q3' },
    });
    expect([200, 201]).toContain(made.status);
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 320, height: 900 },
    ]) {
      const { page } = await newPage({ viewport });
      await signInWithMouse(page, 'David Hughes');
      await page.getByRole('link', { name: 'Reports' }).first().click();
      await page.getByRole('heading', { name: 'Reports and digests' }).waitFor();
      await checkPage(page, `reports-${viewport.width}`);
      await page.getByRole('link', { name: 'Governance report' }).first().click();
      await page
        .getByRole('heading', { name: /2026-Q3/ })
        .first()
        .waitFor();
      await expect(page.getByRole('heading', { name: 'Cover sheet' }).count()).resolves.toBe(1);
      await expect(page.getByRole('button', { name: 'Print this report' }).count()).resolves.toBe(1);
      await checkPage(page, `report-${viewport.width}`);
      if (viewport.width === 1280)
        await page.pdf({ path: join(ARTIFACTS, 'workspace-report.pdf') }).catch(() => undefined);
    }
  });

  it('shows an editor what someone else changed first (412), keeping what they typed', async () => {
    const amara = await api.tokenFor('editor', 'region-london', 'amara.okafor');
    const created = await api.request('POST', '/commitments', {
      token: amara,
      body: { ...commitmentBody('region'), title: 'Retention plan' },
    });
    const { id } = (await created.json()) as { id: string };
    const { page } = await newPage();
    await signInWithMouse(page, 'Amara Okafor');
    await page.goto(`${api.runtime.url}/app/commitments/${id}`);
    await page.getByRole('link', { name: 'Change this commitment' }).click();
    await page.getByRole('heading', { name: 'Change this commitment' }).waitFor();
    await checkPage(page, 'edit');
    // Tom saves first.
    const tom = await api.request('PATCH', `/commitments/${id}`, {
      token: await api.tokenFor('editor', 'region-london', 'tom.reid'),
      body: { title: 'Retention plan for 2027' },
      headers: { 'if-match': '"1"' },
    });
    expect(tom.status).toBe(200);
    await page.getByLabel('Amber').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.nhsuk-warning-callout').waitFor();
    const changed = await page.locator('.nhsuk-warning-callout tbody tr').allTextContents();
    expect(changed).toEqual([expect.stringContaining('Retention plan for 2027')]);
    await expect(page.locator('.nhsuk-warning-callout').textContent()).resolves.toContain('tom.reid');
    expect(await page.getByLabel('Amber').isChecked()).toBe(true);
    await checkPage(page, 'edit-conflict');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Your changes are on the record.').waitFor();
    const summary = await page.locator('.nhsuk-summary-list').textContent();
    expect(summary).toContain('amber');
    // Saving again sent Amara's form, title included: hers was the old title, now applied on purpose.
    await expect(page.locator('h1').textContent()).resolves.toBe('Retention plan');
  });

  it('previews every error of a CSV file by row and column, then imports a clean one', async () => {
    const { page } = await newPage();
    await signInWithMouse(page, 'Amara Okafor');
    await page.goto(`${api.runtime.url}/app/import`);
    await page.getByRole('heading', { name: 'Import from a spreadsheet' }).waitFor();
    await checkPage(page, 'import');
    const header = 'title,accountableRole,responsibilityIds,dueDate';
    await page.getByLabel('CSV file').setInputFiles({
      name: 'plan.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\nGood row,Lead,REG-WP-1,2099-01-01\n,Lead,REG-WP-1,2099-02-30\n`),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'Errors by row and column' }).waitFor();
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.includes('3') && r.includes('title'))).toBe(true);
    expect(rows.some((r) => r.includes('3') && r.includes('dueDate'))).toBe(true);
    await checkPage(page, 'import-errors');
    await page.getByRole('link', { name: 'Choose another file' }).click();
    await page.getByLabel('CSV file').setInputFiles({
      name: 'plan.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `${header}\nImported one,Lead,REG-WP-1,2099-01-01\nImported two,Lead,REG-WP-2,2099-02-01\n`,
      ),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: '2 rows are ready to import' }).waitFor();
    await checkPage(page, 'import-ready');
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await page.getByText('2 rows of plan.csv are on the record.').waitFor();
    await expect(page.getByRole('link', { name: 'Imported two' }).count()).resolves.toBe(1);
  });

  it("hands a leaver's commitments over, and filters by RAG and by the person accountable", async () => {
    const leaver = await api.tokenFor('editor', 'region-london', 'leaver.one');
    for (const rag of ['red', 'green'])
      await api.request('POST', '/commitments', {
        token: leaver,
        body: { ...commitmentBody('region'), title: `Leaver's ${rag}`, rag },
      });
    const { page } = await newPage();
    await signInWithMouse(page, 'Amara Okafor');
    await page.goto(`${api.runtime.url}/app/handover`);
    await checkPage(page, 'handover');
    await page.getByLabel('The person leaving (user id)').fill('leaver.one');
    await page.getByLabel('The person taking over (user id)').fill('tom.reid');
    await page.getByLabel('Reason').fill('Leaves the London team');
    await page.getByRole('button', { name: 'Hand over' }).click();
    await page.getByText('2 commitments handed over to tom.reid.').waitFor();
    // The list now shows Tom's, filtered further by RAG.
    await page.getByLabel('RAG').selectOption('red');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/rag=red/);
    await page.locator('tbody tr').first().waitFor();
    const titles = await page.locator('tbody tr td:first-child a').allTextContents();
    expect(titles).toEqual(["Leaver's red"]);
    await checkPage(page, 'filtered');
  });

  it('shows national teams every region side by side from the final digests, and manages subscriptions', async () => {
    const national = await api.tokenFor('editor', 'national');
    const period = weekLabel(londonDate(new Date(Date.now() - 7 * 86_400_000)));
    const made = await api.request('POST', '/reports', {
      token: national,
      body: { kind: 'digest', scope: 'region-london', period },
    });
    expect([200, 201]).toContain(made.status);
    const { page } = await newPage({ viewport: { width: 320, height: 900 } });
    await signInWithMouse(page, 'Priya Shah');
    await page.goto(`${api.runtime.url}/app/regions`);
    await page.getByRole('heading', { name: 'Regions side by side' }).waitFor();
    const london = page.locator('tbody tr', { hasText: 'London' }).first();
    await expect(london.textContent()).resolves.toContain(period);
    await checkPage(page, 'regions');
    await london.getByRole('link', { name: 'London' }).click();
    await page.getByRole('heading', { name: 'Commitments' }).waitFor();
    expect(page.url()).toContain('region=region-london');

    await page.goto(`${api.runtime.url}/app/subscriptions`);
    await page.getByLabel('Work e-mail address').fill('priya.shah@nhs.net');
    await page.getByLabel('Governance reports').check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByText('We sent a link to priya.shah@nhs.net').waitFor();
    await expect(page.locator('tbody tr').first().textContent()).resolves.toContain('awaiting confirmation');
    await checkPage(page, 'subscriptions');
    await page
      .getByRole('button', { name: /Unsubscribe/ })
      .first()
      .click();
    await page.getByText('You will get no more e-mails for that subscription.').waitFor();
    await expect(page.getByText('You have no subscriptions.').count()).resolves.toBe(1);
  });

  it('signs out at the provider too: the next visit asks who you are again', async () => {
    const { page } = await newPage();
    await signInWithMouse(page, 'Priya Shah');
    await page.getByRole('link', { name: 'Sign out' }).click();
    // The provider confirms the sign-out (it guards against sign-outs a third party triggers).
    await page.getByRole('button', { name: /sign out|yes/i }).click();
    await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
    await checkPage(page, 'signed-out');
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
