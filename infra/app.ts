import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';

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
  const data = new DataStack(app, 'AccountabilityTrackerData', {
    env,
    callbackUrls: list('callbackUrls'),
    logoutUrls: list('logoutUrls'),
    ...(sealRetentionDays ? { sealRetentionDays: Number(sealRetentionDays) } : {}),
  });
  const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
  const senderEmail = app.node.tryGetContext('senderEmail') as string | undefined;
  const api = new ApiStack(app, 'AccountabilityTrackerApi', {
    env,
    table: data.table,
    idempotencyTable: data.idempotencyTable,
    key: data.key,
    bus: data.bus,
    userPool: data.userPool,
    userPoolClient: data.userPoolClient,
    reserveConcurrency: String(app.node.tryGetContext('reserveConcurrency')) === 'true',
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(senderEmail ? { senderEmail } : {}),
  });
  // cdk-nag (AwsSolutions) on every synth; findings land in cdk.out/validation-report.json.
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, api };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
