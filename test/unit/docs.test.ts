import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The README stays a newcomer's page; the reference lives in docs/, every page reachable and every link alive. */
const ROOT = resolve(import.meta.dirname, '../..');
const DOCS = join(ROOT, 'docs');
const pages = readdirSync(DOCS)
  .filter((f) => f.endsWith('.md'))
  .map((f) => join(DOCS, f));
const markdown = [join(ROOT, 'README.md'), ...pages];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');

function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  let inCode = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const m = inCode ? null : /^#{1,6} (.*)$/.exec(line);
    if (m?.[1]) anchors.add(slug(m[1]));
  }
  return anchors;
}

const linksOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((href) => !/^[a-z]+:/.test(href));

describe('README and docs', () => {
  it('keeps the README under 12 KB and links every reference page from it', () => {
    const readme = join(ROOT, 'README.md');
    expect(statSync(readme).size).toBeLessThan(12 * 1024);
    const linked = new Set(linksOf(readme).map((href) => resolve(ROOT, href.split('#')[0] ?? '')));
    for (const page of pages) expect(linked.has(page), relative(ROOT, page)).toBe(true);
  });

  it('gives every reference page a contents list and a way back', () => {
    for (const page of pages) {
      const text = readFileSync(page, 'utf8');
      expect(text, relative(ROOT, page)).toMatch(/^## Contents$/m);
      expect(text, relative(ROOT, page)).toContain('](../README.md)');
    }
  });

  it('has no broken relative link or anchor', () => {
    const broken: string[] = [];
    for (const file of markdown) {
      for (const href of linksOf(file)) {
        const [path = '', anchor] = href.split('#');
        const target = path ? resolve(dirname(file), path) : file;
        if (!existsSync(target)) broken.push(`${relative(ROOT, file)}: ${href}`);
        else if (anchor && target.endsWith('.md') && !anchorsOf(target).has(anchor))
          broken.push(`${relative(ROOT, file)}: ${href} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
