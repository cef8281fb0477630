import * as z from 'zod';
import { config } from '../config';
import { decodeCursor, encodeCursor, type ResumeKey } from '../db/cursor';

/** Decodes `?cursor=` for a query with these filters (undefined on the first page). */
export function resumeFrom(cursor: string | undefined, scope: unknown): ResumeKey | undefined {
  return cursor ? decodeCursor(config().CURSOR_SECRET, cursor, scope) : undefined;
}

/** The signed cursor that resumes a query with these filters at `resumeKey`. */
export const nextCursor = (resumeKey: ResumeKey, scope: unknown) =>
  encodeCursor(config().CURSOR_SECRET, resumeKey, scope);

/** The list envelope every paginated endpoint returns. */
export function pageBody<T>(items: T[], resumeKey: ResumeKey | undefined, scope: unknown) {
  return { items, nextCursor: resumeKey ? nextCursor(resumeKey, scope) : null };
}

/** `?limit=` and `?cursor=`, spread into every list query schema. */
export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
};
