import * as z from 'zod';

/**
 * Everything a function reads from its environment, parsed once per process. A missing or malformed
 * variable fails at cold start with the variable's name, not later as an odd 500. (The cursor key is
 * read where cursors are made: shared/http/cursor-secret.ts.)
 */
const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(1),
  SERVICE_VERSION: z.string().default('0.1.0'),
});

export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const parsed = ConfigSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
