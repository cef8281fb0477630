import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../shared/auth/identity';
import { ORG_UNITS, ORG_UNITS_BY_ID } from '../../shared/catalogue/catalogue';
import { loadLocalSecrets, mintDevToken } from '../dev-auth';

const HELP = `Usage: npm run token -- --role <${ROLES.join('|')}> --unit <org unit id> [--sub <user id>] [--name <name>] [--ttl <hours>]

Prints a dev token (a JWT signed with the local key in the data folder) for the local API.
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
      role: { type: 'string' },
      unit: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string', default: '12' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}.`);
  const unit = values.unit;
  if (!unit || !ORG_UNITS_BY_ID.has(unit)) fail(`--unit must be an org unit id (got ${unit ?? 'nothing'}).`);
  const hours = Number(values.ttl);
  if (!(hours > 0 && hours <= 12))
    fail('--ttl is in hours, more than 0 and at most 12 (the API refuses longer-lived tokens).');
  const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
  const { jwtKey } = loadLocalSecrets(dataDir);
  const token = await mintDevToken(jwtKey, {
    sub: values.sub ?? `dev-${role}-${unit}`,
    role,
    unit,
    ...(values.name ? { name: values.name } : {}),
    ttlSeconds: Math.round(hours * 3600),
  });
  console.log(token);
}

void main();
