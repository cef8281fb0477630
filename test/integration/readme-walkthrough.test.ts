import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeInfoOf, writeRuntimeInfo } from '../../local/runtime-info';
import { startTestApi, type TestApi } from '../support/local-api';

/** The README's walkthrough, run as written (bash, curl, node) against the local runtime. */
const REPO = join(import.meta.dirname, '..', '..');

function walkthrough(file = 'README.md', heading = '## Walkthrough'): string {
  const readme = readFileSync(join(REPO, file), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const match = /```sh\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('README has no walkthrough block');
  return match[1];
}

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  // As `npm start` does: the CLIs that talk to a running runtime find it through this file.
  writeRuntimeInfo(api.runtime.dataDir, runtimeInfoOf(api.runtime));
});
afterAll(async () => api.runtime.stop());

describe('README walkthrough', () => {
  it('runs start to finish and shows what it promises', async () => {
    // Asynchronously: the API answering the script runs in this process.
    const { stdout: output } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', walkthrough()], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, API: api.runtime.url, DATA_DIR: api.runtime.dataDir },
    });
    expect(output).toContain('REG-WP-1: Coordination of HEE led activity into ICS led integrated planning');
    expect(output).toMatch(/created cmt-/);
    expect(output).toContain('status not_started -> on_track');
    expect(output).toContain('rag amber at version 3');
    expect(output).toContain('1 action(s)');
    expect(output).toContain('chain valid: true');
    expect(output).toMatch(/v1 created: .*dueDate/);
    expect(output).toContain('v2 action: actionCount, lastActionAt, lastActionHash, progress, status');
    expect(output).toContain('v3 updated: rag');
    expect(output).toContain('as at creation: not_started, green');
    expect(output).toContain('1 logged today');
    expect(output).toContain('2027-03-31 region-london: Integrated regional workforce plan 2027/28');
    expect(output).toContain('dry run: valid, 0 error(s)');
    expect(output).toContain('imported: 2 written');
    expect(output).toContain('rows exported: 3');
    expect(output).toContain('3 accountable to me');
    expect(output).toContain('3 handed over to tom.reid');
  });

  it('runs the org change commands of docs/org-changes.md as written: a dry run, then the change applied', async () => {
    const { stdout: output } = await promisify(execFile)(
      'bash',
      ['-euo', 'pipefail', '-c', walkthrough('docs/org-changes.md', '## Recording a change')],
      { cwd: REPO, encoding: 'utf8', env: { ...process.env, DATA_DIR: api.runtime.dataDir } },
    );
    expect(output).toContain(
      'Dry run of 2026-04-east-coast-merger (merge, effective 2026-04-01): nothing written.',
    );
    expect(output).toContain('creates ics-east-coast "East Coast" (ics in region-east-of-england)');
    expect(output).toContain('2026-04-east-coast-merger (merge, effective 2026-04-01): applied');
  });
});
