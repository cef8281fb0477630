import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../http/problem';

/**
 * Opaque pagination cursors: the DynamoDB key to resume from, bound to the query it came from and
 * signed with HMAC-SHA256. A cursor that was altered, forged, or reused with other filters is a 400.
 */
export type ResumeKey = Record<string, unknown>;

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function bindingOf(scope: unknown): string {
  return createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 16);
}

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function encodeCursor(secret: string, key: ResumeKey, scope: unknown): string {
  const payload = b64(JSON.stringify({ k: key, b: bindingOf(scope) }));
  return `${payload}.${b64(sign(secret, payload))}`;
}

export function decodeCursor(secret: string, cursor: string, scope: unknown): ResumeKey {
  const invalid = (message: string) =>
    new ValidationError([{ path: 'query.cursor', message, code: 'invalid_cursor' }]);
  const [payload, signature, extra] = cursor.split('.');
  if (!payload || !signature || extra !== undefined) throw invalid('The cursor is malformed.');
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid('The cursor was not issued by this API or has been altered.');
  }
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    k: ResumeKey;
    b: string;
  };
  if (decoded.b !== bindingOf(scope)) {
    throw invalid('The cursor belongs to a query with other filters; repeat the query without it.');
  }
  return decoded.k;
}
