import { createHash } from 'node:crypto';

/** A UUID-shaped id derived from a seed: the same seed always gives the same id (event ids, imported rows). */
export function uuidFromSeed(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
