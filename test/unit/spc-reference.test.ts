import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type XmrOptions, xmr } from '../../shared/spc/xmr';

/**
 * Every case NHSRplotthedots 0.2.2 produced for ../shared/reference/spc/ (the NHS-R community's
 * reference implementation of Making Data Count), reproduced exactly: limits to 1e-9 relative, every
 * point's classification, the icons and the per-segment summary.
 */
interface Case {
  name: string;
  options: XmrOptions;
  points: Array<Record<string, unknown> & { x: string; y: number }>;
  assurance: string | null;
  variation_icon: string;
  assurance_icon: string | null;
  summary: Array<Record<string, unknown>>;
}
const { cases } = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '..', '..', '..', 'shared', 'reference', 'spc', 'cases.json'),
    'utf8',
  ),
) as { cases: Case[] };

const NUMBERS = new Set(['mean', 'lpl', 'upl']);
function same(field: string, got: unknown, want: unknown): boolean {
  if (NUMBERS.has(field) && typeof want === 'number' && typeof got === 'number')
    return Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));
  return got === want;
}

describe.each(cases.map((c) => [c.name, c] as const))('SPC reference case %s', (_, reference) => {
  const chart = xmr(
    reference.points.map((p) => ({ x: p.x, y: p.y })),
    reference.options,
  );

  it('gives every point the same limits and classification', () => {
    const wrong: string[] = [];
    reference.points.forEach((want, i) => {
      const got = chart.points[i] as unknown as Record<string, unknown>;
      for (const [field, value] of Object.entries(want))
        if (!same(field, got[field], value))
          wrong.push(`point ${i} ${field}: got ${got[field]}, want ${value}`);
    });
    expect(wrong).toEqual([]);
  });

  it('gives the same icons, assurance and summary', () => {
    expect({
      assurance: chart.assurance,
      variation_icon: chart.variation_icon,
      assurance_icon: chart.assurance_icon,
    }).toEqual({
      assurance: reference.assurance,
      variation_icon: reference.variation_icon,
      assurance_icon: reference.assurance_icon,
    });
    const wrong: string[] = [];
    reference.summary.forEach((want, i) => {
      const got = chart.summary[i] as unknown as Record<string, unknown>;
      for (const [field, value] of Object.entries(want))
        if (!same(field, got?.[field], value))
          wrong.push(`segment ${i} ${field}: got ${got?.[field]}, want ${value}`);
    });
    expect(wrong).toEqual([]);
  });
});
