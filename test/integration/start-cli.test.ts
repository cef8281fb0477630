import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dynamoDbLocalJar, freePort } from '../../local/dynamodb-local';

/** `npm start` as a newcomer runs it: a child process, its printed output, Ctrl-C. */
const REPO = join(import.meta.dirname, '..', '..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

interface Started {
  child: ChildProcess;
  output: () => string;
  ready: Promise<void>;
}

function start(dataDir: string, env: Record<string, string> = {}, args: string[] = []): Started {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/cli/start.ts', '--data-dir', dataDir, ...args],
    {
      cwd: REPO,
      env: { ...process.env, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ctrl-C stops everything.')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
  });
  return { child, output: () => out, ready };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** DynamoDB Local processes started for this data folder. */
function javaProcessesFor(dataDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.jar.*${dataDir}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** Runs the printed `curl` line's request: its URL and its Authorization header, exactly. */
async function runPrintedCurl(output: string): Promise<Response> {
  const line = output.split('\n').find((l) => l.trim().startsWith('curl '));
  const header = /-H "([^"]+)"/.exec(line ?? '')?.[1] ?? '';
  const url = /"(http:\/\/[^"]+)"/.exec(line ?? '')?.[1] ?? '';
  const [name, value] = header.split(': ') as [string, string];
  return fetch(url, { headers: { [name]: value } });
}

/** The printed token of a sample person (the line after their label). */
function printedToken(output: string, label: string): string {
  const lines = output.split('\n');
  const at = lines.findIndex((l) => l.trim().startsWith(label));
  return lines[at + 1]?.trim() ?? '';
}

const apiUrl = (output: string) => /API {10}(http:\/\/localhost:\d+)/.exec(output)?.[1] ?? '';

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let running: Started | undefined;
afterEach(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGKILL');
    await exited(running.child);
  }
  running = undefined;
});

describe('npm start', () => {
  it('serves the API, prints a working curl, stops Java on Ctrl-C and finds its data again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-start-'));
    running = start(dataDir);
    await running.ready;
    const first = running.output();
    expect(first).toMatch(/API {10}http:\/\/localhost:\d+/);
    expect(first).toContain(`Data folder  ${dataDir}`);
    expect(first).toMatch(/table accountability-tracker, created; 96 reference items written/);
    for (const who of ['regional editor', 'national editor', 'board member']) expect(first).toContain(who);
    // The printed workspace URL answers the app, and sends a browser to sign in; no token in any URL.
    const workspace = /sign in as a sample person: (\S+)/.exec(first)?.[1] ?? '';
    expect((await fetch(workspace)).status).toBe(200);
    expect(first).not.toMatch(/[#?&]token=/);

    const response = await runPrintedCurl(first);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: Array<{ tier: string }> };
    expect(page.items).toHaveLength(5);
    expect(page.items.every((i) => i.tier === 'region')).toBe(true);
    expect(javaProcessesFor(dataDir)).toHaveLength(1);

    // The job and replay CLIs reach the running runtime through its data folder.
    const job = execFileSync(TSX, ['local/cli/job.ts', 'OverdueSweep', '--data-dir', dataDir], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(job).toMatch(/"itemsRead": 0/);
    const replay = execFileSync(
      TSX,
      ['local/cli/replay.ts', '--from', '2000-01-01T00:00:00Z', '--data-dir', dataDir],
      {
        cwd: REPO,
        encoding: 'utf8',
      },
    );
    expect(replay).toMatch(/replayed \d+ event\(s\)/);

    // An org change from a file: a dry run first, then applied, then the same file again changes nothing.
    const changeFile = join(dataDir, 'rename.json');
    writeFileSync(
      changeFile,
      JSON.stringify({
        id: '2026-06-devon-rename',
        kind: 'rename',
        effectiveDate: '2026-06-01',
        description: 'The ICB takes its new name',
        unitId: 'ics-devon',
        name: 'One Devon',
      }),
    );
    const orgChange = (...args: string[]) =>
      execFileSync(TSX, ['local/cli/org-change.ts', changeFile, '--data-dir', dataDir, ...args], {
        cwd: REPO,
        encoding: 'utf8',
      });
    const dry = orgChange();
    expect(dry).toContain('Dry run of 2026-06-devon-rename (rename, effective 2026-06-01): nothing written.');
    expect(dry).toContain('renames ics-devon: "Devon" -> "One Devon"');
    expect(orgChange('--apply')).toContain(
      '2026-06-devon-rename (rename, effective 2026-06-01): applied, 0 commitment(s) moved.',
    );
    expect(orgChange('--apply')).toContain(': already-applied');

    running.child.kill('SIGINT');
    expect(await exited(running.child)).toBe(0);
    expect(javaProcessesFor(dataDir)).toHaveLength(0);
    expect(() =>
      execFileSync(TSX, ['local/cli/job.ts', 'OverdueSweep', '--data-dir', dataDir], {
        cwd: REPO,
        stdio: 'pipe',
      }),
    ).toThrow(/No local runtime is running/);

    running = start(dataDir);
    await running.ready;
    expect(running.output()).toMatch(/table accountability-tracker, existed; 0 reference items written/);
    expect((await runPrintedCurl(running.output())).status).toBe(200);
    running.child.kill('SIGTERM');
    expect(await exited(running.child)).toBe(0);
    expect(javaProcessesFor(dataDir)).toHaveLength(0);
  });

  it('makes no summaries on an empty database, and says what runs at start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-empty-'));
    running = start(dataDir);
    await running.ready;
    const started = running;
    expect(started.output()).toMatch(
      /Schedules +Seal every 5 min, ApplyOrgChanges every 1 h, OverdueSweep every 1 h, WeeklyDigests every 6 h/,
    );
    for (const job of ['WeeklyDigests', 'MonthlyReports', 'QuarterlyReports'])
      await until(() => started.output().includes(`[schedule] ${job}:`), `${job} to run`);
    expect(started.output()).toMatch(
      /\[schedule\] QuarterlyReports: \{"period":"\d{4}-Q\d","generated":0,"emptyScopes":8\}/,
    );
    const board = printedToken(started.output(), 'board member');
    const reports = await fetch(`${apiUrl(started.output())}/reports?limit=100`, {
      headers: { authorization: `Bearer ${board}` },
    });
    expect(((await reports.json()) as { items: unknown[] }).items).toEqual([]);
    // Quiet by default: no per-event delivery lines, no SDK or Powertools warnings.
    expect(started.output()).not.toContain('[bus]');
    expect(started.output()).not.toMatch(/No application metrics|NodeVersion|Node\.js version/);
  });

  it('leaves one engine after the runtime is killed, and stops an engine an earlier run left', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-kill-'));
    running = start(dataDir);
    await running.ready;
    const { pid } = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as { pid: number };
    process.kill(pid, 'SIGKILL');
    await exited(running.child);
    // The engine notices its parent is gone and stops (no orphan left to find).
    await until(() => javaProcessesFor(dataDir).length === 0, 'the engine to stop with its parent');

    // An engine left by a run that could not stop it (an older release, a killed watchdog).
    const { jar, libraryPath } = dynamoDbLocalJar();
    const orphan = spawn(
      'java',
      [
        `-Djava.library.path=${libraryPath}`,
        '-jar',
        jar,
        '-sharedDb',
        '-port',
        String(await freePort()),
        '-dbPath',
        dataDir,
      ],
      { detached: true, stdio: 'ignore' },
    );
    orphan.unref();
    await until(() => javaProcessesFor(dataDir).length === 1, 'the orphan to start');
    // Serving, not merely spawned (an engine that failed would have exited on its own).
    await new Promise((r) => setTimeout(r, 1500));
    expect(javaProcessesFor(dataDir)).toHaveLength(1);
    running = start(dataDir);
    await running.ready;
    expect(running.output()).toContain(`Stopping a DynamoDB Local (pid ${orphan.pid}) an earlier run left`);
    expect(javaProcessesFor(dataDir)).toHaveLength(1);
    expect((await runPrintedCurl(running.output())).status).toBe(200);

    // A second start on the same folder while the first runs is refused, and touches nothing.
    const second = start(dataDir);
    await expect(second.ready).rejects.toThrow(/exited with 1/);
    expect(second.output()).toContain('a runtime is already running on');
    expect(javaProcessesFor(dataDir)).toHaveLength(1);
  });

  it('keeps nothing with --in-memory: no events, reports or e-mail in the data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-in-memory-'));
    running = start(dataDir, {}, ['--in-memory']);
    await running.ready;
    const output = running.output();
    const created = await fetch(`${apiUrl(output)}/commitments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${printedToken(output, 'regional editor')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        accountableRole: 'Head of Workforce Planning',
        title: 'Kept nowhere',
        responsibilityIds: ['REG-WP-1'],
        dueDate: '2099-01-31',
      }),
    });
    expect(created.status).toBe(201);
    running.child.kill('SIGINT');
    expect(await exited(running.child)).toBe(0);
    // Only the dev keys stay (tokens from `npm run token` keep working across runs).
    expect(readdirSync(dataDir).sort()).toEqual(['local-secrets.json', 'seal-key.pem']);
  });

  it('fails with the install hint when no Java runtime is found', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-nojava-'));
    running = start(dataDir, { JAVA_HOME: join(dataDir, 'no-java-here') });
    await expect(running.ready).rejects.toThrow(/exited with 1/);
    expect(running.output()).toContain('No Java runtime found');
    expect(running.output()).toContain('apt-get install -y openjdk-17-jre-headless');
  });
});

describe('npm run token', () => {
  it('mints a token for a role and unit, and explains a bad role', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-token-'));
    const token = execFileSync(
      TSX,
      ['local/cli/token.ts', '--role', 'reader', '--unit', 'ics-devon', '--data-dir', dataDir],
      { cwd: REPO, encoding: 'utf8' },
    ).trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      string
    >;
    expect(claims['custom:role']).toBe('reader');
    expect(claims['custom:unit']).toBe('ics-devon');

    expect(() =>
      execFileSync(
        TSX,
        ['local/cli/token.ts', '--role', 'king', '--unit', 'national', '--data-dir', dataDir],
        {
          cwd: REPO,
          encoding: 'utf8',
          stdio: 'pipe',
        },
      ),
    ).toThrow(/--role must be one of editor, reader, board/);
  });
});
