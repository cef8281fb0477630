import { decodeCursor, encodeCursor, type ResumeKey } from '../db/cursor';
import { cursorSecret } from './cursor-secret';

/** Decodes `?cursor=` for a query with these filters (undefined on the first page). */
export async function resumeFrom(cursor: string | undefined, scope: unknown): Promise<ResumeKey | undefined> {
  return cursor ? decodeCursor(await cursorSecret(), cursor, scope) : undefined;
}

/** The signed cursor that resumes a query with these filters at `resumeKey`. */
export const nextCursor = async (resumeKey: ResumeKey, scope: unknown) =>
  encodeCursor(await cursorSecret(), resumeKey, scope);

/** The list envelope every paginated endpoint returns. */
export async function pageBody<T>(items: T[], resumeKey: ResumeKey | undefined, scope: unknown) {
  return { items, nextCursor: resumeKey ? await nextCursor(resumeKey, scope) : null };
}
