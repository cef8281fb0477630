import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { type CfnStage, CorsHttpMethod, HttpApi, type HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Trigger } from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { parseRouteKey, ROUTES, rendersHtml, requiredScope } from '../../functions/routes';
import { Monitoring } from '../constructs/monitoring';
import { importedDataResources, TrackerFunction } from '../constructs/tracker-function';

export interface ApiStackProps extends StackProps {
  table: ITableV2;
  idempotencyTable: ITableV2;
  key: IKey;
  bus: IEventBus;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  /** Machine clients' app clients: their tokens carry their own client id, accepted as audiences too. */
  machineClients?: IUserPoolClient[];
  /** Origins the workspace is served from (the callback URLs'): the only ones CORS lets call the API. */
  corsOrigins?: string[];
  /** Where alarm notifications go (context `alarmEmail`). */
  alarmEmail?: string;
  /** SES identity summaries are e-mailed from (context `senderEmail`). */
  senderEmail?: string;
  /** Reserve Lambda concurrency to protect the table (context `reserveConcurrency`; needs account headroom). */
  reserveConcurrency?: boolean;
}

/**
 * The stateless HTTP API: its routes and their functions, the seed trigger and the API's monitoring.
 * Event delivery and the schedules are the events stack's (CloudFormation allows 500 resources a stack).
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions = new Map<string, TrackerFunction>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { table, idempotencyTable, key } = props;
    const dataResources = importedDataResources({
      table,
      key,
      ...(props.senderEmail ? { senderEmail: props.senderEmail } : {}),
    });
    const authorizer = new HttpUserPoolAuthorizer('Jwt', props.userPool, {
      userPoolClients: [props.userPoolClient, ...(props.machineClients ?? [])],
    });

    const cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'HMAC key that signs pagination cursors',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'It only signs pagination cursors: rotating it just invalidates cursors in flight (clients restart from page one). Rotate by replacing the secret (docs/operations.md, operations).',
    });
    const baseEnvironment = {
      TABLE_NAME: table.tableName,
      IDEMPOTENCY_TABLE_NAME: idempotencyTable.tableName,
    };

    for (const route of ROUTES) {
      // Only the paginated routes get the cursor key, fetched from Secrets Manager at run time
      // (shared/http/cursor-secret.ts): the others neither carry its client nor may read it.
      const environment = route.paginated
        ? { ...baseEnvironment, CURSOR_SECRET_ARN: cursorSecret.secretArn }
        : baseEnvironment;
      const fn = new TrackerFunction(this, route.id, {
        logsKey: key,
        entry: route.handler,
        description: `${route.routeKey}: ${route.summary}`,
        // The board page points to the workspace, whose origin the callback URLs give.
        environment:
          route.id === 'BoardPage' && props.corsOrigins?.[0]
            ? { ...environment, WORKSPACE_URL: `${props.corsOrigins[0]}/app/` }
            : environment,
        ...(route.timeoutSeconds ? { timeout: Duration.seconds(route.timeoutSeconds) } : {}),
        ...(route.memoryMb ? { memorySize: route.memoryMb } : {}),
        ...(props.reserveConcurrency && route.writes ? { reservedConcurrentExecutions: 20 } : {}),
        ...(rendersHtml(route.id, route) ? { rendersHtml: true } : {}),
      });
      fn.grantAccess(route, dataResources);
      if (route.paginated) cursorSecret.grantRead(fn);
      if (route.idempotent)
        fn.grantTable(
          idempotencyTable,
          key,
          ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
          [],
          'whole-table',
        );
      this.functions.set(route.id, fn);
    }

    const fallback = ROUTES.find((r) => r.routeKey === '$default');
    this.api = new HttpApi(this, 'Api', {
      description: 'Delivery-spectrum accountability tracker',
      ...(props.corsOrigins?.length
        ? {
            corsPreflight: {
              allowOrigins: props.corsOrigins,
              allowHeaders: [
                'authorization',
                'content-type',
                'if-match',
                'idempotency-key',
                'prefer',
                'x-correlation-id',
              ],
              allowMethods: [CorsHttpMethod.ANY],
              exposeHeaders: ['etag', 'location', 'retry-after', 'content-disposition'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
      ...(fallback
        ? {
            defaultIntegration: new HttpLambdaIntegration(
              'FallbackIntegration',
              this.functions.get(fallback.id) as TrackerFunction,
            ),
          }
        : {}),
    });
    for (const route of ROUTES) {
      const parsed = parseRouteKey(route.routeKey);
      const scope = requiredScope(route);
      const routes = parsed
        ? this.api.addRoutes({
            path: parsed.path,
            methods: [parsed.method as HttpMethod],
            integration: new HttpLambdaIntegration(
              `${route.id}Integration`,
              this.functions.get(route.id) as TrackerFunction,
            ),
            ...(route.auth === 'jwt' ? { authorizer, authorizationScopes: scope ? [scope] : [] } : {}),
          })
        : [];
      if (route.auth === 'none') {
        for (const r of routes) {
          Validations.of(r).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${route.routeKey} is public by design: ${route.summary}`,
          });
        }
      }
    }
    const defaultRoute = this.api.node.tryFindChild('DefaultRoute');
    if (defaultRoute) {
      Validations.of(defaultRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The $default route only answers unknown paths with a 404/405 problem document; it reads nothing.',
      });
    }

    // Access logs and throttling on the default stage.
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      encryptionKey: key,
    });
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        time: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        sub: '$context.authorizer.claims.sub',
        unit: '$context.authorizer.claims.custom:unit',
        error: '$context.error.message',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
    // The costly routes (whole-scope reads, big files) get limits of their own, so one caller's
    // reports or imports cannot use up the stage's shared budget.
    stage.routeSettings = Object.fromEntries(
      ROUTES.filter((r) => r.throttle).map((r) => [
        r.routeKey,
        // RouteSettings is a JSON map in CloudFormation: its values keep CloudFormation's casing.
        { ThrottlingRateLimit: r.throttle?.ratePerSecond, ThrottlingBurstLimit: r.throttle?.burst },
      ]),
    );

    const seed = new TrackerFunction(this, 'SeedReferenceData', {
      logsKey: key,
      entry: 'functions/seed/seed-reference-data.handler.ts',
      description: 'Loads the responsibility catalogue and org units after each deployment',
      environment: { TABLE_NAME: table.tableName },
      timeout: Duration.minutes(2),
    });
    seed.grantTable(table, key, ['GetItem', 'PutItem', 'BatchWriteItem'], [], ['catalogue', 'orgUnits']);
    const trigger = new Trigger(this, 'SeedOnDeploy', { handler: seed, executeOnHandlerChange: true });
    Validations.of(trigger).acknowledge({
      id: 'AwsSolutions-IAM4',
      reason:
        "The trigger's provider is CDK's own custom-resource Lambda; it only invokes the seed function.",
    });
    Validations.of(trigger).acknowledge({
      id: 'AwsSolutions-IAM5',
      reason: 'CDK trigger provider: invokes the seed function version (<arn>:*).',
    });
    Validations.of(trigger).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'CDK trigger provider runtime is chosen by aws-cdk-lib.',
    });

    new Monitoring(this, 'Monitoring', {
      name: 'api',
      functions: new Map<string, IFunction>([...this.functions, ['SeedReferenceData', seed]]),
      apiId: this.api.apiId,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: props.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: props.userPoolClient.userPoolClientId });
  }
}
