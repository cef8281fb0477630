import { createHash } from 'node:crypto';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import type { Identity } from '../auth/identity';
import { dynamodb } from '../db/client';
import { IDEMPOTENCY_TABLE } from '../db/table';
import { rawBody } from './body';
import type { HttpEvent, HttpResult } from './handler';
import { ValidationError } from './problem';

/** Idempotency records live in their own table (IDEMPOTENCY_TABLE_NAME), deleted by TTL after a day. */
const RETENTION_SECONDS = 24 * 3600;
const Env = z.object({ IDEMPOTENCY_TABLE_NAME: z.string().min(1) });

let store: DynamoDBPersistenceLayer | undefined;
function persistenceStore(): DynamoDBPersistenceLayer {
  store ??= new DynamoDBPersistenceLayer({
    tableName: Env.parse(process.env).IDEMPOTENCY_TABLE_NAME,
    keyAttr: IDEMPOTENCY_TABLE.key,
    expiryAttr: IDEMPOTENCY_TABLE.ttlAttribute,
    awsSdkV3Client: dynamodb,
  });
  return store;
}

/**
 * Runs a POST at most once per `Idempotency-Key`, scoped to the caller (subject, unit and role) and the
 * path: a retry with
 * the same body gets the first response again and writes nothing; the same key with another body is
 * a 422; a duplicate while the first is still running is a 409 (see problemDetails).
 *
 * Powertools' function wrapper is used rather than its middy middleware: the middleware's onError
 * deletes the in-progress record when a duplicate is refused, which would let a third copy through.
 */
export async function idempotent(
  event: HttpEvent,
  context: Context,
  identity: Identity,
  run: () => Promise<HttpResult>,
): Promise<HttpResult> {
  const key = event.headers?.['idempotency-key'];
  if (key === undefined) return run();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ValidationError([
      {
        path: 'headers.idempotency-key',
        message: 'Must be 1-255 visible ASCII characters (a UUID is a good choice)',
        code: 'invalid_idempotency_key',
      },
    ]);
  }
  const idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'bodyHash',
    expiresAfterSeconds: RETENTION_SECONDS,
  });
  idempotencyConfig.registerLambdaContext(context);
  const once = makeIdempotent(async (_request: { key: string; bodyHash: string }) => run(), {
    persistenceStore: persistenceStore(),
    config: idempotencyConfig,
    keyPrefix: event.routeKey,
  });
  return once({
    // Scoped to who asks as what: after a change of unit or role the same key is a new request.
    key: `${identity.userId}#${identity.unitId}#${identity.role}#${event.rawPath}#${key}`,
    bodyHash: createHash('sha256').update(rawBody(event)).digest('hex'),
  });
}
