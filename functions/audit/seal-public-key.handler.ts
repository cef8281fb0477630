import { sealPublicKey } from '../../shared/audit/sealing';
import { httpHandler } from '../../shared/http/handler';
import { NotFoundError } from '../../shared/http/problem';

/** GET /audit/public-key: the PEM public key seals are signed with (to verify them with openssl). */
export const handler = httpHandler().handler(async () => {
  const pem = await sealPublicKey();
  if (!pem) throw new NotFoundError('No seal has been made yet, so no key is published.');
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/x-pem-file' },
    body: pem.toString('utf8'),
  };
});
