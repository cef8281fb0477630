import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes';

/**
 * Imports point one way: handlers (functions/) → domain and storage (shared/) → event contracts
 * (events/); the local runtime
 * (local/), the CDK app (infra/) and the benchmarks (bench/) sit on top. A layer never imports one above it.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const FORBIDDEN: Record<string, string[]> = {
  events: ['shared', 'functions', 'local', 'bench', 'infra', 'test'],
  shared: ['functions', 'local', 'bench', 'infra', 'test'],
  functions: ['local', 'bench', 'infra', 'test'],
  local: ['bench', 'infra', 'test'],
  infra: ['local', 'bench', 'test'],
};

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name)) yield path;
  }
}

/** Manifests that name handlers (like functions/routes.ts) may point at them. */
const ALLOWED: Record<string, string[]> = { 'events/rules.ts': ['functions'] };

const IMPORT = /(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

describe('layering', () => {
  it('has no import from a lower layer to a higher one', () => {
    const violations: string[] = [];
    for (const [layer, above] of Object.entries(FORBIDDEN)) {
      for (const file of sourceFiles(join(ROOT, layer))) {
        for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
          const target = relative(ROOT, resolve(file, '..', match[1] ?? '')).split('/')[0] ?? '';
          if (above.includes(target) && !ALLOWED[relative(ROOT, file)]?.includes(target))
            violations.push(`${relative(ROOT, file)} imports ${match[1]}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});

/** Every repository file a module reaches through relative imports (what esbuild would bundle of ours). */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(dirname(file), match[1] ?? '');
      const path = [target, `${target}.ts`, join(target, 'index.ts')].find(
        (p) => existsSync(p) && /\.ts$/.test(p),
      );
      if (path) visit(path);
    }
  };
  visit(join(ROOT, entry));
  return new Set([...seen].map((f) => relative(ROOT, f)));
}

describe('the route manifest', () => {
  it('flags exactly the routes whose handlers sign pagination cursors (they alone get the cursor key)', () => {
    const mismatched = ROUTES.filter(
      (route) => reachable(route.handler).has('shared/http/pagination.ts') !== Boolean(route.paginated),
    ).map((route) => `${route.routeKey} (paginated: ${Boolean(route.paginated)})`);
    expect(mismatched).toEqual([]);
  });
});
