import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The NHS design system's stylesheet (nhsuk-frontend), as the bundle ships it. */
export const NHSUK_CSS_FILE = 'nhsuk-frontend.min.css';

let css: string | undefined;

/**
 * nhsuk-frontend's compiled CSS, made self-contained for documents read offline and printed: its
 * web-font faces (fetched from assets.nhs.uk; Arial is its own fallback) and its icon images (paths
 * of a website) are left out, so a report or page never reaches for another server. Read once: from
 * beside the bundle in a Lambda (the CDK copies it there), else from node_modules.
 */
export function nhsukCss(): string {
  if (css !== undefined) return css;
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, NHSUK_CSS_FILE);
  const file = existsSync(bundled)
    ? bundled
    : createRequire(import.meta.url).resolve(`nhsuk-frontend/dist/nhsuk/${NHSUK_CSS_FILE}`);
  css = readFileSync(file, 'utf8')
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/url\(\/assets\/[^)]*\)/g, 'none')
    .replace(/\/\*#\s*sourceMappingURL=[^*]*\*\//g, '');
  return css;
}

export const escapeHtml = (v: unknown) =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** A RAG or confidence rating as an NHS tag: its word, never its colour alone. */
export function ratingTag(rating: string | undefined): string {
  const colour = { red: 'red', amber: 'orange', green: 'green' }[rating ?? ''] ?? 'grey';
  const word = rating ? `${rating.charAt(0).toUpperCase()}${rating.slice(1)}` : 'Unrated';
  return `<strong class="nhsuk-tag nhsuk-tag--${colour}">${escapeHtml(word)}</strong>`;
}
