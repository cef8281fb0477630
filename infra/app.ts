import { App } from 'aws-cdk-lib';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';

/** The CDK app: a stateful data stack and a stateless API stack. `npm run synth` works offline. */
export function buildApp(app = new App()) {
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const data = new DataStack(app, 'AccountabilityTrackerData', { env });
  const api = new ApiStack(app, 'AccountabilityTrackerApi', { env, table: data.table, bus: data.bus });
  return { app, data, api };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
