import { verify } from 'node:crypto';
import { GENESIS_HASH } from '../commitments/action-chain';
import type { Action, Commitment } from '../commitments/commitment.model';
import { commitmentsChangedBetween, getCommitments } from '../commitments/commitment.repository';
import type { CommitmentVersion } from '../commitments/commitment-history';
import { allRegionPartitions, orgMap } from '../org/live-map';
import { finalSummariesBetween } from '../summaries/summary.repository';
import {
  FIRST_PREV_SEAL_HASH,
  SEAL_ALGORITHM,
  type Seal,
  type SealEntry,
  sealBytes,
  sealId,
  sha256,
} from './seal.model';
import { SEAL_KEYS, sealStore } from './seal-store';
import { sealSigner } from './signer';

/** Re-read this much before the last seal's end: a change stamped just before it may land just after. */
const OVERLAP_MS = 5 * 60_000;

interface StoredSeal {
  seal: Seal;
  bytes: Buffer;
  signature: Buffer;
}

async function readSeal(seq: number): Promise<StoredSeal | undefined> {
  const store = sealStore();
  const [bytes, signature] = await Promise.all([
    store.get(SEAL_KEYS.file(seq)),
    store.get(SEAL_KEYS.signature(seq)),
  ]);
  if (!bytes || !signature) return undefined;
  return { seal: JSON.parse(bytes.toString('utf8')) as Seal, bytes, signature };
}

async function latestSeq(): Promise<number> {
  const files = (await sealStore().list('seals/')).filter((k) => k.endsWith('.json'));
  const last = files.at(-1);
  return last ? Number(/(\d{6})\.json$/.exec(last)?.[1] ?? 0) : 0;
}

/**
 * Seals every commitment whose record moved since the last seal, and the final summaries made since:
 * their heads go into a signed seal file chained to the previous one, kept outside the table, and each
 * commitment gets a pointer to it. `lagSeconds` leaves the newest changes for the next run (index
 * propagation and clock skew); the next run also re-reads a few minutes before this one's end.
 */
export async function runSeal(
  tableName: string,
  options: { now?: Date; lagSeconds?: number } = {},
): Promise<{ sealed: boolean; id?: string; entries: number; summaries: number; through: string }> {
  const now = options.now ?? new Date();
  const through = new Date(now.getTime() - (options.lagSeconds ?? 60) * 1000).toISOString();
  const seq = (await latestSeq()) + 1;
  const previous = seq > 1 ? await readSeal(seq - 1) : undefined;
  if (seq > 1 && !previous) throw new Error(`Seal ${seq - 1} is incomplete in the seal store`);
  const from = previous ? previous.seal.through : null;
  const readFrom = from ? new Date(Date.parse(from) - OVERLAP_MS).toISOString() : null;
  const regions = allRegionPartitions();
  const ids = await commitmentsChangedBetween(
    tableName,
    orgMap()
      .allUnits()
      .map((u) => u.id),
    regions,
    readFrom,
    through,
  );
  const commitments = await getCommitments(tableName, [...ids].sort());
  // The overlap re-reads changes the previous seal may have covered already: only new heads are sealed.
  const sealedBefore = new Set(
    (previous?.seal.entries ?? []).map((e) => `${e.commitmentId}#${e.version}#${e.versionHash}`),
  );
  const summariesBefore = new Set((previous?.seal.summaries ?? []).map((s) => s.id));
  const entries: SealEntry[] = commitments
    .filter((c) => c.versionHash && !sealedBefore.has(`${c.id}#${c.version}#${c.versionHash}`))
    .map((c) => ({
      commitmentId: c.id,
      version: c.version,
      versionHash: c.versionHash as string,
      actionCount: c.actionCount,
      lastActionHash: c.lastActionHash,
    }));
  const summaries = (await finalSummariesBetween(tableName, readFrom, through))
    .filter((s) => s.contentHash && !summariesBefore.has(s.id))
    .map((s) => ({ id: s.id, contentHash: s.contentHash as string }));
  if (entries.length === 0 && summaries.length === 0)
    return { sealed: false, entries: 0, summaries: 0, through };
  const signer = sealSigner();
  const seal: Seal = {
    id: sealId(seq),
    seq,
    sealedAt: now.toISOString(),
    from,
    through,
    prevSealHash: previous ? sha256(previous.bytes) : FIRST_PREV_SEAL_HASH,
    entries,
    summaries,
    algorithm: SEAL_ALGORITHM,
    keyId: signer.keyId,
  };
  const bytes = sealBytes(seal);
  const store = sealStore();
  await store.create(SEAL_KEYS.publicKey(signer.keyId), await signer.publicKeyPem());
  const signature = await signer.sign(bytes);
  // The signature first: a seal file is only ever visible with its signature beside it.
  if (!(await store.create(SEAL_KEYS.signature(seq), signature)))
    throw new Error(`Seal ${seq} is being written by another run`);
  await store.create(SEAL_KEYS.file(seq), bytes);
  // Pointers from each commitment and summary to this seal, so an audit finds the latest seal of each.
  const covered = [...entries.map((e) => e.commitmentId), ...summaries.map((s) => s.id)];
  for (let i = 0; i < covered.length; i += 16) {
    await Promise.all(covered.slice(i, i + 16).map((id) => store.create(SEAL_KEYS.head(id, seq), seal.id)));
  }
  return { sealed: true, id: seal.id, entries: entries.length, summaries: summaries.length, through };
}

/** A seal as stored, with its signature and its link to the previous seal checked. */
export async function verifySeal(seq: number) {
  const stored = await readSeal(seq);
  if (!stored) return undefined;
  const problems: string[] = [];
  const pem = await sealStore().get(SEAL_KEYS.publicKey(stored.seal.keyId));
  const signatureValid = pem ? verify('sha256', stored.bytes, pem.toString('utf8'), stored.signature) : false;
  if (!pem) problems.push(`the public key ${stored.seal.keyId} is not in the seal store`);
  else if (!signatureValid) problems.push('the signature does not match the seal file');
  let previousLinkValid = true;
  if (seq > 1) {
    const previous = await readSeal(seq - 1);
    previousLinkValid = previous !== undefined && sha256(previous.bytes) === stored.seal.prevSealHash;
  } else previousLinkValid = stored.seal.prevSealHash === FIRST_PREV_SEAL_HASH;
  if (!previousLinkValid) problems.push(`prevSealHash is not the hash of seal ${seq - 1}'s file`);
  return {
    seal: stored.seal,
    sealHash: sha256(stored.bytes),
    signature: stored.signature.toString('base64'),
    signatureValid,
    previousLinkValid,
    valid: problems.length === 0,
    problems,
  };
}

export const sealPublicKey = async (keyId?: string) =>
  sealStore().get(SEAL_KEYS.publicKey(keyId ?? sealSigner().keyId));

/**
 * Checks a commitment against the latest seal that covers it: the sealed version must still be in
 * its history with the sealed hash, and the sealed action count and head must still be in its chain.
 */
export async function checkAgainstSeal(
  commitment: Commitment,
  versions: readonly CommitmentVersion[],
  actions: readonly Action[],
) {
  const heads = await sealStore().list(SEAL_KEYS.heads(commitment.id));
  const last = heads.at(-1);
  const none = {
    status: 'not-yet-sealed' as const,
    sealId: null,
    sealedAt: null,
    sealedVersion: null,
    sealedActionCount: null,
    signatureValid: null,
    problems: [] as string[],
  };
  if (!last) return none;
  const verdict = await verifySeal(Number(last.slice(-6)));
  if (!verdict)
    return { ...none, status: 'broken' as const, problems: [`the seal ${last} points at is missing`] };
  const entry = verdict.seal.entries.find((e) => e.commitmentId === commitment.id);
  const problems = [...verdict.problems];
  if (!entry) problems.push(`${verdict.seal.id} does not list this commitment`);
  else {
    const sealed = `sealed in ${verdict.seal.id} (${verdict.seal.sealedAt})`;
    const version = versions.find((v) => v.version === entry.version);
    if (!version) problems.push(`version ${entry.version}, ${sealed}, is missing from the history`);
    else if (version.hash !== entry.versionHash)
      problems.push(`version ${entry.version} differs from the one ${sealed}`);
    if (commitment.version < entry.version)
      problems.push(
        `the commitment is at version ${commitment.version}, older than version ${entry.version} ${sealed}`,
      );
    if (actions.length < entry.actionCount)
      problems.push(`${entry.actionCount} actions were ${sealed}; the chain now has ${actions.length}`);
    else {
      const head = entry.actionCount === 0 ? GENESIS_HASH : actions[entry.actionCount - 1]?.hash;
      if (head !== entry.lastActionHash)
        problems.push(`action ${entry.actionCount} differs from the one ${sealed}`);
    }
  }
  return {
    status: problems.length
      ? ('broken' as const)
      : commitment.version === entry?.version
        ? ('sealed' as const)
        : ('not-yet-sealed' as const),
    sealId: verdict.seal.id,
    sealedAt: verdict.seal.sealedAt,
    sealedVersion: entry?.version ?? null,
    sealedActionCount: entry?.actionCount ?? null,
    signatureValid: verdict.signatureValid,
    problems,
  };
}

/** A final summary against the latest seal that lists it: the sealed content hash must be its own. */
export async function checkSummaryAgainstSeal(id: string, contentHash: string) {
  const last = (await sealStore().list(SEAL_KEYS.heads(id))).at(-1);
  if (!last) return { status: 'not-yet-sealed' as const, sealId: null, problems: [] as string[] };
  const verdict = await verifySeal(Number(last.slice(-6)));
  if (!verdict)
    return { status: 'broken' as const, sealId: null, problems: [`the seal ${last} points at is missing`] };
  const sealed = verdict.seal.summaries.find((s) => s.id === id);
  const problems = [...verdict.problems];
  if (!sealed) problems.push(`${verdict.seal.id} does not list this summary`);
  else if (sealed.contentHash !== contentHash)
    problems.push(
      `its content hash differs from the one sealed in ${verdict.seal.id} (${verdict.seal.sealedAt})`,
    );
  return {
    status: problems.length ? ('broken' as const) : ('sealed' as const),
    sealId: verdict.seal.id,
    problems,
  };
}
