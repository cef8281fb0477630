import { identityOf } from '../../shared/auth/identity';
import { EvidenceDownloadQuery } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { evidenceStore } from '../../shared/evidence/evidence-store';
import { httpHandler, json } from '../../shared/http/handler';
import { NotFoundError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';

/**
 * GET /evidence?key=: a download URL (15 minutes) for one evidence file, for anyone who may read its
 * commitment, with the file's size, type and SHA-256 as stored (check the download against it).
 * A file of a commitment the caller may not read, or no file, is 404.
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { key } = parseRequestPart(EvidenceDownloadQuery, 'query', event.queryStringParameters);
  const commitmentId = key.split('/')[1] as string;
  await commitmentsService().get(identity, commitmentId);
  const store = evidenceStore();
  const stored = await store.stat(key);
  if (!stored) throw new NotFoundError(`No evidence file ${key}.`);
  const download = await store.downloadTarget(key, new Date());
  return json(200, { key, name: key.split('/').at(-1), ...stored, download });
});
