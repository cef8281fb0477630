import { awsClientsTraced } from './aws-clients';
import { tracer } from './tracer';

/**
 * Imported for its effect by the jobs, the event consumers and the stream publisher: each of their
 * runs makes tens to thousands of AWS calls, and X-Ray's subsegments show where the time went. The API
 * handlers make one to three calls a request and do without (see aws-clients.ts).
 */
awsClientsTraced((client) => tracer.captureAWSv3Client(client));

export { tracer };
