/**
 * Every AWS SDK client the functions make is registered here. Tracing is not imported by this module:
 * a function that wants X-Ray subsegments for its AWS calls imports shared/observability/tracing.ts,
 * which captures the clients made so far and every one made after. The API handlers do not, so the
 * X-Ray SDK (about 115 KB with its dependencies, and its start-up) stays out of their bundles; Lambda's
 * active tracing still records each of their invocations.
 */
const made: object[] = [];
let capture: ((client: object) => void) | undefined;

export function awsClient<T extends object>(client: T): T {
  made.push(client);
  capture?.(client);
  return client;
}

/** Called once by shared/observability/tracing.ts. */
export function awsClientsTraced(captureClient: (client: object) => void): void {
  capture = captureClient;
  for (const client of made) captureClient(client);
}
