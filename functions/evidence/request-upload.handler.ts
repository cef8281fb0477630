import { randomUUID } from 'node:crypto';
import { assertCanWrite } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { EvidenceUploadBody } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { evidenceStore } from '../../shared/evidence/evidence-store';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';

/**
 * POST /evidence: an upload URL for one evidence file of a commitment the caller may write. The URL
 * accepts exactly the declared type, size and SHA-256 for 15 minutes; the key it returns goes in an
 * action's (or a Green's) evidence as `{"file": {"key": ...}}`, which records the stored file's hash.
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const body = parseJsonBody(event, EvidenceUploadBody);
  // Read first (404 for a commitment the caller may not see), then the write rule of its unit.
  const commitment = await commitmentsService().get(identity, body.commitmentId);
  assertCanWrite(identity, commitment.ownerUnitId);
  const key = `evidence/${commitment.id}/${randomUUID()}/${body.fileName}`;
  const upload = await evidenceStore().uploadTarget(
    { key, contentType: body.contentType, size: body.size, sha256: body.sha256 },
    new Date(),
  );
  return json(201, { key, upload });
});
