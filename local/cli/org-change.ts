import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { OrgChangePlan } from '../../shared/org/org-change.service';
import { localSigner, mintDevToken } from '../dev-auth';
import { readRuntimeInfo } from '../runtime-info';

const HELP = `Usage: npm run org-change -- <change.json> [--apply] [--user <user id>] [--json] [--data-dir <folder>]

Records a dated change to the org map (rename, merge, split, move, close) in the running local
runtime (start it with npm start), as a national administrator (--user, default sam.patel), through
POST /org-changes. Without --apply it is a dry run: it lists every commitment, subscription,
accountable person and open escalation the change touches and where each goes, and writes nothing.
With --apply the change is recorded and, from its effective date, each affected commitment moves with
a version that names the change. The same file again changes nothing. --json prints the whole answer.
The file's fields: docs/org-changes.md, or ChangeOrgMap in docs/openapi.json.`;

const place = (p: { ownerUnitId: string; regionId: string }) => `${p.ownerUnitId} (${p.regionId})`;

function describe(plan: OrgChangePlan, applied: boolean): string {
  const c = plan.change;
  const lines = [
    applied
      ? `${c.id} (${c.kind}, effective ${c.effectiveDate}): ${plan.status}${plan.moved !== undefined ? `, ${plan.moved} commitment(s) moved` : ''}.`
      : `Dry run of ${c.id} (${c.kind}, effective ${c.effectiveDate}): nothing written.`,
  ];
  const u = plan.units;
  for (const x of u.closed)
    lines.push(
      `  closes ${x.id}${x.successors.length ? ` -> ${x.successors.join(', ')}` : ''}${x.successorAccess ? ' (its people act as the successor)' : ' (its tokens get 403 naming the successor)'}`,
    );
  for (const x of u.created)
    lines.push(`  creates ${x.id} "${x.name}" (${x.kind}${x.parentId ? ` in ${x.parentId}` : ''})`);
  for (const x of u.renamed) lines.push(`  renames ${x.id}: "${x.from}" -> "${x.to}"`);
  for (const x of u.movedRegion) lines.push(`  moves ${x.id}: ${x.from} -> ${x.to}`);
  lines.push(`Commitments that ${applied ? 'move' : 'would move'} (${plan.commitments.length}):`);
  for (const m of plan.commitments) lines.push(`  ${m.id}  "${m.title}"  ${place(m.from)} -> ${place(m.to)}`);
  lines.push(`Open escalations that follow them (${plan.openEscalations.length}):`);
  for (const e of plan.openEscalations)
    lines.push(`  ${e.commitmentId}  ${e.daysOverdue} days overdue -> ${e.to}`);
  lines.push(`Accountable people (they stay accountable) (${plan.accountablePeople.length}):`);
  for (const p of plan.accountablePeople) lines.push(`  ${p.userId}: ${p.commitments} commitment(s)`);
  lines.push(`Subscriptions that follow (${plan.subscriptions.length}):`);
  for (const s of plan.subscriptions) lines.push(`  ${s.id}: ${s.kind} of ${s.scope} -> ${s.receivesFrom}`);
  if (!applied) lines.push('Run again with --apply to record it.');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      apply: { type: 'boolean', default: false },
      user: { type: 'string', default: 'sam.patel' },
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const file = positionals[0];
  if (values.help || !file) {
    console.log(HELP);
    process.exit(values.help ? 0 : 2);
  }
  if (!existsSync(file)) throw new Error(`No file ${file}`);
  const body = readFileSync(file, 'utf8');
  const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
  const info = readRuntimeInfo(dataDir);
  const token = await mintDevToken(localSigner(dataDir, info.url), {
    sub: values.user ?? 'sam.patel',
    role: 'admin',
    unit: 'national',
    ttlSeconds: 600,
  });
  const response = await fetch(`${info.url}/org-changes${values.apply ? '' : '?dryRun=true'}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  const answer = (await response.json()) as OrgChangePlan & {
    title?: string;
    detail?: string;
    errors?: Array<{ path: string; message: string }>;
  };
  if (!response.ok) {
    console.error(`${answer.title ?? 'Refused'} (${response.status}): ${answer.detail ?? ''}`);
    for (const e of answer.errors ?? []) console.error(`  ${e.path}: ${e.message}`);
    process.exit(1);
  }
  console.log(values.json ? JSON.stringify(answer, null, 2) : describe(answer, values.apply ?? false));
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
