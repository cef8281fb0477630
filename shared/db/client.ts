import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClient } from '../observability/aws-clients';

/**
 * One client per process (cold start matters). The endpoint comes from the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB`, so the local runtime needs no local-only code here.
 */
export const dynamodb = awsClient(new DynamoDBClient({}));

export const documentClient = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});
