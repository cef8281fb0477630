/**
 * AWS list prices for eu-west-2 (London), on demand, used to price what the bench observed
 * (BENCHMARKS.md section 7). Kept in one place so they are easy to check and update: confirm them
 * against the AWS pricing pages or calculator before relying on a figure.
 */
export const EU_WEST_2 = {
  /** DynamoDB on-demand, Standard table class: per million write / read request units. */
  dynamoDbWriteUnitsPerMillion: 0.7425,
  dynamoDbReadUnitsPerMillion: 0.1485,
  /** Lambda on arm64 (Graviton), first pricing tier: per GB-second, and per million requests. */
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequestsPerMillion: 0.2,
  /** EventBridge custom events put on a bus: per million (each 64 KB chunk). */
  eventBridgeEventsPerMillion: 1.0,
  /** API Gateway HTTP API: per million requests (first 300 million a month). */
  httpApiRequestsPerMillion: 1.11,
} as const;
