import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

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
