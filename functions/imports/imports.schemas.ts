import * as z from 'zod';
import { IMPORT_KINDS } from '../../shared/imports/columns';

export const ImportQuery = z.strictObject({
  kind: z.enum(IMPORT_KINDS).describe('What each row is: a commitment or an action'),
  dryRun: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false)
    .describe('Check every row and report errors without writing anything'),
});

export const TemplateQuery = z.strictObject({
  kind: z.enum(IMPORT_KINDS).default('commitments'),
});

export const ImportPath = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{32}$/, 'Must be an import id (32 hex characters)'),
});
