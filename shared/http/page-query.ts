import * as z from 'zod';

/** `?limit=` and `?cursor=`, spread into every list query schema. */
export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
};
