import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { awsClient } from '../observability/aws-clients';

/** Signs seals: a KMS asymmetric key in the cloud (SEAL_KEY_ID), a local PEM key file (SEAL_KEY_FILE). */
export interface Signer {
  keyId: string;
  /** DER-encoded ECDSA P-256 signature of SHA-256(bytes): what KMS's ECDSA_SHA_256 returns. */
  sign(bytes: Buffer): Promise<Buffer>;
  publicKeyPem(): Promise<string>;
}

class KmsSigner implements Signer {
  private readonly kms = awsClient(new KMSClient({}));
  constructor(readonly keyId: string) {}
  async sign(bytes: Buffer) {
    const out = await this.kms.send(
      new SignCommand({
        KeyId: this.keyId,
        Message: bytes,
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!out.Signature) throw new Error('KMS returned no signature');
    return Buffer.from(out.Signature);
  }
  async publicKeyPem() {
    const out = await this.kms.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
    if (!out.PublicKey) throw new Error('KMS returned no public key');
    return createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' })
      .export({ format: 'pem', type: 'spki' })
      .toString();
  }
}

class FileSigner implements Signer {
  private readonly key;
  readonly keyId: string;
  constructor(file: string) {
    this.key = createPrivateKey(readFileSync(file, 'utf8'));
    this.keyId = `local:${file.split('/').at(-1)}`;
  }
  async sign(bytes: Buffer) {
    return sign('sha256', bytes, this.key);
  }
  async publicKeyPem() {
    return createPublicKey(this.key).export({ format: 'pem', type: 'spki' }).toString();
  }
}

let signer: Signer | undefined;
export function sealSigner(): Signer {
  if (signer) return signer;
  if (process.env.SEAL_KEY_ID) signer = new KmsSigner(process.env.SEAL_KEY_ID);
  else if (process.env.SEAL_KEY_FILE) signer = new FileSigner(process.env.SEAL_KEY_FILE);
  else throw new Error('Invalid configuration: set SEAL_KEY_ID (cloud) or SEAL_KEY_FILE (local)');
  return signer;
}

export const resetSealSigner = () => {
  signer = undefined;
};
