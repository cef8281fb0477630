import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../events/rules';
import { ROUTES } from '../../functions/routes';
import { SCHEDULES } from '../../functions/schedules';
import { buildApp } from '../../infra/app';
import { INDEX_LIST, KEY, TTL_ATTRIBUTE } from '../../shared/db/table';

let data: Template;
let api: Template;

beforeAll(() => {
  // Bundling is skipped here (synth bundles for real); these tests are about the templates.
  const built = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  data = Template.fromStack(built.data);
  api = Template.fromStack(built.api);
});

describe('data stack', () => {
  it('has the single table with its keys, stream, TTL, PITR and deletion protection', () => {
    data.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: KEY.pk, KeyType: 'HASH' },
        { AttributeName: KEY.sk, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });

  it('declares every index the code queries, with the keys the code writes', () => {
    const table = Object.values(data.findResources('AWS::DynamoDB::GlobalTable'))[0] as {
      Properties: { GlobalSecondaryIndexes: Array<{ IndexName: string; KeySchema: unknown[] }> };
    };
    const indexes = table.Properties.GlobalSecondaryIndexes;
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(INDEX_LIST.map((i) => i.name).sort());
    for (const index of INDEX_LIST) {
      expect(indexes.find((i) => i.IndexName === index.name)?.KeySchema).toEqual([
        { AttributeName: index.pk, KeyType: 'HASH' },
        { AttributeName: index.sk, KeyType: 'RANGE' },
      ]);
    }
  });
});

describe('api stack', () => {
  it('has a route for every manifest entry, with the JWT authorizer where the manifest asks', () => {
    for (const route of ROUTES) {
      api.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: route.routeKey,
        AuthorizationType: route.auth === 'jwt' ? 'JWT' : 'NONE',
      });
    }
    api.resourceCountIs('AWS::ApiGatewayV2::Route', ROUTES.length);
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
  });

  it('runs every handler on Node.js 22, arm64, with tracing and the table name', () => {
    for (const route of ROUTES) {
      api.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp(`^${route.routeKey.replace(/[$/{}]/g, '.')}:`),
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) },
      });
    }
  });

  it('grants table writes only to the routes that write', () => {
    const policies = api.findResources('AWS::IAM::Policy');
    const writers = new Set<string>();
    for (const [logicalId, policy] of Object.entries(policies)) {
      const statements = (
        policy as { Properties: { PolicyDocument: { Statement: Array<{ Action: string | string[] }> } } }
      ).Properties.PolicyDocument.Statement;
      if (statements.some((s) => [s.Action].flat().includes('dynamodb:PutItem'))) writers.add(logicalId);
    }
    const expected = ROUTES.filter((r) => r.writes).map((r) => r.id);
    for (const id of expected)
      expect(
        [...writers].some((w) => w.startsWith(`${id}ServiceRole`)),
        id,
      ).toBe(true);
    // The writers, plus the seed function, the event consumer and the sweep; no read-only route.
    expect(writers.size).toBe(expected.length + 3);
  });

  it('seeds the reference data after each deployment', () => {
    api.resourceCountIs('Custom::Trigger', 1);
    api.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('catalogue and org units'),
      Runtime: 'nodejs22.x',
    });
  });

  it('gives each function a log group with a retention period', () => {
    const groups = api.findResources('AWS::Logs::LogGroup');
    expect(Object.keys(groups).length).toBeGreaterThanOrEqual(ROUTES.length + 1);
    api.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });
});

/** JSON with object keys sorted, so key order does not matter. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

describe('event delivery', () => {
  it('has the custom bus with an archive of every tracker event', () => {
    data.hasResourceProperties('AWS::Events::EventBus', { Name: 'accountability-tracker' });
    data.hasResourceProperties('AWS::Events::Archive', {
      EventPattern: { source: ['accountability-tracker'] },
      RetentionDays: 365,
    });
  });

  it('feeds the table stream to the publisher with bisection, partial batch failures and a DLQ', () => {
    api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 8,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'events:PutEvents', Effect: 'Allow' })]),
      },
    });
  });

  it('creates every manifest rule with its pattern, and a target with retries and a DLQ', () => {
    const rules = Object.values(api.findResources('AWS::Events::Rule')) as Array<{
      Properties: { EventPattern: Record<string, unknown>; Targets: Array<Record<string, unknown>> };
    }>;
    expect(rules).toHaveLength(RULES.length);
    for (const rule of RULES) {
      const found = rules.find((r) => canonical(r.Properties.EventPattern) === canonical(rule.pattern));
      expect(found, rule.id).toBeDefined();
      expect(found?.Properties.Targets[0]).toMatchObject({
        DeadLetterConfig: { Arn: expect.anything() },
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
      });
    }
  });

  it('creates every manifest schedule in Europe/London with a DLQ', () => {
    for (const schedule of SCHEDULES) {
      api.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: schedule.expression,
        ScheduleExpressionTimezone: 'Europe/London',
        Target: Match.objectLike({
          DeadLetterConfig: { Arn: Match.anyValue() },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
        }),
      });
    }
    api.resourceCountIs('AWS::Scheduler::Schedule', SCHEDULES.length);
  });

  it('encrypts every DLQ and keeps messages for 14 days', () => {
    api.allResourcesProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
  });
});
