import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitmentsService } from '../../shared/commitments/commitments.service';
import type { MeasureChart } from '../../shared/spc/measures';
import { addDays } from '../../shared/summaries/period';
import { ARTIFACTS, launchChromium } from '../support/browser';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

/**
 * A seeded year of weekly data with a planted shift: for 44 weeks one to three of London's commitments
 * are overdue at each week's end, then eight for the last eight weeks. The governance report of
 * 2026-Q3 must chart the overdue share as Making Data Count does and flag the shift as special cause
 * concern, in its JSON and on the page a board member reads.
 */
const london = { userId: 'amara.okafor', role: 'editor' as const, unitId: 'region-london' };
const FIRST_MONDAY = '2025-09-29'; // 2025-W40
const NOISE = [2, 1, 3, 2, 2, 1, 3, 2, 1, 2, 3, 2];
let api: TestApi;
let browser: Browser;
const at = (iso: string) => new CommitmentsService(api.runtime.tableName, () => new Date(iso));
const body = (dueDate: string) =>
  commitmentBody('region', { dueDate, status: 'on_track', rag: 'green' }) as Parameters<
    CommitmentsService['create']
  >[1];

beforeAll(async () => {
  api = await startTestApi();
  for (let i = 0; i < 20; i++) await at(`${FIRST_MONDAY}T08:00:00Z`).create(london, body('2099-12-31'));
  let lateLastWeek: string[] = [];
  for (let week = 0; week < 52; week++) {
    const monday = addDays(FIRST_MONDAY, week * 7);
    // Last week's late ones are finished first thing on Monday (late, so never on time)...
    for (const id of lateLastWeek)
      await at(`${monday}T07:00:00Z`).patch(london, id, 1, { status: 'completed' });
    // ...and this week's are due on Wednesday, so overdue by Sunday.
    const late = week < 44 ? (NOISE[week % NOISE.length] as number) : 8;
    lateLastWeek = [];
    for (let i = 0; i < late; i++)
      lateLastWeek.push((await at(`${monday}T09:00:00Z`).create(london, body(addDays(monday, 2)))).id);
  }
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.runtime.stop();
});

describe('SPC in the governance report', () => {
  it('charts a year of weeks as at each week end and shows the planted shift as special cause concern', async () => {
    const token = await api.tokenFor('board', 'national');
    const editor = await api.tokenFor('editor', 'region-london');
    const created = await api.request('POST', '/reports', {
      token: editor,
      body: { kind: 'report', scope: 'region-london', period: '2026-Q3' },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    const report = (await (await api.get(`/reports/${id}?format=json`, token)).json()) as {
      spc: { grain: string; charts: MeasureChart[] };
      narrative: string[];
    };
    expect(report.spc.grain).toBe('week');
    const overdue = report.spc.charts.find((c) => c.measure === 'overdue_share') as MeasureChart;
    expect(overdue.points).toHaveLength(52);
    expect(overdue.points.map((p) => p.period).slice(0, 2)).toEqual(['2025-W40', '2025-W41']);
    // As at each week's end: 20 long-running ones plus that week's late ones are open.
    expect(overdue.points[0]?.y).toBe(9.09); // 2 of 22
    expect(overdue.points.at(-1)?.y).toBe(28.57); // 8 of 28
    expect(overdue.variation_icon).toBe('concern_high');
    expect(overdue.points.slice(44).every((p) => p.point_type === 'special_cause_concern')).toBe(true);
    expect(overdue.reading).toMatch(
      /^Open commitments overdue: special cause concern, .* in 2026-W39: 28\.57%/,
    );
    expect(report.narrative).toContain(overdue.reading);
    // Every late one was finished late: none on time, each a few days after its due date.
    const onTime = report.spc.charts.find((c) => c.measure === 'on_time_share') as MeasureChart;
    expect(onTime.points.every((p) => p.y === 0)).toBe(true);
    expect(overdue.assurance_icon).toBe('inconsistent');

    const html = await (await api.get(`/reports/${id}?format=html`, token)).text();
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.setContent(html);
    const section = page.locator('section.spc-chart[data-measure="overdue_share"]');
    await expect(section.locator('[data-icons]').textContent()).resolves.toContain(
      'Variation: Special cause concern (high).',
    );
    await expect(section.locator('[data-reading]').textContent()).resolves.toBe(overdue.reading);
    // Making Data Count's icons, drawn and named: concern high, and hit and miss against the target.
    await expect(
      section
        .locator('.mdc-icons svg[role="img"]')
        .evaluateAll((icons) => icons.map((i) => i.getAttribute('aria-label'))),
    ).resolves.toEqual([
      'Variation: Special cause concern (high)',
      'Assurance: Hit and miss against the target',
    ]);
    await expect(section.locator('.mdc-icons svg').first().locator('text').textContent()).resolves.toBe('H');
    await expect(section.locator('.spc-figure svg circle').count()).resolves.toBe(52);
    // The chart's special-cause points carry a letter as well as a colour.
    await expect(section.locator('.spc-figure svg text', { hasText: /^C$/ }).count()).resolves.toBe(8);
    await expect(section.locator('table.spc-data tbody tr').count()).resolves.toBe(52);
    await expect(section.locator('table.spc-data tbody tr').last().textContent()).resolves.toContain(
      'concern',
    );
    await section
      .locator('.spc-figure svg')
      .screenshot({ path: join(ARTIFACTS, 'report-spc-overdue-share.png') });

    // Each week's values are kept once worked out; a later report works out only the weeks it adds.
    const snapshots = async () =>
      (await api.tableItems()).filter((i) => i.type === 'MeasureSnapshot' && i.scope === 'region-london')
        .length;
    expect(await snapshots()).toBe(52);
    const october = await api.request('POST', '/reports', {
      token: editor,
      body: { kind: 'report', scope: 'region-london', period: '2026-10' },
    });
    expect(october.status).toBe(201);
    expect(await snapshots()).toBe(52 + 4); // W40 to W43 ended by 31 October (W44 ends 1 November)

    // Verifying recomputes the report from the record: the same content.
    const verdict = (await (await api.get(`/reports/${id}/verify`, token)).json()) as {
      contentMatches: boolean;
    };
    expect(verdict.contentMatches).toBe(true);
  });

  it('gives any scope its measures through GET /measures, weekly or monthly, to those who may read it', async () => {
    const london = await api.tokenFor('editor', 'region-london');
    const weekly = (await (
      await api.get('/measures?scope=region-london&through=2026-09-30', london)
    ).json()) as {
      grain: string;
      from: string;
      through: string;
      charts: MeasureChart[];
    };
    expect([weekly.grain, weekly.from, weekly.through]).toEqual(['week', '2025-09-29', '2026-09-27']);
    const overdue = weekly.charts.find((c) => c.measure === 'overdue_share') as MeasureChart;
    expect(overdue.variation_icon).toBe('concern_high');
    expect(overdue.points.at(-1)?.y).toBe(28.57);

    // Months: 24 of them, the series starting with the first month anything was recorded.
    const monthly = (await (
      await api.get(
        '/measures?scope=region-london&grain=month&through=2026-09-30&measure=actions_logged',
        london,
      )
    ).json()) as { charts: MeasureChart[] };
    expect(monthly.charts.map((c) => c.measure)).toEqual(['actions_logged']);
    expect(monthly.charts[0]?.points.map((p) => p.period).slice(0, 2)).toEqual(['2025-09', '2025-10']);
    expect(monthly.charts[0]?.points.at(-1)?.period).toBe('2026-09');

    const svg = await api.get(
      '/measures?scope=region-london&through=2026-09-30&measure=overdue_share&format=svg',
      london,
    );
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg[^>]*role="img"/);

    // An ICS reads its own measures (nothing recorded there: no points), not its region's.
    const ics = await api.tokenFor('reader', 'ics-north-central-london');
    const own = (await (await api.get('/measures?through=2026-09-30', ics)).json()) as {
      scope: string;
      charts: MeasureChart[];
    };
    expect(own.scope).toBe('ics-north-central-london');
    expect(own.charts.every((c) => c.points.length === 0)).toBe(true);
    await expectProblem(await api.get('/measures?scope=region-london', ics), 403);
    const problems = [
      await expectProblem(await api.get('/measures?scope=region-london&format=svg', london), 400),
      await expectProblem(await api.get('/measures?scope=region-london&through=2999-01-01', london), 400),
      await expectProblem(await api.get('/measures?scope=nowhere', london), 400),
    ];
    expect(problems.map((p) => p.errors?.[0]?.path)).toEqual([
      'query.measure',
      'query.through',
      'query.scope',
    ]);
  });

  it('starts new limits where an org change reshaped the scope', async () => {
    // Recorded now, effective 1 June 2026: an ICS joins London. The year's chart is split there.
    const admin = await api.tokenFor('admin', 'national', 'sam.patel');
    const moved = await api.request('POST', '/org-changes', {
      token: admin,
      body: {
        id: '2026-06-blmk-to-london',
        kind: 'move',
        effectiveDate: '2026-06-01',
        description: 'BLMK joins London',
        unitId: 'ics-bedfordshire-luton-and-milton-keynes',
        toRegion: 'region-london',
      },
    });
    expect(moved.status, await moved.clone().text()).toBe(201);
    const london = await api.tokenFor('editor', 'region-london');
    const { charts } = (await (
      await api.get('/measures?scope=region-london&through=2026-09-30&measure=overdue_share', london)
    ).json()) as { charts: MeasureChart[] };
    const points = charts[0]?.points ?? [];
    expect(points.filter((p) => p.x < '2026-06-01').every((p) => p.rebase_group === 0)).toBe(true);
    expect(points.filter((p) => p.x >= '2026-06-01').every((p) => p.rebase_group === 1)).toBe(true);
    expect(points.filter((p) => p.rebase_group === 1)).toHaveLength(17);
  });
});
