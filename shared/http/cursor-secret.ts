import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * The key that signs pagination cursors. In the cloud it is not in the function's environment:
 * CURSOR_SECRET_ARN names a Secrets Manager secret, read on first use and every five minutes after
 * (Powertools Parameters caches it), so the key never sits in the template or the function
 * configuration. Locally CURSOR_SECRET is set. Only the paginated handlers reach this module (through
 * pagination.ts), so only their bundles carry the Secrets Manager client.
 */
export async function cursorSecret(): Promise<string> {
  const arn = process.env.CURSOR_SECRET_ARN;
  const value = arn ? await getSecret(arn, { maxAge: 300 }) : process.env.CURSOR_SECRET;
  if (typeof value !== 'string' || value.length < 32) {
    throw new Error(
      arn
        ? `Invalid configuration: secret ${arn} must hold at least 32 characters`
        : 'Invalid configuration: CURSOR_SECRET must be at least 32 characters',
    );
  }
  return value;
}
