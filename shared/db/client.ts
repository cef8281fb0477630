import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../observability/tracer';

/**
 * One client per process (cold start matters). The endpoint comes from the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB`, so the local runtime needs no local-only code here.
 */
export const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));

export const documentClient = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});
