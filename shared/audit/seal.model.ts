import { createHash } from 'node:crypto';

/**
 * A seal: the heads of every commitment whose record moved in a window, and the final summaries made
 * in it, signed and kept outside the table (an append-only folder locally, an Object Lock bucket in
 * the cloud). Seals are chained: each names the hash of the file of the one before.
 */
export interface SealEntry {
  commitmentId: string;
  version: number;
  versionHash: string;
  actionCount: number;
  lastActionHash: string;
}

export interface Seal {
  id: string;
  seq: number;
  sealedAt: string;
  /** The window it covers: changes recorded after `from` (null: from the beginning) up to `through`. */
  from: string | null;
  through: string;
  prevSealHash: string;
  entries: SealEntry[];
  summaries: Array<{ id: string; contentHash: string }>;
  algorithm: string;
  keyId: string;
}

export const SEAL_ALGORITHM = 'ECDSA_SHA_256 (P-256, DER signature over the seal file bytes)';
export const FIRST_PREV_SEAL_HASH = '0'.repeat(64);
export const sealId = (seq: number) => `seal-${String(seq).padStart(6, '0')}`;
export function seqOfSealId(id: string): number | undefined {
  const m = /^seal-(\d{6})$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

/** The exact bytes that are signed and stored: what `openssl dgst -verify` checks. */
export const sealBytes = (seal: Seal) => Buffer.from(`${JSON.stringify(seal, null, 2)}\n`, 'utf8');
export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
