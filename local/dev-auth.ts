import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRemoteJWKSet, errors, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { CLAIMS, type Role, scopesFor } from '../shared/auth/identity';

/** The API's resource indicator: the `aud` of every access token the local OIDC provider issues. */
export const API_AUDIENCE = 'urn:accountability-tracker:api';

/** The longest a dev token may live (its `exp` less its `iat`). */
export const MAX_TOKEN_SECONDS = 12 * 3600;

export interface LocalSecrets {
  /** The local OIDC provider's RS256 signing key (private JWK; its public half is served at /oidc/jwks). */
  signingJwk: JWK;
  /** Signs the provider's cookies. */
  cookieKey: string;
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
  let stored: Partial<LocalSecrets> = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
  } catch {
    mkdirSync(dataDir, { recursive: true });
  }
  if (stored.signingJwk && stored.cookieKey && stored.cursorSecret) return stored as LocalSecrets;
  // New, or from a release before the local OIDC provider (its HS256 key is dropped): add what is missing.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const secrets: LocalSecrets = {
    signingJwk: stored.signingJwk ?? {
      ...(privateKey.export({ format: 'jwk' }) as JWK),
      kid: randomBytes(8).toString('hex'),
      alg: 'RS256',
      use: 'sig',
    },
    cookieKey: stored.cookieKey ?? randomBytes(32).toString('base64url'),
    cursorSecret: stored.cursorSecret ?? randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Who signs dev tokens: the local OIDC provider's key, under its issuer (the runtime's origin + /oidc). */
export interface TokenSigner {
  issuer: string;
  signingJwk: JWK;
}

export const OIDC_PATH = '/oidc';
export const localIssuer = (origin: string) => `${origin}${OIDC_PATH}`;
/** The port `npm start` serves on unless told otherwise. */
export const DEFAULT_ORIGIN = 'http://localhost:3000';

/** Signs as the runtime serving `dataDir` on `origin` would (its key; its issuer names the origin). */
export const localSigner = (dataDir: string, origin: string): TokenSigner => ({
  issuer: localIssuer(origin),
  signingJwk: loadLocalSecrets(dataDir).signingJwk,
});

export interface DevTokenRequest {
  sub: string;
  role: Role;
  unit: string;
  name?: string;
  ttlSeconds?: number;
}

/**
 * A token as the local OIDC provider issues one to a person (`npm run token`, the start banner, tests):
 * RS256, the provider's issuer and key, the API as audience, and the scopes the role allows.
 */
export async function mintDevToken(signer: TokenSigner, request: DevTokenRequest): Promise<string> {
  const { kid } = signer.signingJwk;
  return new SignJWT({
    [CLAIMS.role]: request.role,
    [CLAIMS.unit]: request.unit,
    ...(request.name ? { name: request.name } : {}),
    // The same scopes the Cognito pre-token-generation trigger grants for the role.
    scope: scopesFor(request.role).join(' '),
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', ...(kid ? { kid } : {}) })
    .setSubject(request.sub)
    .setIssuer(signer.issuer)
    .setAudience(API_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 12 * 3600}s`)
    .sign(await importJWK(signer.signingJwk, 'RS256'));
}

export type TokenCheck = { ok: true; claims: JWTPayload } | { ok: false; reason: string };

/**
 * Checks bearer tokens as API Gateway's JWT authorizer does: the signature through the issuer's JWKS
 * (fetched from its jwks_uri and cached), issuer, audience, expiry; and at most 12 hours' life, no
 * future `iat`.
 */
export function tokenVerifier(issuer: string, jwksUri: string) {
  const jwks = createRemoteJWKSet(new URL(jwksUri));
  return async (authorization: string | undefined): Promise<TokenCheck> => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return { ok: false, reason: 'The Authorization header must be "Bearer <token>".' };
    try {
      const { payload } = await jwtVerify(match[1], jwks, {
        issuer,
        audience: API_AUDIENCE,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'iat', 'sub'],
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
      if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)
        return { ok: false, reason: 'The token signature is not valid.' };
      return { ok: false, reason: 'The token is not valid.' };
    }
  };
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
