import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { CLAIMS, type Role, scopesFor } from '../shared/auth/identity';

/** Issuer and audience of dev tokens; the local server accepts no others. */
export const DEV_ISSUER = 'urn:accountability-tracker:local-dev';
export const DEV_AUDIENCE = 'accountability-tracker-api';
/** The longest a dev token may live (its `exp` less its `iat`). */
export const MAX_TOKEN_SECONDS = 12 * 3600;

export interface LocalSecrets {
  /** HS256 key for dev tokens. */
  jwtKey: string;
  /** HMAC key for pagination cursors (CURSOR_SECRET). */
  cursorSecret: string;
}

/** Reads the data folder's secrets, creating them on first use, so tokens survive restarts. */
export function loadLocalSecrets(dataDir: string): LocalSecrets & { sealKeyFile: string } {
  return { ...loadSecretsFile(dataDir), sealKeyFile: ensureSealKey(dataDir) };
}

/**
 * The local seal-signing key: an EC P-256 private key (what the cloud's KMS key is), made once per data
 * folder and readable only by its owner.
 */
function ensureSealKey(dataDir: string): string {
  const file = join(dataDir, 'seal-key.pem');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  return file;
}

function loadSecretsFile(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'local-secrets.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secrets = {
      jwtKey: randomBytes(32).toString('base64url'),
      cursorSecret: randomBytes(32).toString('base64url'),
    };
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}

export interface DevTokenRequest {
  sub: string;
  role: Role;
  unit: string;
  name?: string;
  ttlSeconds?: number;
}

export async function mintDevToken(jwtKey: string, request: DevTokenRequest): Promise<string> {
  return new SignJWT({
    [CLAIMS.role]: request.role,
    [CLAIMS.unit]: request.unit,
    ...(request.name ? { name: request.name } : {}),
    // The same scopes the Cognito pre-token-generation trigger grants for the role.
    scope: scopesFor(request.role).join(' '),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 12 * 3600}s`)
    .sign(Buffer.from(jwtKey, 'base64url'));
}

export type TokenCheck = { ok: true; claims: JWTPayload } | { ok: false; reason: string };

/** Verifies a bearer token as API Gateway's JWT authorizer would: signature, issuer, audience, expiry. */
export async function verifyDevToken(jwtKey: string, authorization: string | undefined): Promise<TokenCheck> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return { ok: false, reason: 'The Authorization header must be "Bearer <token>".' };
  try {
    const { payload } = await jwtVerify(match[1], Buffer.from(jwtKey, 'base64url'), {
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat', 'sub'],
      // A token lives at most 12 hours (what npm run token issues at most).
      maxTokenAge: MAX_TOKEN_SECONDS,
    });
    const now = Math.floor(Date.now() / 1000);
    if ((payload.iat as number) > now + 60)
      return { ok: false, reason: 'The token is issued in the future.' };
    if ((payload.exp as number) - (payload.iat as number) > MAX_TOKEN_SECONDS)
      return { ok: false, reason: 'The token lives longer than 12 hours.' };
    return { ok: true, claims: payload };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'The token has expired.' };
    if (error instanceof errors.JWTClaimValidationFailed && error.reason === 'missing')
      return { ok: false, reason: `The token has no ${error.claim} claim.` };
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return { ok: false, reason: 'The token signature is not valid.' };
    }
    return { ok: false, reason: 'The token is not valid.' };
  }
}

/**
 * API Gateway hands claims to Lambda as strings (arrays as "[a b]"); mirror that exactly so a handler
 * that works locally works behind the real authorizer.
 */
export function claimsAsApiGateway(claims: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [
      k,
      Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'string' ? v : JSON.stringify(v),
    ]),
  );
}
