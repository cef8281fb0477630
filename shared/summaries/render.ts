import { formatValue, type MeasureChart } from '../spc/measures';
import { xmrSvg } from '../spc/svg';
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

const esc = (v: unknown) =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

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

function itemTable(rows: ItemRow[]): string {
  if (!rows.length) return '<p class="none">None.</p>';
  const lacks = rows.some((r) => r.missing);
  const held = rows.some((r) => r.heldBy);
  const awaiting = rows.some((r) => r.awaiting);
  return `<table><thead><tr><th scope="col">Commitment</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">RAG</th><th scope="col">Days overdue</th>${lacks ? '<th scope="col">Lacks</th>' : ''}${held ? '<th scope="col">Held by</th><th scope="col">Acknowledged</th>' : ''}${awaiting ? '<th scope="col">Awaiting</th><th scope="col">Days waiting</th>' : ''}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr data-commitment="${esc(r.commitmentId)}"><td>${esc(r.title)}</td><td>${esc(r.ownerName)}</td><td>${esc(r.dueDate)}</td><td>${esc(r.status)}</td><td class="rag-${esc(r.rag)}">${esc(r.rag)}</td><td>${esc(r.daysOverdue ?? '')}</td>${lacks ? `<td>${esc(r.missing?.join(', ') ?? '')}</td>` : ''}${held ? `<td>${esc(r.heldBy ?? '')}</td><td>${r.acknowledged ? 'Yes' : 'No: awaiting acknowledgement'}</td>` : ''}${awaiting ? `<td>${esc(r.awaiting === 'green' ? 'Green rating' : 'Completion')}</td><td>${esc(r.awaitingDays ?? '')}</td>` : ''}</tr>`,
    )
    .join('')}</tbody></table>`;
}

/** Each measure's XmR chart (inline SVG) with its reading, its icons in words and its data table. */
function spcSection(s: Summary): string {
  if (!s.spc) return '';
  const charts = s.spc.charts
    .map((c) => {
      const body = c.points.length
        ? `${xmrSvg(c, c.label, { id: `spc-${c.measure}` })}<table class="spc-data"><caption>${esc(c.label)}: data</caption><thead><tr><th scope="col">Week</th><th scope="col">Value</th><th scope="col">Mean</th><th scope="col">Lower limit</th><th scope="col">Upper limit</th><th scope="col">Signal</th></tr></thead><tbody>${c.points
            .map(
              (p) =>
                `<tr><td>${esc(p.period)}</td><td>${p.y}</td><td>${limit(p.mean)}</td><td>${limit(p.lpl)}</td><td>${limit(p.upl)}</td><td>${esc(SIGNAL_TEXT[p.point_type])}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : '';
      return `<section class="spc-chart" data-measure="${esc(c.measure)}"><h3>${esc(c.label)}</h3><p data-reading>${esc(c.reading)}</p><p data-icons data-variation-icon="${esc(c.variation_icon ?? '')}" data-assurance-icon="${esc(c.assurance_icon ?? '')}">${esc(iconsText(c))}</p>${body}</section>`;
    })
    .join('');
  return `<section class="spc"><h2>Statistical process control (Making Data Count)</h2><p>Each week's value as at that week's end. Process limits are the mean ± 2.66 × the mean moving range; a special cause is a point outside them, 7 points rising or falling, 2 of 3 points close to a limit, or 7 points on one side of the mean.</p>${charts}</section>`;
}

/** Self-contained HTML: inline CSS and SVG, print styles for a board paper. */
function toHtml(s: Summary, e: SummaryEnvelope): string {
  const metrics = Object.entries(s.totals)
    .map(
      ([k, v]) =>
        `<div class="metric"><span class="value" data-metric="${k}">${v}</span><span class="label">${esc(METRIC_LABELS[k] ?? k)}</span></div>`,
    )
    .join('');
  const sections = sectionsOf(s)
    .map(
      ([key, label]) =>
        `<section><h2>${esc(label)} (${(s[key] as ItemRow[]).length})</h2>${itemTable(s[key] as ItemRow[])}</section>`,
    )
    .join('');
  const report = s.report;
  const charts = report
    ? `<section class="charts"><h2>RAG by tier</h2>${barChart(
        'chart-rag-by-tier',
        'Open commitments by tier and RAG',
        (['national', 'region', 'ics'] as const).flatMap((tier) =>
          Object.entries(report.ragByTier[tier]).map(([rag, value]) => ({
            label: `${tier} ${rag}`,
            value,
            colour: RAG_COLOURS[rag],
          })),
        ),
      )}<h2>Overdue trend</h2>${barChart(
        'chart-overdue-trend',
        'Overdue commitments at the end of each period',
        report.overdueTrend.map((p) => ({ label: p.period, value: p.overdue, colour: '#330072' })),
      )}<h2>RAG by region</h2><table><thead><tr><th>Region</th><th>Red</th><th>Amber</th><th>Green</th></tr></thead><tbody>${report.ragByRegion
        .map(
          (r) =>
            `<tr><td>${esc(r.regionName)}</td><td>${r.red}</td><td>${r.amber}</td><td>${r.green}</td></tr>`,
        )
        .join(
          '',
        )}</tbody></table><h2>Top overdue</h2>${itemTable(report.topOverdue)}<h2>Coverage matrix</h2><table class="matrix"><thead><tr><th>Responsibility</th>${report.coverageMatrix.columns
        .map((c) => `<th>${esc(c.replace('region-', ''))}</th>`)
        .join('')}</tr></thead><tbody>${report.coverageMatrix.rows
        .map(
          (r) =>
            `<tr><td>${esc(r.responsibilityId)}</td>${r.counts.map((n) => `<td class="${n ? 'covered' : 'gap'}">${n}</td>`).join('')}</tr>`,
        )
        .join('')}</tbody></table><h2>Open commitments by principle</h2>${barChart(
        'chart-principles',
        'Open commitments by principle',
        report.byPrinciple.map((p) => ({ label: p.principle, value: p.open })),
      )}</section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title(s, e))}</title>
<style>
body{font-family:Arial,Helvetica,sans-serif;margin:2rem;color:#212b32;max-width:1100px}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:1.6rem;border-bottom:1px solid #d8dde0}
.metrics{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:.6rem}
.metric{border:1px solid #d8dde0;padding:.6rem}.metric .value{display:block;font-size:1.6rem;font-weight:bold}
table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border:1px solid #d8dde0;padding:.25rem .4rem;text-align:left}
.rag-red{background:#f6d4d1}.rag-amber{background:#fff1cc}.rag-green{background:#cce5d8}.gap{background:#f6d4d1}
.matrix td{text-align:center}
.standing{border:3px solid #005eb8;padding:.6rem;font-weight:bold}.standing.draft{border-color:#d5281b;color:#d5281b}
body.draft{background-image:repeating-linear-gradient(-45deg,transparent 0 120px,rgba(213,40,27,.06) 120px 240px)}
.hash{font-family:monospace;word-break:break-all}
.spc-chart svg{max-width:100%;height:auto}.spc-data{font-size:.75rem;margin-bottom:1rem}
@media print{body{margin:0;max-width:none}section{break-inside:avoid}h2{break-after:avoid}.no-print{display:none}}
@page{size:A4;margin:15mm}
</style></head>
<body data-summary-id="${esc(e.id)}" data-status="${e.status}" class="${e.status}">
<h1>${esc(title(s, e))}</h1>
<p class="standing ${e.status}" data-standing>${esc(standing(e))}</p>
<p>${esc(s.period.start)} to ${esc(s.period.end)}, as at ${esc(s.asAt)}. Generated ${esc(e.generatedAt)}.</p>
<p>Document <span data-document-id>${esc(e.id)}</span>; content hash (SHA-256) <span class="hash" data-content-hash>${esc(e.contentHash)}</span>.</p>
<ul class="narrative">${s.narrative.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
<div class="metrics">${metrics}</div>
${charts}
${spcSection(s)}
${sections}
<section><h2>Actions logged by unit</h2><table><tbody>${s.actionsByUnit.map((a) => `<tr><td>${esc(a.unitName)}</td><td>${a.count}</td></tr>`).join('')}</tbody></table></section>
<section><h2>Coverage gaps (${s.coverageGaps.length})</h2><ul>${s.coverageGaps.map((g) => `<li><strong>${esc(g.responsibilityId)}</strong> ${esc(g.text)}</li>`).join('')}</ul></section>
</body></html>
`;
}
