import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, type HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { StringAttribute, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Trigger } from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { parseRouteKey, ROUTES } from '../../functions/routes';
import { EventDelivery } from '../constructs/event-delivery';
import { TrackerFunction } from '../constructs/tracker-function';

export interface ApiStackProps extends StackProps {
  table: ITableV2;
  bus: IEventBus;
}

/** The stateless stack: the HTTP API and its functions (from the route manifest), event delivery and schedules. */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly events: EventDelivery;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { table } = props;

    // Users carry their role and org unit as custom attributes: the claims handlers read.
    const userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      customAttributes: {
        role: new StringAttribute({ minLen: 1, maxLen: 16, mutable: true }),
        unit: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
    });
    const client = userPool.addClient('ApiClient', { authFlows: { userSrp: true } });
    const authorizer = new HttpUserPoolAuthorizer('Jwt', userPool, { userPoolClients: [client] });

    const cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'HMAC key that signs pagination cursors',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    const environment = {
      TABLE_NAME: table.tableName,
      // Resolved by CloudFormation at deploy time; the template holds only a reference.
      CURSOR_SECRET: cursorSecret.secretValue.unsafeUnwrap(),
    };

    const functions = new Map<string, TrackerFunction>();
    for (const route of ROUTES) {
      const fn = new TrackerFunction(this, route.id, {
        entry: route.handler,
        description: `${route.routeKey}: ${route.summary}`,
        environment,
      });
      functions.set(route.id, fn);
    }

    const fallback = ROUTES.find((r) => r.routeKey === '$default');
    this.api = new HttpApi(this, 'Api', {
      description: 'Delivery-spectrum accountability tracker',
      ...(fallback
        ? {
            defaultIntegration: new HttpLambdaIntegration(
              'FallbackIntegration',
              functions.get(fallback.id) as TrackerFunction,
            ),
          }
        : {}),
    });
    for (const route of ROUTES) {
      const parsed = parseRouteKey(route.routeKey);
      if (!parsed) continue;
      this.api.addRoutes({
        path: parsed.path,
        methods: [parsed.method as HttpMethod],
        integration: new HttpLambdaIntegration(
          `${route.id}Integration`,
          functions.get(route.id) as TrackerFunction,
        ),
        ...(route.auth === 'jwt' ? { authorizer } : {}),
      });
    }

    // Read-only routes get read access only; the routes that write (and keep idempotency records) get write.
    for (const route of ROUTES) {
      const fn = functions.get(route.id) as TrackerFunction;
      if (route.writes) table.grantReadWriteData(fn);
      else table.grantReadData(fn);
    }

    const seed = new TrackerFunction(this, 'SeedReferenceData', {
      entry: 'functions/seed/seed-reference-data.handler.ts',
      description: 'Loads the responsibility catalogue and org units after each deployment',
      environment,
      timeout: Duration.minutes(2),
    });
    table.grantReadWriteData(seed);
    new Trigger(this, 'SeedOnDeploy', { handler: seed, executeOnHandlerChange: true });

    this.events = new EventDelivery(this, 'Events', { table, bus: props.bus });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
  }
}
