import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `npm run spc`: an analyst's own series, charted exactly as the reference cases are. */
const REPO = join(import.meta.dirname, '..', '..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
const { cases } = JSON.parse(
  readFileSync(join(REPO, '..', 'shared', 'reference', 'spc', 'cases.json'), 'utf8'),
) as {
  cases: Array<{ name: string; options: Record<string, unknown>; points: Array<Record<string, unknown>> }>;
};
const dir = mkdtempSync(join(tmpdir(), 'spc-cli-'));
const spc = (...args: string[]) =>
  execFileSync(TSX, ['local/cli/spc.ts', ...args], { cwd: REPO, encoding: 'utf8', stdio: 'pipe' });

describe('npm run spc', () => {
  it('fills in a case given only x and y, as the reference computed it', () => {
    const reference = cases.find((c) => c.name === 'rebase_with_target') as (typeof cases)[number];
    const file = join(dir, 'case.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: reference.name,
        options: reference.options,
        points: reference.points.map(({ x, y }) => ({ x, y })),
      }),
    );
    const out = JSON.parse(spc(file)) as typeof reference & Record<string, unknown>;
    expect(out.points.map((p) => p.special_cause_type)).toEqual(
      reference.points.map((p) => p.special_cause_type),
    );
    expect(out.points.map((p) => p.rebase_group)).toEqual(reference.points.map((p) => p.rebase_group));
    for (const field of ['assurance', 'variation_icon', 'assurance_icon'])
      expect(out[field], field).toEqual((reference as Record<string, unknown>)[field]);
  });

  it('reads a CSV of x,y with the options as flags, and draws an SVG', () => {
    const reference = cases.find((c) => c.name === 'outlier_above_unscreened') as (typeof cases)[number];
    const file = join(dir, 'series.csv');
    writeFileSync(file, `x,y\n${reference.points.map((p) => `${p.x},${p.y}`).join('\n')}\n`);
    const out = JSON.parse(spc(file, '--no-screen')) as { points: Array<{ upl: number }> };
    expect(out.points[0]?.upl).toBeCloseTo(reference.points[0]?.upl as number, 9);
    const svg = spc(file, '--no-screen', '--format', 'svg');
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('<desc id="spc-desc">XmR chart of');
  });

  it('explains bad input', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'x,y\n2026-01-01,twelve\n');
    expect(() => spc(file)).toThrow(/row 2: "2026-01-01,twelve" is not x,number/);
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'x,y\n2026-01-01,12\n2026-02-01,13\n');
    expect(() => spc(good, '--fix-after', '5')).toThrow(/--fix-after is a whole number, 12 or more/);
  });
});
