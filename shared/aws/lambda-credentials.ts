import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * What the Lambda bundles use in place of `@aws-sdk/credential-provider-node` (an esbuild alias in
 * infra/lambda-bundling.ts): Lambda gives every function its role's credentials in the environment,
 * so the default chain's SSO, STS, INI-file, IMDS and container providers (and the nested SSO/STS
 * clients they bring, about 85 KB) are never reached. Not used by the local runtime or the tests,
 * which run the SDK's own chain.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
