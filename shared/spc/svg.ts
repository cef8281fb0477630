import type { XmrPoint } from './xmr';

/** What a chart needs to be drawn: the engine's chart, or a measure chart of the tracker. */
export interface DrawableChart {
  points: ReadonlyArray<
    Pick<XmrPoint, 'x' | 'y' | 'mean' | 'lpl' | 'upl' | 'point_type' | 'special_cause_type' | 'rebase_group'>
  >;
  variation_icon: string | null;
  assurance_icon: string | null;
  target?: number | null;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const MARK: Record<string, string> = {
  common_cause: '',
  special_cause_improvement: 'I',
  special_cause_concern: 'C',
  special_cause_neutral_high: 'N',
  special_cause_neutral_low: 'N',
};

/**
 * An XmR chart as a self-contained SVG: the series, the mean and the process limits of each segment,
 * and each special-cause point marked with a letter as well as a colour (I improvement, C concern,
 * N neutral), so nothing is told by colour alone. A <title> and <desc> describe it for screen readers.
 */
export function xmrSvg(
  chart: DrawableChart,
  title: string,
  { width = 720, height = 320, id = 'spc' }: { width?: number; height?: number; id?: string } = {},
): string {
  const pad = { left: 56, right: 16, top: 36, bottom: 62 };
  const target = chart.target ?? null;
  const values = chart.points.flatMap((p) => [
    p.y,
    p.mean,
    ...(p.lpl === null ? [] : [p.lpl, p.upl as number]),
    ...(target === null ? [] : [target]),
  ]);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const x = (i: number) =>
    pad.left +
    (chart.points.length <= 1 ? 0 : (i / (chart.points.length - 1)) * (width - pad.left - pad.right));
  const y = (v: number) => pad.top + (1 - (v - min) / span) * (height - pad.top - pad.bottom);
  const f = (n: number) => n.toFixed(1);
  const line = (key: 'mean' | 'lpl' | 'upl', dash: string, label: string) => {
    const parts: string[] = [];
    for (const group of new Set(chart.points.map((p) => p.rebase_group))) {
      const idx = chart.points.map((p, i) => (p.rebase_group === group ? i : -1)).filter((i) => i >= 0);
      const v = chart.points[idx[0] as number]?.[key];
      if (v === null || v === undefined) continue;
      parts.push(
        `<line x1="${f(x(idx[0] as number))}" x2="${f(x(idx.at(-1) as number))}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#425563" stroke-dasharray="${dash}"><title>${label} ${v.toPrecision(6)}</title></line>`,
      );
    }
    return parts.join('');
  };
  // The latest segment's mean and limits, labelled on the axis.
  const latest = chart.points.at(-1);
  const axisLabels = latest
    ? [latest.upl, latest.mean, latest.lpl]
        .filter((v): v is number => v !== null)
        .map(
          (v) =>
            `<text x="${pad.left - 6}" y="${f(y(v) + 4)}" font-size="10" text-anchor="end">${Number(v.toPrecision(4))}</text>`,
        )
        .join('')
    : '';
  const path = chart.points.map((p, i) => `${i ? 'L' : 'M'}${f(x(i))},${f(y(p.y))}`).join(' ');
  const dots = chart.points
    .map((p, i) => {
      const mark = MARK[p.point_type] ?? '';
      const colour =
        p.point_type === 'special_cause_improvement'
          ? '#005eb8'
          : p.point_type === 'special_cause_concern'
            ? '#ed8b00'
            : p.point_type === 'common_cause'
              ? '#425563'
              : '#7c2855';
      return `<g><circle cx="${f(x(i))}" cy="${f(y(p.y))}" r="4" fill="${colour}"><title>${esc(p.x)}: ${p.y} (${esc(p.special_cause_type)})</title></circle>${mark ? `<text x="${f(x(i))}" y="${f(y(p.y) - 8)}" font-size="10" text-anchor="middle">${mark}</text>` : ''}</g>`;
    })
    .join('');
  const first = chart.points[0]?.x ?? '';
  const last = chart.points.at(-1)?.x ?? '';
  const desc = `XmR chart of ${chart.points.length} points from ${first} to ${last}. Variation: ${chart.variation_icon ? chart.variation_icon.replace(/_/g, ' ') : 'too few points for an icon'}${chart.assurance_icon ? `; assurance: ${chart.assurance_icon}` : ''}.`;
  const targetLine =
    target === null || chart.points.length === 0
      ? ''
      : `<line x1="${f(x(0))}" x2="${f(x(chart.points.length - 1))}" y1="${f(y(target))}" y2="${f(y(target))}" stroke="#768692" stroke-dasharray="2 3"><title>Target ${target}</title></line>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>`,
    `<text x="${pad.left}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
    line('upl', '6 4', 'Upper process limit'),
    line('lpl', '6 4', 'Lower process limit'),
    line('mean', '', 'Mean'),
    targetLine,
    `<path d="${path}" fill="none" stroke="#425563" stroke-width="1.5"/>`,
    dots,
    `<text x="${pad.left}" y="${height - 40}" font-size="11">${esc(first)}</text>`,
    `<text x="${width - pad.right}" y="${height - 40}" font-size="11" text-anchor="end">${esc(last)}</text>`,
    axisLabels,
    `<text x="${pad.left}" y="${height - 22}" font-size="11">${esc(desc)}</text>`,
    `<text x="${pad.left}" y="${height - 8}" font-size="11">I: improvement, C: concern, N: neutral special cause; solid: mean; dashed: process limits${target === null ? '' : '; dotted: target'}.</text>`,
    '</svg>',
  ].join('\n');
}

const ICON_COLOURS: Record<string, { ring: string; fill: string }> = {
  improvement: { ring: '#005eb8', fill: '#e8f1f9' },
  concern: { ring: '#b35c00', fill: '#fff1cc' },
  neutral: { ring: '#7c2855', fill: '#f4e8ee' },
  common: { ring: '#4c6272', fill: '#f0f4f5' },
  pass: { ring: '#005eb8', fill: '#e8f1f9' },
  fail: { ring: '#b35c00', fill: '#fff1cc' },
  inconsistent: { ring: '#4c6272', fill: '#f0f4f5' },
};

function badge(colours: { ring: string; fill: string }, mark: string, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="mdc-icon" width="40" height="40" viewBox="0 0 40 40" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title><circle cx="20" cy="20" r="17" fill="${colours.fill}" stroke="${colours.ring}" stroke-width="3"/>${mark}</svg>`;
}
const letter = (text: string) =>
  `<text x="20" y="26" font-size="17" font-weight="bold" text-anchor="middle" fill="#212b32">${text}</text>`;

/**
 * Making Data Count's variation icon for the latest point, drawn as a badge: the colour says
 * improvement (blue), concern (orange), neutral (purple) or common cause (grey), the letter says
 * high (H) or low (L), and the label says all of it in words.
 */
export function variationIconSvg(icon: string, label: string): string {
  if (icon === 'common_cause')
    return badge(
      ICON_COLOURS.common as { ring: string; fill: string },
      '<path d="M9 20 q5.5 -6 11 0 t11 0" fill="none" stroke="#212b32" stroke-width="2.5"/>',
      label,
    );
  const [kind = 'common', side = 'high'] = icon.split('_');
  return badge(
    ICON_COLOURS[kind] ?? (ICON_COLOURS.common as { ring: string; fill: string }),
    letter(side === 'low' ? 'L' : 'H'),
    label,
  );
}

/** The assurance icon: P (consistently passing), F (consistently failing), ? (hit and miss). */
export function assuranceIconSvg(icon: 'pass' | 'fail' | 'inconsistent', label: string): string {
  return badge(
    ICON_COLOURS[icon] as { ring: string; fill: string },
    letter(icon === 'pass' ? 'P' : icon === 'fail' ? 'F' : '?'),
    label,
  );
}
