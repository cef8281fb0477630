import * as z from 'zod';

export const SealPath = z.strictObject({
  id: z.string().regex(/^seal-\d{6}$/, 'Must be a seal id such as seal-000001'),
});
