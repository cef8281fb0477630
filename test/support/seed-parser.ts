import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AREAS, type AreaSlug, TIERS, type Tier } from '../../shared/catalogue/types';

/** `../shared` beside the repository: the team's reference folder (seeds and reference CSVs). */
export const SHARED_DIR = join(import.meta.dirname, '..', '..', '..', 'shared');
export const OPERATING_MODEL_SEED = join(SHARED_DIR, 'seeds', '000_90aa223c665997b9.txt');
export const WEB_PAGE_SEED = join(SHARED_DIR, 'seeds', '001_4346a4203b503221.txt');

export interface SeedCell {
  area: AreaSlug;
  tier: Tier;
  bullets: string[];
}

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Row labels of the web-page seed, in order: it spells them differently from the figures. */
const WEB_PAGE_SECTIONS: Array<[string, AreaSlug]> = [
  ['Summary of roles and responsibilities', 'summary'],
  ['How we organise to enable our default relationship with ICSs through regions', 'organise'],
  ['How we improve our default relationship with ICSs', 'improve'],
  ['Workforce planning', 'workforce-planning'],
  ['Service redesign; workforce and education transformation', 'service-redesign'],
  ['Postgraduate medical and dental education delivery', 'pgmde-delivery'],
  ['Education quality improvement; service improvement', 'education-quality'],
];

/** The web page (001) lists every bullet on its own line under a row heading and a tier heading. */
export function parseWebPageSeed(text = readFileSync(WEB_PAGE_SEED, 'utf8')): SeedCell[] {
  const cells: SeedCell[] = [];
  let area: AreaSlug | undefined;
  let current: SeedCell | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const section = WEB_PAGE_SECTIONS.find(([label]) => label === line);
    if (section) {
      area = section[1];
      continue;
    }
    const tier: Tier | undefined = /^ICSs:?$/.test(line)
      ? 'ics'
      : /^HEE Regions:?$/.test(line)
        ? 'region'
        : /^HEE National:?$/.test(line)
          ? 'national'
          : undefined;
    if (tier && area) {
      current = { area, tier, bullets: [] };
      cells.push(current);
      continue;
    }
    if (line.startsWith('•') && current) current.bullets.push(normalise(line.slice(1)));
  }
  return cells;
}

/**
 * The operating model (000) holds Fig 3 and Fig 4 as tab-separated rows, one cell per tier.
 * Most cells separate bullets with `•`; two rows of Fig 4 lost their bullet marks, so those cells
 * are split where the web page's bullets start (the capitalised first word of each, in order); the
 * web page spells some words differently, so its text is used only to find the boundaries.
 */
export function parseOperatingModelSeed(
  text = readFileSync(OPERATING_MODEL_SEED, 'utf8'),
  webPage = parseWebPageSeed(),
): SeedCell[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Fig 3: Delivery Spectrum'));
  const end = lines.findIndex((l) => l.startsWith('Next Steps'));
  const rowLines = lines.slice(start, end).filter((l) => l.split('\t').length === 4 && l.includes('<ul'));
  if (rowLines.length !== AREAS.length) {
    throw new Error(`expected ${AREAS.length} figure rows in the operating model, found ${rowLines.length}`);
  }
  const cells: SeedCell[] = [];
  rowLines.forEach((row, rowIndex) => {
    const area = AREAS[rowIndex]?.slug as AreaSlug;
    const columns = row.split('\t').slice(1);
    columns.forEach((column, tierIndex) => {
      const tier = TIERS[tierIndex] as Tier;
      const body = normalise(column.replace(/<ul[^>]*>/g, ''));
      let bullets: string[];
      if (body.includes('•')) {
        bullets = body
          .split('•')
          .map(normalise)
          .filter((b) => b.length > 0);
      } else {
        const reference = webPage.find((c) => c.area === area && c.tier === tier)?.bullets ?? [];
        bullets = splitAtStarts(
          body,
          reference.map((b) => b.split(' ')[0] ?? ''),
        );
      }
      cells.push({ area, tier, bullets });
    });
  });
  return cells;
}

function splitAtStarts(body: string, starts: string[]): string[] {
  const positions: number[] = [];
  let from = 0;
  for (const start of starts) {
    const at = from === 0 ? body.indexOf(start) : body.indexOf(` ${start} `, from) + 1;
    if (at <= 0 && !(from === 0 && at === 0))
      throw new Error(`bullet start "${start}" not found in "${body}"`);
    positions.push(at);
    from = at + start.length;
  }
  return positions.map((p, i) => normalise(body.slice(p, positions[i + 1] ?? body.length)));
}
