import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { awsClient } from '../observability/aws-clients';

/**
 * Where seals live, outside the table: append-only. Keys: `seals/<seq>.json` (the signed bytes),
 * `seals/<seq>.sig` (the signature), `heads/<commitmentId>/<seq>` (which seals cover a commitment) and
 * `keys/<keyId>.pem` (the public key). Nothing is ever overwritten: a second write of a key fails.
 */
export interface SealStore {
  /** Writes a new object; false if the key exists (another seal job got there first). */
  create(key: string, body: Buffer | string): Promise<boolean>;
  get(key: string): Promise<Buffer | undefined>;
  /** Object names under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
}

export const SEAL_KEYS = {
  file: (seq: number) => `seals/${String(seq).padStart(6, '0')}.json`,
  signature: (seq: number) => `seals/${String(seq).padStart(6, '0')}.sig`,
  head: (commitmentId: string, seq: number) => `heads/${commitmentId}/${String(seq).padStart(6, '0')}`,
  heads: (commitmentId: string) => `heads/${commitmentId}/`,
  publicKey: (keyId: string) => `keys/${keyId.replace(/[^A-Za-z0-9._-]/g, '_')}.pem`,
};

class FolderSealStore implements SealStore {
  constructor(private readonly dir: string) {}
  async create(key: string, body: Buffer | string) {
    const file = join(this.dir, key);
    await mkdir(join(file, '..'), { recursive: true });
    try {
      await writeFile(file, body, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    // Read-only, as Object Lock makes the cloud copy: the folder's owner would have to change it back.
    await chmod(file, 0o444);
    return true;
  }
  async get(key: string) {
    try {
      return await readFile(join(this.dir, key));
    } catch {
      return undefined;
    }
  }
  async list(prefix: string) {
    try {
      const names = await readdir(join(this.dir, prefix));
      return names.map((n) => `${prefix}${n}`).sort();
    } catch {
      return [];
    }
  }
}

/** An S3 bucket with Object Lock (compliance mode, default retention): no one can delete or overwrite. */
class S3SealStore implements SealStore {
  private readonly s3 = awsClient(new S3Client({}));
  constructor(private readonly bucket: string) {}
  async create(key: string, body: Buffer | string) {
    try {
      await this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, IfNoneMatch: '*' }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'PreconditionFailed') return false;
      throw error;
    }
  }
  async get(key: string) {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
  async list(prefix: string) {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      keys.push(...(out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = out.NextContinuationToken;
    } while (token);
    return keys.sort();
  }
}

let store: SealStore | undefined;
export function sealStore(): SealStore {
  if (store) return store;
  if (process.env.SEALS_BUCKET) store = new S3SealStore(process.env.SEALS_BUCKET);
  else if (process.env.SEALS_DIR) store = new FolderSealStore(process.env.SEALS_DIR);
  else throw new Error('Invalid configuration: set SEALS_BUCKET (cloud) or SEALS_DIR (local)');
  return store;
}

/** Tests and the local runtime point the store elsewhere between runs. */
export const resetSealStore = () => {
  store = undefined;
};
