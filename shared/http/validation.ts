import type * as z from 'zod';
import { type FieldError, ValidationError } from './problem';

/** Turns zod issues into field errors whose paths start at the request part (`query.limit`). */
export function fieldErrors(part: string, issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue): FieldError[] => {
    const at = [part, ...issue.path.map(String)];
    // Name each unknown field on its own, so a client sees exactly which one to drop.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...at, key].join('.'),
        message: 'Unknown field',
        code: issue.code,
      }));
    }
    return [{ path: at.join('.'), message: issue.message, code: issue.code }];
  });
}

/** Parses one part of a request, or throws a 400 naming every failing field. */
export function parseRequestPart<S extends z.ZodType>(schema: S, part: string, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new ValidationError(fieldErrors(part, result.error.issues));
  return result.data;
}
