import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { awsClient } from '../observability/aws-clients';
import { CONTENT_TYPES, type Format } from './render';

/** Where rendered summaries live: S3 in the cloud (REPORTS_BUCKET), a folder locally (REPORTS_DIR). */
export interface ReportStore {
  put(id: string, format: Format, body: string): Promise<void>;
  get(id: string, format: Format): Promise<string | undefined>;
}

const keyOf = (id: string, format: Format) => `summaries/${id}.${format}`;

class S3ReportStore implements ReportStore {
  private readonly s3 = awsClient(new S3Client({}));
  constructor(private readonly bucket: string) {}
  async put(id: string, format: Format, body: string) {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: keyOf(id, format),
        Body: body,
        ContentType: CONTENT_TYPES[format],
      }),
    );
  }
  async get(id: string, format: Format) {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: keyOf(id, format) }));
      return await out.Body?.transformToString('utf8');
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}

class FolderReportStore implements ReportStore {
  constructor(private readonly dir: string) {}
  async put(id: string, format: Format, body: string) {
    const file = join(this.dir, keyOf(id, format));
    await mkdir(join(this.dir, 'summaries'), { recursive: true });
    await writeFile(file, body);
  }
  async get(id: string, format: Format) {
    try {
      return await readFile(join(this.dir, keyOf(id, format)), 'utf8');
    } catch {
      return undefined;
    }
  }
}

let store: ReportStore | undefined;
export function reportStore(): ReportStore {
  if (store) return store;
  const bucket = process.env.REPORTS_BUCKET;
  const dir = process.env.REPORTS_DIR;
  if (bucket) store = new S3ReportStore(bucket);
  else if (dir) store = new FolderReportStore(dir);
  else throw new Error('Invalid configuration: set REPORTS_BUCKET (cloud) or REPORTS_DIR (local)');
  return store;
}
