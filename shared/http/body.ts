import type * as z from 'zod';
import type { HttpEvent } from './handler';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from './problem';
import { parseRequestPart } from './validation';

/** Bodies this API accepts are small JSON documents; anything larger is refused before parsing. */
export const MAX_BODY_BYTES = 16 * 1024;

/** The raw body as text (API Gateway base64-encodes bodies it does not recognise as text). */
export function rawBody(event: HttpEvent): string {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

/** Parses a JSON body against a strict schema: 413, 415 or 400 with the failing fields. */
export function parseJsonBody<S extends z.ZodType>(event: HttpEvent, schema: S): z.output<S> {
  const text = rawBody(event);
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  const contentType = event.headers?.['content-type'] ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) throw new UnsupportedMediaTypeError();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError([
      { path: 'body', message: 'The body is not valid JSON.', code: 'invalid_json' },
    ]);
  }
  return parseRequestPart(schema, 'body', value);
}

/** CSV files come whole through API Gateway, so Lambda's 6 MB request limit bounds them. */
export const MAX_CSV_BYTES = 6 * 1024 * 1024;

/** A `text/csv` body: 415 for another media type, 413 above the limit. */
export function csvBody(event: HttpEvent): string {
  const contentType = event.headers?.['content-type'] ?? '';
  if (!/^text\/csv\b/i.test(contentType)) throw new UnsupportedMediaTypeError('text/csv');
  const text = rawBody(event);
  if (Buffer.byteLength(text, 'utf8') > MAX_CSV_BYTES) throw new PayloadTooLargeError(MAX_CSV_BYTES);
  return text;
}
