import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` runs every tier; `--project <name>` runs one.
 * unit: no network. integration: a real DynamoDB Local engine (started once in global setup)
 * through the real AWS SDK. infra: CDK template assertions, bundling skipped.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000 } },
    ],
  },
});
