import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { awsClient } from '../observability/aws-clients';

export { EVIDENCE_MAX_BYTES, EVIDENCE_TYPES } from './evidence-rules';
/** An upload URL works for 15 minutes. */
export const UPLOAD_URL_SECONDS = 900;

export interface UploadRequest {
  /** Where it goes: `evidence/<commitment id>/<upload id>/<file name>`. */
  key: string;
  contentType: string;
  size: number;
  /** SHA-256 of the file, hex: the store refuses a file that does not match it. */
  sha256: string;
}

export interface UploadTarget {
  method: 'PUT';
  url: string;
  /** Send these headers with the file, exactly. */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface DownloadTarget {
  url: string;
  expiresAt: string;
}

export interface StoredFile {
  size: number;
  sha256: string;
  contentType?: string;
}

/** Where evidence files live: the reports bucket in the cloud, a folder locally. */
export interface EvidenceStore {
  uploadTarget(upload: UploadRequest, now: Date): Promise<UploadTarget>;
  /** A URL that downloads the file (as an attachment) for 15 minutes. */
  downloadTarget(key: string, now: Date): Promise<DownloadTarget>;
  stat(key: string): Promise<StoredFile | undefined>;
}

/** Downloads are attachments: a browser saves the file rather than rendering it in the API's origin. */
const attachment = (key: string) =>
  `attachment; filename="${(key.split('/').at(-1) ?? 'evidence').replace(/["\\]/g, '_')}"`;

const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/**
 * S3: a pre-signed PUT whose signature covers the content type and the SHA-256 checksum, so S3 itself
 * refuses a different file (it checks `x-amz-checksum-sha256` against the body) or type.
 */
export class S3EvidenceStore implements EvidenceStore {
  private readonly s3: S3Client;
  constructor(
    private readonly bucket: string,
    s3?: S3Client,
  ) {
    // Only the checksum the signature names: no extra CRC the browser would have to compute.
    this.s3 = s3 ?? awsClient(new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' }));
  }
  async uploadTarget(upload: UploadRequest, now: Date): Promise<UploadTarget> {
    const checksum = hexToBase64(upload.sha256);
    const url = await getSignedUrl(
      this.s3,
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: upload.key,
        ContentType: upload.contentType,
        ContentLength: upload.size,
        ChecksumSHA256: checksum,
      }),
      {
        expiresIn: UPLOAD_URL_SECONDS,
        signingDate: now,
        signableHeaders: new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']),
        // Sent as a header (not hoisted into the query) so S3 checks the body against it.
        unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
      },
    );
    return {
      method: 'PUT',
      url,
      headers: { 'content-type': upload.contentType, 'x-amz-checksum-sha256': checksum },
      expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
    };
  }
  async downloadTarget(key: string, now: Date): Promise<DownloadTarget> {
    const url = await getSignedUrl(
      this.s3,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: attachment(key) }),
      { expiresIn: UPLOAD_URL_SECONDS, signingDate: now },
    );
    return { url, expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString() };
  }
  async stat(key: string): Promise<StoredFile | undefined> {
    try {
      const out = await this.s3.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }),
      );
      if (!out.ChecksumSHA256 || out.ContentLength === undefined) return undefined;
      return {
        size: out.ContentLength,
        sha256: Buffer.from(out.ChecksumSHA256, 'base64').toString('hex'),
        ...(out.ContentType ? { contentType: out.ContentType } : {}),
      };
    } catch (error) {
      if (error instanceof NotFound) return undefined;
      throw error;
    }
  }
}

/** What a local upload URL signs: every condition the upload must meet. */
const uploadClaims = (u: UploadRequest, expires: number) =>
  [u.key, u.contentType, String(u.size), u.sha256, String(expires)].join('\n');

/**
 * Locally: a folder, and upload URLs to the local runtime (`PUT /evidence-uploads/<key>`) signed with
 * a secret of the data folder, checked as S3 checks its own: unexpired, same type, size and SHA-256.
 */
export class FolderEvidenceStore implements EvidenceStore {
  constructor(
    private readonly dir: string,
    private readonly secret: string,
    private readonly publicUrl: () => string,
  ) {}
  private sign(claims: string) {
    return createHmac('sha256', this.secret).update(claims).digest('base64url');
  }
  /** Whether a URL's signature is this store's for these claims (compared in constant time). */
  private signed(claims: string, query: URLSearchParams) {
    const expected = Buffer.from(this.sign(claims));
    const given = Buffer.from(query.get('signature') ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  async uploadTarget(upload: UploadRequest, now: Date): Promise<UploadTarget> {
    const expires = Math.floor(now.getTime() / 1000) + UPLOAD_URL_SECONDS;
    const query = new URLSearchParams({
      type: upload.contentType,
      size: String(upload.size),
      sha256: upload.sha256,
      expires: String(expires),
      signature: this.sign(uploadClaims(upload, expires)),
    });
    return {
      method: 'PUT',
      url: `${this.publicUrl()}/evidence-uploads/${upload.key.split('/').map(encodeURIComponent).join('/')}?${query}`,
      headers: { 'content-type': upload.contentType },
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }
  async downloadTarget(key: string, now: Date): Promise<DownloadTarget> {
    const expires = Math.floor(now.getTime() / 1000) + UPLOAD_URL_SECONDS;
    const query = new URLSearchParams({
      expires: String(expires),
      signature: this.sign(`get\n${key}\n${expires}`),
    });
    return {
      url: `${this.publicUrl()}/evidence-files/${key.split('/').map(encodeURIComponent).join('/')}?${query}`,
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }
  /** The local runtime's download endpoint: the file, or why not. */
  async serve(
    key: string,
    query: URLSearchParams,
    now: Date,
  ): Promise<
    | { status: 200; body: Buffer; contentType: string; disposition: string }
    | { status: number; detail: string }
  > {
    const expires = Number(query.get('expires'));
    if (!this.signed(`get\n${key}\n${expires}`, query))
      return { status: 403, detail: 'The download URL is not one this API issued (or it was altered).' };
    if (now.getTime() / 1000 > expires) return { status: 403, detail: 'The download URL has expired.' };
    try {
      const body = await readFile(join(this.dir, key));
      const contentType = await readFile(join(this.dir, `${key}.type`), 'utf8').catch(
        () => 'application/octet-stream',
      );
      return { status: 200, body, contentType, disposition: attachment(key) };
    } catch {
      return { status: 404, detail: `No evidence file ${key}.` };
    }
  }
  /** The local runtime's upload endpoint: a reason to refuse, or undefined once the file is stored. */
  async receive(
    key: string,
    query: URLSearchParams,
    contentType: string | undefined,
    body: Buffer,
    now: Date,
  ): Promise<{ status: number; detail: string } | undefined> {
    const upload: UploadRequest = {
      key,
      contentType: query.get('type') ?? '',
      size: Number(query.get('size')),
      sha256: query.get('sha256') ?? '',
    };
    const expires = Number(query.get('expires'));
    if (!this.signed(uploadClaims(upload, expires), query))
      return { status: 403, detail: 'The upload URL is not one this API issued (or it was altered).' };
    if (now.getTime() / 1000 > expires)
      return { status: 403, detail: 'The upload URL has expired: ask for a new one.' };
    if (contentType !== upload.contentType)
      return { status: 400, detail: `Send Content-Type: ${upload.contentType}, as asked for.` };
    if (body.length !== upload.size)
      return { status: 400, detail: `The file has ${body.length} bytes; ${upload.size} were declared.` };
    const sha256 = createHash('sha256').update(body).digest('hex');
    if (sha256 !== upload.sha256)
      return { status: 400, detail: `The file's SHA-256 is ${sha256}; ${upload.sha256} was declared.` };
    const file = join(this.dir, key);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.part`, body);
    await writeFile(`${file}.type`, upload.contentType);
    await rename(`${file}.part`, file);
    return undefined;
  }
  async stat(key: string): Promise<StoredFile | undefined> {
    try {
      const body = await readFile(join(this.dir, key));
      const contentType = await readFile(join(this.dir, `${key}.type`), 'utf8').catch(() => undefined);
      return {
        size: body.length,
        sha256: createHash('sha256').update(body).digest('hex'),
        ...(contentType ? { contentType } : {}),
      };
    } catch {
      return undefined;
    }
  }
}

let store: EvidenceStore | undefined;
/** The reports bucket in the cloud (REPORTS_BUCKET), the EVIDENCE_DIR folder locally. */
export function evidenceStore(): EvidenceStore {
  if (store) return store;
  const bucket = process.env.REPORTS_BUCKET;
  const dir = process.env.EVIDENCE_DIR;
  const secret = process.env.EVIDENCE_UPLOAD_SECRET;
  if (bucket) store = new S3EvidenceStore(bucket);
  else if (dir && secret)
    store = new FolderEvidenceStore(dir, secret, () => process.env.PUBLIC_API_URL ?? 'http://localhost:3000');
  else
    throw new Error(
      'Invalid configuration: set REPORTS_BUCKET (cloud) or EVIDENCE_DIR and EVIDENCE_UPLOAD_SECRET (local)',
    );
  return store;
}
export const resetEvidenceStore = () => {
  store = undefined;
};
