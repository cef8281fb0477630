import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../shared/auth/identity';
import { ORG_UNITS, ORG_UNITS_BY_ID } from '../../shared/catalogue/catalogue';
import { DEFAULT_ORIGIN, localSigner, mintDevToken } from '../dev-auth';
import { liveRuntimeInfo } from '../runtime-info';
import { SAMPLE_PEOPLE, samplePerson, samplePersonFor } from '../sample-people';

const HELP = `Usage: npm run token -- --person <user id>
       npm run token -- --role <${ROLES.join('|')}> --unit <org unit id> [--sub <user id>] [--name <name>]
       npm run token -- --list
Options: [--ttl <hours, at most 12>] [--data-dir <folder>]

Prints an access token for the local API, as the local OIDC provider issues one (RS256, signed with the
data folder's key, issuer <runtime URL>/oidc): for scripts and curl. People sign in at <runtime URL>/app/.
  --person     one of the sample people (--list shows them), as \`npm start\` prints them
  --role/--unit  a token for that role and unit; its user id is the sample person's with that role
               and unit when there is one, otherwise dev-<role>-<unit> (or --sub)
  --data-dir   the folder \`npm start\` uses (default .data, or DATA_DIR): tokens are signed with its key,
               for the runtime serving it (or ${DEFAULT_ORIGIN} when none runs)
Unit ids: national, region-<name> or ics-<name>; GET /org-units lists them, e.g. ${ORG_UNITS.slice(0, 3)
  .map((u) => u.id)
  .join(', ')}.`;

function fail(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      person: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string', default: '12' },
      'data-dir': { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values.list) {
    for (const p of SAMPLE_PEOPLE)
      console.log(`${p.sub.padEnd(14)} ${p.name.padEnd(14)} ${p.role.padEnd(7)} ${p.unit}  (${p.label})`);
    return;
  }
  const person = values.person === undefined ? undefined : samplePerson(values.person);
  if (values.person !== undefined && !person)
    fail(`--person must be one of ${SAMPLE_PEOPLE.map((p) => p.sub).join(', ')} (got ${values.person}).`);
  const role = (person?.role ?? values.role) as Role | undefined;
  if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}.`);
  const unit = person?.unit ?? values.unit;
  if (!unit || !ORG_UNITS_BY_ID.has(unit)) fail(`--unit must be an org unit id (got ${unit ?? 'nothing'}).`);
  const hours = Number(values.ttl);
  if (!(hours > 0 && hours <= 12))
    fail('--ttl is in hours, more than 0 and at most 12 (the API refuses longer-lived tokens).');
  const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
  const signer = localSigner(dataDir, liveRuntimeInfo(dataDir)?.url ?? DEFAULT_ORIGIN);
  const known = person ?? (values.sub === undefined ? samplePersonFor(role, unit) : undefined);
  const name = values.name ?? known?.name;
  const token = await mintDevToken(signer, {
    sub: values.sub ?? known?.sub ?? `dev-${role}-${unit}`,
    role,
    unit,
    ...(name ? { name } : {}),
    ttlSeconds: Math.round(hours * 3600),
  });
  console.log(token);
}

void main();
