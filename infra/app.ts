import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { FederatedProvider, MachineClientConfig } from './constructs/sign-in';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { EventsStack } from './stacks/events-stack';
import { WebStack } from './stacks/web-stack';

/** The CDK app: a stateful data stack and a stateless API stack. `npm run synth` works offline. */
export function buildApp(app = new App(), options: { nag?: boolean } = { nag: true }) {
  // The region must be concrete: a KMS-encrypted TableV2 renders its key per region.
  const region =
    (app.node.tryGetContext('region') as string | undefined) ?? process.env.CDK_DEFAULT_REGION ?? 'eu-west-2';
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region };
  const sealRetentionDays = app.node.tryGetContext('sealRetentionDays') as string | number | undefined;
  const list = (name: string) =>
    String(app.node.tryGetContext(name) ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
  // JSON context (cdk.json or -c name='...'): given as a string on the command line, as JSON in cdk.json.
  const json = <T>(name: string): T | undefined => {
    const value = app.node.tryGetContext(name) as unknown;
    return typeof value === 'string' ? (JSON.parse(value) as T) : (value as T | undefined);
  };
  const authDomainPrefix = app.node.tryGetContext('authDomainPrefix') as string | undefined;
  const identityProvider = json<FederatedProvider>('identityProvider');
  const data = new DataStack(app, 'AccountabilityTrackerData', {
    env,
    callbackUrls: list('callbackUrls'),
    logoutUrls: list('logoutUrls'),
    ...(authDomainPrefix ? { authDomainPrefix } : {}),
    ...(identityProvider ? { identityProvider } : {}),
    machineClients: json<MachineClientConfig[]>('machineClients') ?? [],
    ...(sealRetentionDays ? { sealRetentionDays: Number(sealRetentionDays) } : {}),
  });
  const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
  // Where the workspace is served from: its callback URLs' origins (CORS, and links in Teams cards).
  const workspaceOrigins = [...new Set(list('callbackUrls').map((u) => new URL(u).origin))];
  const senderEmail = app.node.tryGetContext('senderEmail') as string | undefined;
  const api = new ApiStack(app, 'AccountabilityTrackerApi', {
    env,
    table: data.table,
    idempotencyTable: data.idempotencyTable,
    key: data.key,
    bus: data.bus,
    userPool: data.userPool,
    userPoolClient: data.userPoolClient,
    machineClients: data.machineClients,
    corsOrigins: workspaceOrigins,
    reserveConcurrency: String(app.node.tryGetContext('reserveConcurrency')) === 'true',
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(senderEmail ? { senderEmail } : {}),
  });
  const events = new EventsStack(app, 'AccountabilityTrackerEvents', {
    env,
    data: { table: data.table, key: data.key, ...(senderEmail ? { senderEmail } : {}) },
    bus: data.bus,
    apiUrl: api.api.apiEndpoint,
    ...(workspaceOrigins[0] ? { workspaceUrl: `${workspaceOrigins[0]}/app/` } : {}),
    reserveConcurrency: String(app.node.tryGetContext('reserveConcurrency')) === 'true',
    ...(alarmEmail ? { alarmEmail } : {}),
  });
  const webDomain = app.node.tryGetContext('webDomain') as string | undefined;
  const webCertificateArn = app.node.tryGetContext('webCertificateArn') as string | undefined;
  const web = new WebStack(app, 'AccountabilityTrackerWeb', {
    env,
    apiUrl: api.api.apiEndpoint,
    clientId: data.userPoolClient.userPoolClientId,
    signInBaseUrl: data.signInBaseUrl,
    ...(webDomain && webCertificateArn
      ? { domain: { name: webDomain, certificateArn: webCertificateArn } }
      : {}),
  });
  // cdk-nag (AwsSolutions) on every synth; findings land in cdk.out/validation-report.json.
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, api, events, web };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
