import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  OPERATING_MODEL_V1,
  OPERATING_MODELS,
  ORG_UNITS,
  RESPONSIBILITY_ID_PATTERN,
  regionOf,
  responsibilitiesOf,
} from '../../shared/catalogue/catalogue';
import {
  CORE_VALUES,
  ICS_AIMS,
  PEOPLE_FUNCTION_OUTCOMES,
  PRINCIPLES,
  STATUTORY_DUTIES,
} from '../../shared/catalogue/vocabularies';
import {
  OPERATING_MODEL_SEED,
  parseOperatingModelSeed,
  parseWebPageSeed,
  SHARED_DIR,
} from '../support/seed-parser';

const seed = readFileSync(OPERATING_MODEL_SEED, 'utf8');
const responsibilities = responsibilitiesOf(OPERATING_MODEL_V1);

/** Minimal RFC 4180 reader: the reference CSVs quote fields that hold commas. */
function readCsv(file: string): string[][] {
  const text = readFileSync(join(SHARED_DIR, 'reference', file), 'utf8').trim();
  return text
    .split('\n')
    .slice(1)
    .map((line) => [...line.matchAll(/("([^"]*)"|[^,]+)/g)].map((m) => m[2] ?? m[1] ?? ''));
}

/** The bullet list that follows a lead-in line of the operating model. */
function bulletsAfter(leadIn: string): string[] {
  const lines = seed.split('\n');
  const start = lines.findIndex((l) => l.startsWith(leadIn));
  const bullets: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('- ')) bullets.push(line.slice(2).trim());
    else if (bullets.length > 0) break;
  }
  return bullets;
}

describe('responsibility catalogue v1', () => {
  it('holds every bullet of Fig 3 and Fig 4, word for word and in order', () => {
    const seedCells = parseOperatingModelSeed();
    const catalogueCells = OPERATING_MODEL_V1.cells.map((c) => ({
      area: c.area,
      tier: c.tier,
      bullets: c.bullets.map(([, text]) => text),
    }));
    expect(catalogueCells).toEqual(seedCells);
    expect(responsibilities).toHaveLength(46);
  });

  it('has as many bullets in each cell as the web-page rendering of the same figures', () => {
    const webPage = parseWebPageSeed();
    for (const cell of OPERATING_MODEL_V1.cells) {
      const other = webPage.find((c) => c.area === cell.area && c.tier === cell.tier);
      expect(other?.bullets.length, `${cell.area}/${cell.tier}`).toBe(cell.bullets.length);
    }
  });

  it('gives each responsibility a unique, well-formed id that names its tier', () => {
    const ids = responsibilities.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of responsibilities) {
      expect(r.id).toMatch(RESPONSIBILITY_ID_PATTERN);
      expect(r.id.startsWith({ ics: 'ICS-', region: 'REG-', national: 'NAT-' }[r.tier])).toBe(true);
      expect(r.version).toBe('v1');
    }
    expect(responsibilities.filter((r) => r.figure === 'Fig 3')).toHaveLength(13);
    expect(responsibilities.filter((r) => r.figure === 'Fig 4')).toHaveLength(33);
  });

  it('is registered as a version so a later operating model can sit beside it', () => {
    expect(OPERATING_MODELS.map((m) => m.version)).toContain('v1');
    expect(OPERATING_MODEL_V1.published).toBe('2021-11');
  });
});

describe('tag vocabularies', () => {
  it('names the five principles as the operating model states them', () => {
    for (const p of PRINCIPLES) {
      expect(seed).toContain(`**${p.name} – ‘${p.description}’.**`);
    }
    expect(PRINCIPLES).toHaveLength(5);
  });

  it('lists the four core values, the four ICS aims and the five statutory-duty functions', () => {
    const from = seed.indexOf('HEE Core Values:');
    const values = seed.slice(from, seed.indexOf('\nCore Activities\n', from));
    expect(CORE_VALUES.map((v) => v.name)).toEqual(
      values
        .split('\n')
        .slice(1)
        .map((l) => l.trim())
        .filter(Boolean),
    );
    expect(ICS_AIMS.map((a) => a.name)).toEqual(bulletsAfter('ICSs as partnerships'));
    expect(STATUTORY_DUTIES.map((d) => d.name)).toEqual(
      bulletsAfter('Our primary duty under legislation').map((d) => d.replace(/[;.]$/, '')),
    );
  });

  it('lists the ten ICS People Function outcomes in their numbered order', () => {
    const rows = readCsv('ics-people-function-outcomes.csv');
    expect(PEOPLE_FUNCTION_OUTCOMES.map((o) => [o.id, o.name])).toEqual(
      rows.map(([n, name]) => [`PFO-${n}`, name]),
    );
  });
});

describe('org units', () => {
  it('has national, the 7 regions and the 42 ICSs, each ICS in its reference region', () => {
    const rows = readCsv('regions-and-icss.csv');
    const regions = ORG_UNITS.filter((u) => u.kind === 'region');
    const icss = ORG_UNITS.filter((u) => u.kind === 'ics');
    expect(ORG_UNITS.filter((u) => u.kind === 'national')).toHaveLength(1);
    expect(regions).toHaveLength(7);
    expect(icss).toHaveLength(42);
    for (const [regionName, icsName] of rows) {
      const ics = icss.find((u) => u.name === icsName);
      expect(ics, icsName).toBeDefined();
      expect(regions.find((r) => r.id === ics?.parentId)?.name).toBe(regionName);
    }
    expect(new Set(ORG_UNITS.map((u) => u.id)).size).toBe(ORG_UNITS.length);
  });

  it('resolves the region of an ICS and of a region, and none for national', () => {
    expect(regionOf('ics-greater-manchester')).toBe('region-north-west');
    expect(regionOf('region-london')).toBe('region-london');
    expect(regionOf('national')).toBeNull();
  });
});
