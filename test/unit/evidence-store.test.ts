import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3EvidenceStore } from '../../shared/evidence/evidence-store';

describe('evidence uploads to S3', () => {
  it('signs a PUT that binds the content type, length and SHA-256, for 15 minutes', async () => {
    const s3 = new S3Client({
      region: 'eu-west-2',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const sha256 = createHash('sha256').update('file').digest('hex');
    const target = await new S3EvidenceStore('reports-bucket', s3).uploadTarget(
      { key: 'evidence/cmt-1/u-1/minutes.pdf', contentType: 'application/pdf', size: 4, sha256 },
      new Date('2026-11-26T10:00:00Z'),
    );
    const url = new URL(target.url);
    expect(`${url.host}${url.pathname}`).toMatch(/reports-bucket.*\/evidence\/cmt-1\/u-1\/minutes\.pdf$/);
    expect(url.searchParams.get('x-amz-checksum-sha256')).toBeNull();
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host', 'x-amz-checksum-sha256']),
    );
    expect(target.headers).toEqual({
      'content-type': 'application/pdf',
      'x-amz-checksum-sha256': Buffer.from(sha256, 'hex').toString('base64'),
    });
    expect(target.expiresAt).toBe('2026-11-26T10:15:00.000Z');
  });
});
