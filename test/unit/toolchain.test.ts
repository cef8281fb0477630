import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

describe('toolchain', () => {
  const lambdaMajor = read('infra/constructs/tracker-function.ts').match(/Runtime\.NODEJS_(\d+)_X/)?.[1];
  const pkg = JSON.parse(read('package.json')) as {
    engines: { node: string };
    devDependencies: Record<string, string>;
  };

  it('runs the tests on the Lambda runtime’s Node major, pinned in the repository', () => {
    expect(lambdaMajor).toBeDefined();
    expect(process.versions.node.split('.')[0]).toBe(lambdaMajor);
    expect(pkg.devDependencies.node?.split('.')[0]).toBe(lambdaMajor);
    expect(pkg.engines.node).toBe(`${lambdaMajor}.x`);
    expect(read('README.md')).toContain(`Everything runs on Node.js ${lambdaMajor}`);
  });
});
