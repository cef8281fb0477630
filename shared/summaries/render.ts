import { confidenceScale } from '../commitments/commitment.model';
import { formatValue, type MeasureChart } from '../spc/measures';
import { assuranceIconSvg, variationIconSvg, xmrSvg } from '../spc/svg';
import { escapeHtml, nhsukCss, ratingTag } from '../ui/nhsuk';
import type { ItemRow, Summary, SummaryEnvelope } from './summary.model';

export const FORMATS = ['html', 'csv', 'json', 'md'] as const;
export type Format = (typeof FORMATS)[number];
export const CONTENT_TYPES: Record<Format, string> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  md: 'text/markdown; charset=utf-8',
};

const SECTIONS: Array<[keyof Summary, string]> = [
  ['newlyOverdue', 'Newly overdue'],
  ['escalated', 'Escalated'],
  ['dueSoon', 'Due in the next 14 days'],
  ['completed', 'Completed'],
  ['atRisk', 'At risk'],
  ['offTrack', 'Off track'],
  ['notMeasurable', 'Not measurable'],
  ['awaitingSignOff', 'Awaiting sign-off'],
];
const METRIC_LABELS: Record<string, string> = {
  commitments: 'Commitments',
  open: 'Open',
  overdue: 'Overdue',
  newlyOverdue: 'Newly overdue',
  escalated: 'Escalated',
  dueSoon: 'Due in 14 days',
  completed: 'Completed',
  atRisk: 'At risk',
  offTrack: 'Off track',
  actionsLogged: 'Actions logged',
  coverageGaps: 'Coverage gaps',
  notMeasurable: 'Not measurable',
  awaitingSignOff: 'Awaiting sign-off',
};

const title = (s: Summary, e: SummaryEnvelope) =>
  `${e.status === 'draft' ? 'DRAFT ' : ''}${s.kind === 'digest' ? 'Accountability digest' : 'Governance report'}: ${s.scopeName}, ${s.period.label}`;

/** What each format says about the document: draft or final (and which revision), and its content hash. */
function standing(e: SummaryEnvelope): string {
  if (e.status === 'draft')
    return 'DRAFT: the period has not ended, so these figures will change. Not the record; not sent to subscribers.';
  const correction = e.replaces ? ` It replaces ${e.replaces}: ${e.reason ?? ''}` : '';
  return `FINAL, revision ${e.revision ?? 1}.${correction}`;
}

/**
 * Renders one format. The JSON form holds the envelope's identity (id, status, revision, hash) and the
 * content, but not when it was generated: the same record gives the same bytes whenever it is made.
 */
export function render(s: Summary, e: SummaryEnvelope, format: Format): string {
  switch (format) {
    case 'json': {
      const { generatedAt: _when, ...identity } = e;
      return `${JSON.stringify({ ...identity, ...s }, null, 2)}\n`;
    }
    case 'csv':
      return toCsv(s, e);
    case 'md':
      return toMarkdown(s, e);
    case 'html':
      return toHtml(s, e);
  }
}

const csvCell = (v: unknown) => {
  const text = v === undefined || v === null ? '' : String(v);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const ROW_COLUMNS: Array<keyof ItemRow> = [
  'commitmentId',
  'title',
  'ownerUnitId',
  'ownerName',
  'tier',
  'dueDate',
  'status',
  'rag',
  'daysOverdue',
  'escalationLevel',
];

/** The CSV's columns: every row has all of them (empty where they do not apply). */
export const CSV_COLUMNS = [
  'section',
  'key',
  'value',
  ...ROW_COLUMNS.slice(1),
  'period',
  'mean',
  'lowerLimit',
  'upperLimit',
  'signal',
  'missing',
  'heldBy',
  'acknowledged',
  'awaiting',
  'awaitingDays',
] as const;

/** The item sections a summary has (a summary made by an earlier release lacks the newer ones). */
const sectionsOf = (s: Summary) => SECTIONS.filter(([key]) => s[key] !== undefined);

/** MDC's icons in words: nothing is told by colour or shape alone. */
export const VARIATION_ICON_TEXT: Record<string, string> = {
  common_cause: 'Common cause variation',
  improvement_high: 'Special cause improvement (high)',
  improvement_low: 'Special cause improvement (low)',
  concern_high: 'Special cause concern (high)',
  concern_low: 'Special cause concern (low)',
  neutral_high: 'Special cause, neutral (high)',
  neutral_low: 'Special cause, neutral (low)',
};
export const ASSURANCE_ICON_TEXT: Record<string, string> = {
  pass: 'Consistently passing the target',
  fail: 'Consistently failing the target',
  inconsistent: 'Hit and miss against the target',
};
const SIGNAL_TEXT: Record<string, string> = {
  common_cause: 'common cause',
  special_cause_improvement: 'improvement',
  special_cause_concern: 'concern',
  special_cause_neutral_high: 'neutral (high)',
  special_cause_neutral_low: 'neutral (low)',
};
const limit = (n: number | null) => (n === null ? '' : Math.round(n * 100) / 100);
const iconsText = (c: MeasureChart) =>
  `Variation: ${c.variation_icon ? VARIATION_ICON_TEXT[c.variation_icon] : `no icon yet (fewer than 13 points)`}. Assurance: ${
    c.assurance_icon
      ? `${ASSURANCE_ICON_TEXT[c.assurance_icon]} (${formatValue(c.target as number, c.unit)})`
      : c.target === null
        ? 'no target'
        : 'no icon yet'
  }.${c.trialLimits ? ' Trial limits (fewer than 12 points).' : ''}`;

/**
 * One CSV, one table: `section` says what a row is. `document` and `totals` rows are key and value;
 * item rows (newly overdue, escalated, ...) have the commitment id as key and its fields in the named
 * columns; `actions by unit` rows have the unit id, the count as value and the unit's name as title;
 * `coverage gap` rows the responsibility id, its text as title and its tier.
 */
function toCsv(s: Summary, e: SummaryEnvelope): string {
  const line = (cells: Partial<Record<(typeof CSV_COLUMNS)[number], unknown>>) =>
    CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',');
  const lines = [CSV_COLUMNS.join(',')];
  const doc = (key: string, value: unknown) => lines.push(line({ section: 'document', key, value }));
  doc('status', e.status === 'draft' ? 'DRAFT' : 'FINAL');
  doc('id', e.id);
  if (e.revision) doc('revision', e.revision);
  if (e.replaces) {
    doc('replaces', e.replaces);
    doc('reason', e.reason);
  }
  doc('asAt', s.asAt);
  doc('contentHash', e.contentHash);
  for (const [metric, value] of Object.entries(s.totals))
    lines.push(line({ section: 'totals', key: metric, value }));
  for (const [key, label] of sectionsOf(s)) {
    for (const r of s[key] as ItemRow[])
      lines.push(line({ ...r, section: label, key: r.commitmentId, missing: r.missing?.join(';') }));
  }
  for (const a of s.actionsByUnit)
    lines.push(line({ section: 'actions by unit', key: a.unitId, value: a.count, title: a.unitName }));
  for (const g of s.coverageGaps)
    lines.push(line({ section: 'coverage gap', key: g.responsibilityId, title: g.text, tier: g.tier }));
  for (const c of s.spc?.charts ?? [])
    for (const p of c.points)
      lines.push(
        line({
          section: 'spc',
          key: c.measure,
          title: c.label,
          period: p.period,
          value: p.y,
          mean: limit(p.mean),
          lowerLimit: limit(p.lpl),
          upperLimit: limit(p.upl),
          signal: SIGNAL_TEXT[p.point_type],
        }),
      );
  return `${lines.join('\n')}\n`;
}

const mdRow = (cells: unknown[]) =>
  `| ${cells.map((c) => String(c ?? '').replace(/\|/g, '\\|')).join(' | ')} |`;

function toMarkdown(s: Summary, e: SummaryEnvelope): string {
  const out = [
    `# ${title(s, e)}`,
    '',
    `**${standing(e)}**`,
    '',
    `${s.period.start} to ${s.period.end}, as at ${s.asAt}. Generated ${e.generatedAt}.`,
    '',
    `Document ${e.id}, content hash (SHA-256) \`${e.contentHash}\`.`,
    '',
    ...s.narrative.map((n) => `- ${n}`),
    '',
  ];
  out.push(
    '| metric | value |',
    '| --- | --- |',
    ...Object.entries(s.totals).map(([k, v]) => mdRow([METRIC_LABELS[k] ?? k, v])),
    '',
  );
  for (const [key, label] of sectionsOf(s)) {
    const rows = s[key] as ItemRow[];
    out.push(`## ${label} (${rows.length})`, '');
    if (rows.length) {
      out.push(
        '| commitment | owner | due | status | RAG | days overdue |',
        '| --- | --- | --- | --- | --- | --- |',
      );
      for (const r of rows)
        out.push(mdRow([r.title, r.ownerName, r.dueDate, r.status, r.rag, r.daysOverdue ?? '']));
    }
    out.push('');
  }
  out.push(
    `## Actions logged by unit`,
    '',
    '| unit | actions |',
    '| --- | --- |',
    ...s.actionsByUnit.map((a) => mdRow([a.unitName, a.count])),
    '',
  );
  out.push(
    `## Coverage gaps (${s.coverageGaps.length})`,
    '',
    ...s.coverageGaps.map((g) => `- ${g.responsibilityId}: ${g.text}`),
    '',
  );
  if (s.spc) {
    out.push('## Statistical process control (Making Data Count)', '');
    for (const c of s.spc.charts) {
      out.push(`### ${c.label}`, '', c.reading, '', iconsText(c), '');
      if (c.points.length)
        out.push(
          '| week | value | mean | lower limit | upper limit | signal |',
          '| --- | --- | --- | --- | --- | --- |',
          ...c.points.map((p) =>
            mdRow([p.period, p.y, limit(p.mean), limit(p.lpl), limit(p.upl), SIGNAL_TEXT[p.point_type]]),
          ),
          '',
        );
    }
  }
  return `${out.join('\n')}\n`;
}

const esc = escapeHtml;

/** A horizontal bar chart as inline SVG (no scripts, no external assets). */
export function barChart(
  id: string,
  label: string,
  bars: Array<{ label: string; value: number; colour?: string }>,
): string {
  const width = 520;
  const rowHeight = 22;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars
    .map((b, i) => {
      const w = Math.round((b.value / max) * 300);
      const y = i * rowHeight;
      return `<g data-label="${esc(b.label)}" data-value="${b.value}"><text x="0" y="${y + 15}" font-size="12">${esc(b.label)}</text><rect x="180" y="${y + 4}" width="${w}" height="14" fill="${b.colour ?? '#005eb8'}"/><text x="${186 + w}" y="${y + 15}" font-size="12">${b.value}</text></g>`;
    })
    .join('');
  return `<svg id="${id}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${bars.length * rowHeight + 4}" viewBox="0 0 ${width} ${bars.length * rowHeight + 4}">${rows}</svg>`;
}

const RAG_COLOURS: Record<string, string> = { red: '#d5281b', amber: '#ffb81c', green: '#007f3b' };

/** An NHS table: a caption, column headers with scope, and rows of cells. */
function table(caption: string, headers: string[], rows: string[][], rowAttributes: string[] = []): string {
  return `<table class="nhsuk-table"><caption class="nhsuk-table__caption nhsuk-table__caption--s">${esc(caption)}</caption><thead class="nhsuk-table__head"><tr class="nhsuk-table__row">${headers
    .map((h) => `<th scope="col" class="nhsuk-table__header">${esc(h)}</th>`)
    .join('')}</tr></thead><tbody class="nhsuk-table__body">${rows
    .map(
      (cells, i) =>
        `<tr class="nhsuk-table__row"${rowAttributes[i] ?? ''}>${cells.map((c) => `<td class="nhsuk-table__cell">${c}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

function itemTable(caption: string, rows: ItemRow[]): string {
  if (!rows.length) return '<p class="nhsuk-body none">None.</p>';
  const lacks = rows.some((r) => r.missing);
  const held = rows.some((r) => r.heldBy);
  const awaiting = rows.some((r) => r.awaiting);
  const confidence = rows.some((r) => r.ownerConfidence);
  return table(
    caption,
    [
      'Commitment',
      'Owner',
      'Due',
      'Status',
      'RAG',
      'Days overdue',
      ...(lacks ? ['Lacks'] : []),
      ...(held ? ['Held by', 'Acknowledged'] : []),
      ...(awaiting ? ['Awaiting', 'Days waiting'] : []),
      ...(confidence ? ['Owner confidence', 'Assurer confidence'] : []),
    ],
    rows.map((r) => [
      esc(r.title),
      esc(r.ownerName),
      esc(r.dueDate),
      esc(r.status.replace(/_/g, ' ')),
      ratingTag(r.rag),
      esc(r.daysOverdue ?? ''),
      ...(lacks ? [esc(r.missing?.join(', ') ?? '')] : []),
      ...(held ? [esc(r.heldBy ?? ''), r.acknowledged ? 'Yes' : 'No: awaiting acknowledgement'] : []),
      ...(awaiting
        ? [r.awaiting === 'green' ? 'Green rating' : 'Completion', esc(r.awaitingDays ?? '')]
        : []),
      ...(confidence ? [ratingTag(rated(r.ownerConfidence)), ratingTag(rated(r.assurerConfidence))] : []),
    ]),
    rows.map((r) => ` data-commitment="${esc(r.commitmentId)}"`),
  );
}
const rated = (level: string | undefined) => (level && level !== 'unrated' ? level : undefined);

/** Each measure's XmR chart (inline SVG) with its reading, its icons in words and its data table. */
function spcSection(s: Summary): string {
  if (!s.spc) return '';
  const charts = s.spc.charts
    .map((c) => {
      const body = c.points.length
        ? `<div class="spc-figure">${xmrSvg(c, c.label, { id: `spc-${c.measure}` })}</div>${table(
            `${c.label}: data`,
            ['Week', 'Value', 'Mean', 'Lower limit', 'Upper limit', 'Signal'],
            c.points.map((p) => [
              esc(p.period),
              String(p.y),
              String(limit(p.mean)),
              String(limit(p.lpl)),
              String(limit(p.upl)),
              esc(SIGNAL_TEXT[p.point_type]),
            ]),
          ).replace('class="nhsuk-table"', 'class="nhsuk-table spc-data"')}`
        : '';
      const icons = [
        c.variation_icon
          ? variationIconSvg(c.variation_icon, `Variation: ${VARIATION_ICON_TEXT[c.variation_icon]}`)
          : '',
        c.assurance_icon
          ? assuranceIconSvg(c.assurance_icon, `Assurance: ${ASSURANCE_ICON_TEXT[c.assurance_icon]}`)
          : '',
      ].join('');
      return `<section class="spc-chart" data-measure="${esc(c.measure)}" aria-labelledby="spc-h-${esc(c.measure)}"><h3 class="nhsuk-heading-s" id="spc-h-${esc(c.measure)}">${esc(c.label)}</h3>${icons ? `<div class="mdc-icons">${icons}</div>` : ''}<p class="nhsuk-body" data-reading>${esc(c.reading)}</p><p class="nhsuk-body-s" data-icons data-variation-icon="${esc(c.variation_icon ?? '')}" data-assurance-icon="${esc(c.assurance_icon ?? '')}">${esc(iconsText(c))}</p>${body}</section>`;
    })
    .join('');
  return `<section class="spc" aria-labelledby="spc-heading"><h2 class="nhsuk-heading-l" id="spc-heading">Statistical process control (Making Data Count)</h2><p class="nhsuk-body">Each week's value as at that week's end. Process limits are the mean ± 2.66 × the mean moving range; a special cause is a point outside them, 7 points rising or falling, 2 of 3 points close to a limit, or 7 points on one side of the mean.</p>${charts}</section>`;
}

const LEVEL_WORDS: Record<string, string> = {
  green: 'Green',
  amber: 'Amber',
  red: 'Red',
  unrated: 'Not rated',
};

/** Delivery confidence from both sides, the owner's against the assurer's, and the responses to red. */
function assuranceHtml(s: Summary): string {
  const a = s.assurance;
  if (!a) return '';
  const levels = a.confidenceMatrix.map((r) => r.owner);
  const matrix = table(
    'Open commitments: owner’s delivery confidence (rows) against the assurer’s (columns)',
    ['Owner’s rating', ...levels.map((l) => LEVEL_WORDS[l] as string)],
    a.confidenceMatrix.map((r) => [
      `<strong>${esc(LEVEL_WORDS[r.owner])}</strong>`,
      ...levels.map((l) => String(r.assurer[l])),
    ]),
  );
  const responses = a.responsesToRed.length
    ? table(
        'Open responses to red',
        [
          'Commitment',
          'Owner',
          'Opened by',
          'Recovery action due',
          'Recovery action',
          'Re-review by',
          'Missed',
        ],
        a.responsesToRed.map((r) => [
          esc(r.title),
          esc(r.ownerName),
          esc(r.openedBy),
          esc(r.recoveryDue),
          r.recoveryLogged ? 'Logged' : 'Not yet',
          esc(r.reReviewDate),
          r.missed.length ? `<strong>${esc(r.missed.join(', ').replace(/-/g, ' '))}</strong>` : 'None',
        ]),
        a.responsesToRed.map((r) => ` data-commitment="${esc(r.commitmentId)}"`),
      )
    : '<p class="nhsuk-body none">None open.</p>';
  return `<section aria-labelledby="assurance-heading" class="assurance"><h2 class="nhsuk-heading-l" id="assurance-heading">Delivery confidence</h2><p class="nhsuk-body">${esc(confidenceScale())}</p>${matrix}<h3 class="nhsuk-heading-s">Owner more optimistic than the assurer (${a.ownerMoreOptimistic.length})</h3>${itemTable('Owner more optimistic than the assurer', a.ownerMoreOptimistic)}<h3 class="nhsuk-heading-s">Responses to red (${a.responsesToRed.length})</h3>${responses}</section>`;
}

/** The first page of a board paper: what it is for, what it covers, what changed, how to check it. */
function coverSheet(s: Summary, e: SummaryEnvelope): string {
  const changed = s.changes
    ? s.changes.deltas
        .filter((d) => d.current !== d.previous)
        .map((d) => `${METRIC_LABELS[d.metric] ?? d.metric}: ${d.previous} to ${d.current}`)
    : [];
  const orgChanges = (s.orgChanges ?? []).map((c) => c.text);
  const rows: Array<[string, string]> = [
    [
      'Purpose',
      s.kind === 'report'
        ? 'Assurance: for the board to be assured that duties are met, or to act where they are not.'
        : 'Information: the period’s accountability digest.',
    ],
    ['Scope', esc(s.scopeName)],
    [
      'Period',
      `${esc(s.period.label)}: ${esc(s.period.start)} to ${esc(s.period.end)}, figures as at ${esc(s.asAt)}`,
    ],
    ['Standing', esc(standing(e))],
    [
      'What changed since the last report',
      changed.length || orgChanges.length
        ? `<ul class="nhsuk-list nhsuk-list--bullet">${[...changed.map((c) => `${c} (${s.changes?.previousPeriod} to ${s.period.label})`), ...orgChanges.map((c) => `Org change: ${c}`)].map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`
        : s.changes
          ? `No total changed since ${esc(s.changes.previousPeriod)}.`
          : 'No earlier report to compare with.',
    ],
    [
      'How to verify it',
      `Document <span data-document-id>${esc(e.id)}</span>, content hash (SHA-256) <span class="hash" data-content-hash>${esc(e.contentHash)}</span>. <code>GET /reports/${esc(e.id)}/verify</code> recomputes it from the record as at the period’s end and compares the hash; a final report’s verdict names the seal that covers it, signed with the key at <code>GET /audit/public-key</code>.`,
    ],
  ];
  return `<section aria-labelledby="cover-heading" class="cover"><h2 class="nhsuk-heading-l" id="cover-heading">Cover sheet</h2><dl class="nhsuk-summary-list">${rows
    .map(
      ([k, v]) =>
        `<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">${esc(k)}</dt><dd class="nhsuk-summary-list__value">${v}</dd></div>`,
    )
    .join('')}</dl></section>`;
}

/** The report's own styles beside nhsuk-frontend's (the workspace shows reports with them too). */
export const REPORT_CSS = `

.hash{font-family:monospace;word-break:break-all}
.spc-figure svg{max-width:100%;height:auto}
.spc-data{font-size:.8rem}
.mdc-icons{display:flex;gap:.5rem;margin-bottom:.5rem}
.draft-banner{border-color:#d5281b}
@media print{.nhsuk-skip-link{display:none}section{break-inside:auto}h2,h3{break-after:avoid}.spc-chart{break-inside:avoid-page}.nhsuk-main-wrapper{padding:0}}
@page{size:A4;margin:15mm}
`;

/** Self-contained HTML in the NHS design system (its CSS inline), inline SVG, print styles for a board paper. */
function toHtml(s: Summary, e: SummaryEnvelope): string {
  const metrics = table(
    'Totals',
    ['Measure', 'Value'],
    Object.entries(s.totals).map(([k, v]) => [
      esc(METRIC_LABELS[k] ?? k),
      `<span data-metric="${k}">${v}</span>`,
    ]),
  );
  const sections = sectionsOf(s)
    .map(([key, label]) => {
      const rows = s[key] as ItemRow[];
      const id = `section-${String(key)}`;
      return `<section aria-labelledby="${id}"><h2 class="nhsuk-heading-m" id="${id}">${esc(label)} (${rows.length})</h2>${itemTable(label, rows)}</section>`;
    })
    .join('');
  const report = s.report;
  const charts = report
    ? `<section class="charts" aria-labelledby="charts-heading"><h2 class="nhsuk-heading-l" id="charts-heading">Position</h2><h3 class="nhsuk-heading-s">RAG by tier</h3>${barChart(
        'chart-rag-by-tier',
        'Open commitments by tier and RAG',
        (['national', 'region', 'ics'] as const).flatMap((tier) =>
          Object.entries(report.ragByTier[tier]).map(([rag, value]) => ({
            label: `${tier} ${rag}`,
            value,
            colour: RAG_COLOURS[rag],
          })),
        ),
      )}<h3 class="nhsuk-heading-s">Overdue trend</h3>${barChart(
        'chart-overdue-trend',
        'Overdue commitments at the end of each period',
        report.overdueTrend.map((p) => ({ label: p.period, value: p.overdue, colour: '#330072' })),
      )}${table(
        'RAG by region',
        ['Region', 'Red', 'Amber', 'Green'],
        report.ragByRegion.map((r) => [esc(r.regionName), String(r.red), String(r.amber), String(r.green)]),
      )}<h3 class="nhsuk-heading-s">Top overdue</h3>${itemTable('Top overdue', report.topOverdue)}${table(
        'Coverage matrix: open commitments citing each responsibility, by region',
        ['Responsibility', ...report.coverageMatrix.columns.map((c) => c.replace('region-', ''))],
        report.coverageMatrix.rows.map((r) => [
          esc(r.responsibilityId),
          ...r.counts.map((n) => (n ? String(n) : '<span class="gap">0 (gap)</span>')),
        ]),
      )}<h3 class="nhsuk-heading-s">Open commitments by principle</h3>${barChart(
        'chart-principles',
        'Open commitments by principle',
        report.byPrinciple.map((p) => ({ label: p.principle, value: p.open })),
      )}</section>`
    : '';
  const standingBlock =
    e.status === 'draft'
      ? `<div class="nhsuk-warning-callout draft-banner"><h2 class="nhsuk-warning-callout__label"><span class="nhsuk-u-visually-hidden">Important: </span>Draft</h2><p class="standing draft" data-standing>${esc(standing(e))}</p></div>`
      : `<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p class="standing final" data-standing>${esc(standing(e))}</p></div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title(s, e))}</title>
<style>${nhsukCss()}</style>
<style>${REPORT_CSS}</style></head>
<body data-summary-id="${esc(e.id)}" data-status="${e.status}" class="${e.status}">
<a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
<div class="nhsuk-width-container">
<main class="nhsuk-main-wrapper" id="maincontent">
<h1 class="nhsuk-heading-xl">${esc(title(s, e))}</h1>
${standingBlock}
${coverSheet(s, e)}
<section aria-labelledby="summary-heading"><h2 class="nhsuk-heading-l" id="summary-heading">Summary</h2>
<ul class="nhsuk-list nhsuk-list--bullet narrative">${s.narrative.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
${metrics}</section>
${charts}
${spcSection(s)}
${assuranceHtml(s)}
${sections}
<section aria-labelledby="actions-heading"><h2 class="nhsuk-heading-m" id="actions-heading">Actions logged by unit</h2>${
    s.actionsByUnit.length
      ? table(
          'Actions logged by unit',
          ['Unit', 'Actions'],
          s.actionsByUnit.map((a) => [esc(a.unitName), String(a.count)]),
        )
      : '<p class="nhsuk-body">None.</p>'
  }</section>
<section aria-labelledby="gaps-heading"><h2 class="nhsuk-heading-m" id="gaps-heading">Coverage gaps (${s.coverageGaps.length})</h2><ul class="nhsuk-list nhsuk-list--bullet">${s.coverageGaps.map((g) => `<li><strong>${esc(g.responsibilityId)}</strong> ${esc(g.text)}</li>`).join('')}</ul></section>
</main></div>
</body></html>
`;
}
