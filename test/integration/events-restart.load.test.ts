import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localSigner, mintDevToken } from '../../local/dev-auth';
import { commitmentBody } from '../support/local-api';

/** `npm start` killed outright (process group, Java included) in the middle of a load, then restarted. */
const REPO = join(import.meta.dirname, '..', '..');

let child: ChildProcess | undefined;

async function start(dataDir: string): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'local/cli/start.ts', '--data-dir', dataDir], {
    cwd: REPO,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const url = /API {10}(http:\/\/localhost:\d+)/.exec(out)?.[1];
      if (url && out.includes('Ctrl-C stops everything.')) resolve(url);
    };
    child?.stdout?.on('data', onData);
    child?.stderr?.on('data', onData);
    child?.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
  });
}

function killGroup(signal: NodeJS.Signals): Promise<void> {
  const running = child;
  const pid = running?.pid;
  if (!running || !pid || running.exitCode !== null || running.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    running.once('exit', () => resolve());
    process.kill(-pid, signal);
  });
}

afterEach(async () => killGroup('SIGKILL'));

function archivedActionIds(dataDir: string): Set<string> {
  const file = join(dataDir, 'events', 'accountability-tracker', 'archive.jsonl');
  if (!existsSync(file)) return new Set();
  const ids = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { 'detail-type': string; detail: { data: { actionId?: string } } })
    .filter((e) => e['detail-type'] === 'Duty Logged')
    .map((e) => e.detail.data.actionId as string);
  return new Set(ids);
}

describe('a killed runtime', () => {
  it('delivers every logged action’s event after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-restart-'));
    let api = await start(dataDir);
    // The issuer names the runtime's port, which changes with the restart: a token per start.
    const tokenFor = (origin: string) =>
      mintDevToken(localSigner(dataDir, origin), { sub: 'u', role: 'editor', unit: 'region-london' });
    let token = await tokenFor(api);
    const post = (path: string, body: unknown) =>
      fetch(`${api}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      ids.push(((await (await post('/commitments', commitmentBody('region'))).json()) as { id: string }).id);
    }

    // Load, and kill the whole process group part-way through it.
    let sent = 0;
    // The actions the API accepted (201) before the kill: each must be stored and announced.
    const accepted = new Set<string>();
    const load = (async () => {
      for (;;) {
        const batch = ids.map((id) =>
          post(`/commitments/${id}/actions`, { summary: `n${sent++}`, occurredAt: '2026-11-01' }).then(
            async (response) => {
              if (response.status === 201) accepted.add(((await response.json()) as { id: string }).id);
              return 'answered' as const;
            },
            () => 'killed' as const,
          ),
        );
        if ((await Promise.all(batch)).includes('killed')) return;
      }
    })();
    while (sent < 160) await new Promise((r) => setTimeout(r, 20));
    await killGroup('SIGKILL');
    await load;

    api = await start(dataDir);
    token = await tokenFor(api);
    for (const id of ids)
      await post(`/commitments/${id}/actions`, { summary: 'after restart', occurredAt: '2026-11-01' });

    // Every action now in the table must reach the bus's archive.
    const stored = new Set<string>();
    for (const id of ids) {
      const page = (await (
        await fetch(`${api}/commitments/${id}/actions?limit=100`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as {
        items: Array<{ id: string }>;
        nextCursor: string | null;
      };
      expect(page.nextCursor).toBeNull();
      for (const a of page.items) stored.add(a.id);
    }
    // Most of the load got through before the kill (a request in flight may be lost, or answered 503
    // on a busy machine: the client was told), and nothing the API accepted is missing.
    expect(accepted.size).toBeGreaterThanOrEqual(100);
    expect([...accepted].filter((id) => !stored.has(id))).toEqual([]);
    const deadline = Date.now() + 60_000;
    let archived = archivedActionIds(dataDir);
    while ([...stored].some((id) => !archived.has(id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      archived = archivedActionIds(dataDir);
    }
    expect([...stored].filter((id) => !archived.has(id))).toEqual([]);
    await killGroup('SIGINT');
  });
});
