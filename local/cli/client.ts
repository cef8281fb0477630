import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { machineRole } from '../../shared/auth/machine-clients';
import { ORG_UNITS_BY_ID } from '../../shared/catalogue/catalogue';
import { DEFAULT_ORIGIN, localIssuer } from '../dev-auth';
import { readMachineClients, registerMachineClient, removeMachineClient } from '../oidc';
import { liveRuntimeInfo } from '../runtime-info';

const HELP = `Usage: npm run client -- add --name <name> --unit <org unit id> --access <read|write>
       npm run client -- list
       npm run client -- remove <client id>
Options: [--data-dir <folder>]

Machine clients: systems (a region's case-management system, a reporting warehouse) that call the
API for one unit with the OAuth client-credentials grant. \`add\` prints the client id and secret once;
the system then asks the token endpoint for a token (docs/api.md, "Machine clients"):

  curl -s -u <client id>:<secret> -d grant_type=client_credentials \\
       -d scope="tracker/read tracker/write" <runtime URL>/oidc/token

--access write acts like an editor of the unit, read like a reader; every action and version it
writes names the client id. In the cloud, an administrator registers clients in Cognito instead
(docs/operations.md, "Sign-in and machine clients").`;

function fail(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      unit: { type: 'string' },
      access: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    console.log(HELP);
    process.exit(values.help ? 0 : 2);
  }
  const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
  const tokenUrl = `${localIssuer(liveRuntimeInfo(dataDir)?.url ?? DEFAULT_ORIGIN)}/token`;
  if (command === 'list') {
    const clients = readMachineClients(dataDir);
    if (!clients.length) console.log('No machine clients registered.');
    for (const c of clients)
      console.log(
        `${c.clientId}  ${c.unit}  ${c.access} (${machineRole(c)})  ${c.name}  since ${c.createdAt}`,
      );
    return;
  }
  if (command === 'remove') {
    if (!id) fail('Name the client id to remove.');
    if (!removeMachineClient(dataDir, id)) fail(`No machine client ${id}.`);
    console.log(`Removed ${id}: it gets no new tokens (one already issued lives out its hour).`);
    return;
  }
  if (command !== 'add') fail(`Unknown command ${command}.`);
  if (!values.name?.trim()) fail('--name is required (who the client is, as actions will show it).');
  if (!values.unit || !ORG_UNITS_BY_ID.has(values.unit))
    fail(`--unit must be an org unit id (got ${values.unit ?? 'nothing'}).`);
  if (values.access !== 'read' && values.access !== 'write') fail('--access must be read or write.');
  const client = registerMachineClient(dataDir, {
    name: values.name.trim(),
    unit: values.unit,
    access: values.access,
  });
  console.log(`Registered ${client.name} for ${client.unit} (${client.access}: acts as ${machineRole(client)}).
  client id      ${client.clientId}
  client secret  ${client.clientSecret}   (shown once; keep it in the system's secret store)
  token endpoint ${tokenUrl}`);
}

main();
