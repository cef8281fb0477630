export * from '@aws-lambda-powertools/idempotency';
export * from '@aws-lambda-powertools/idempotency/dynamodb';
