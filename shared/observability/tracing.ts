import { awsClientsTraced } from './aws-clients';

/**
 * Imported for its effect by the jobs, the event consumers and the stream publisher: each of their
 * runs makes tens to thousands of AWS calls, and X-Ray's subsegments show where the time went. The API
 * handlers make one to three calls a request and do without (see aws-clients.ts).
 *
 * Only in Lambda: elsewhere (the local runtime, the tests) the X-Ray SDK is not loaded at all. It
 * installs async hooks on load that tax every promise of the process, for traces nobody collects.
 */
if (process.env.AWS_LAMBDA_FUNCTION_NAME) {
  const { tracer } = await import('./tracer');
  awsClientsTraced((client) => tracer.captureAWSv3Client(client));
}
