import * as z from 'zod';

/**
 * Everything a function reads from its environment, parsed once per process. A missing or malformed
 * variable fails at cold start with the variable's name, not later as an odd 500.
 */
const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(1),
  /** HMAC key that signs pagination cursors, so a client cannot forge or alter one. */
  CURSOR_SECRET: z.string().min(32, 'CURSOR_SECRET must be at least 32 characters'),
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

/** Tests and the local runtime change the environment between runs. */
export function resetConfig(): void {
  cached = undefined;
}

/**
 * In the cloud the cursor key is not in the function's environment: CURSOR_SECRET_ARN names a Secrets
 * Manager secret, read at cold start and every five minutes after (Powertools Parameters caches it),
 * so the key never sits in the template or the function configuration. Locally CURSOR_SECRET is set.
 */
export async function loadSecrets(): Promise<void> {
  const arn = process.env.CURSOR_SECRET_ARN;
  if (!arn) return;
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const value = await getSecret(arn, { maxAge: 300 });
  if (typeof value !== 'string' || !value) throw new Error(`Invalid configuration: secret ${arn} is empty`);
  if (value !== process.env.CURSOR_SECRET) {
    process.env.CURSOR_SECRET = value;
    resetConfig();
  }
}
