import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';

const REPO_ROOT = join(import.meta.dirname, '..');

/**
 * How every Lambda is bundled, in one place: the CDK (infra/constructs/tracker-function.ts) and the
 * bench (bench/run.ts, which measures what the cloud runs) both read it.
 */
export const LAMBDA_BUNDLE = {
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  /**
   * Lambda puts the role's credentials in the environment: the SDK's default chain (SSO, STS, INI
   * files, IMDS, containers, and the nested clients they import) is swapped for the environment
   * provider alone. See shared/aws/lambda-credentials.ts.
   */
  alias: {
    '@aws-sdk/credential-provider-node': join(REPO_ROOT, 'shared/aws/lambda-credentials.ts'),
  },
} as const;

/**
 * LAMBDA_BUNDLE as esbuild's own options, for what builds with esbuild's API (the bench, the bundle
 * test), with its metafile. `alias` replaces the CDK's (the bench's "before" build takes none).
 */
export const lambdaBuildOptions = (
  entry: string,
  outfile: string,
  alias: Record<string, string> = LAMBDA_BUNDLE.alias,
) =>
  ({
    ...LAMBDA_BUNDLE,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    banner: { js: LAMBDA_BUNDLE.banner },
    alias,
    entryPoints: [entry],
    bundle: true,
    outfile,
    metafile: true,
    logLevel: 'silent',
  }) as const satisfies BuildOptions;

/**
 * Packages no function bundle may carry (scripts/check-bundles.ts checks every synthesised bundle's
 * metafile, the bench lists the largest inputs). The X-Ray SDK is kept to the jobs and consumers
 * (shared/observability/tracing.ts), where one run makes hundreds of calls worth seeing.
 */
export const NEVER_BUNDLED = ['@aws-sdk/nested-clients', '@aws-sdk/credential-provider-ini'];
export const API_NEVER_BUNDLED = ['aws-xray-sdk-core', '@aws-sdk/client-eventbridge'];

/** No bundle may be larger (scripts/check-bundles.ts); BENCHMARKS.md section 4 has each one's size. */
export const BUNDLE_CEILING_KB = 900;
