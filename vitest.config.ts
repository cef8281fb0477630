import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` runs every tier; `--project <name>` runs one.
 * unit: no network. integration: a real DynamoDB Local engine (started once in global setup)
 * through the real AWS SDK. load: the heaviest integration files, after the rest, one at a time. infra: CDK template assertions, bundling skipped. browser: the board page
 * and reports in headless Chromium (Debian's, driven by playwright-core).
 */
// Tests provoke errors on purpose (poison records, injected faults); their assertions say what happened.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: ['test/integration/**/*.load.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/support/contract-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Load tests (thousands of writes, fault injection under load, a killed runtime) share one
        // DynamoDB engine and 2 cores badly with anything else: they run after the rest, one at a time.
        test: {
          name: 'load',
          include: ['test/integration/**/*.load.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/support/contract-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/support/contract-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
    ],
  },
});
