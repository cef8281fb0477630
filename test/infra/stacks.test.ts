import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../events/rules';
import { ROUTES, requiredScope } from '../../functions/routes';
import { SCHEDULES } from '../../functions/schedules';
import { buildApp } from '../../infra/app';
import { INDEX_LIST, INDEXES, KEY, TTL_ATTRIBUTE } from '../../shared/db/table';

let data: Template;
/** The stateless side as one template: the API stack's resources and the events stack's. */
let api: Template;
let apiOnly: Template;
let eventsOnly: Template;

/** The API and events stacks' resources together (the tests ask of "the stateless side", not of one stack). */
function stateless(built: ReturnType<typeof buildApp>): Template {
  const resources = (stack: Stack) => Template.fromStack(stack).toJSON().Resources as Record<string, unknown>;
  return Template.fromJSON({ Resources: { ...resources(built.api), ...resources(built.events) } });
}

beforeAll(() => {
  // Bundling is skipped here (synth bundles for real); these tests are about the templates.
  const built = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), { nag: false });
  data = Template.fromStack(built.data);
  api = stateless(built);
  apiOnly = Template.fromStack(built.api);
  eventsOnly = Template.fromStack(built.events);
});

describe('data stack', () => {
  it('has the main table with its keys, stream, TTL, KMS, PITR and deletion protection', () => {
    data.resourceCountIs('AWS::DynamoDB::GlobalTable', 2);
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: KEY.pk, KeyType: 'HASH' },
        { AttributeName: KEY.sk, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          SSESpecification: { KMSMasterKeyId: Match.anyValue() },
        }),
      ],
    });
    data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('keeps idempotency records in their own encrypted table with a TTL', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
    });
  });

  it('has a private, KMS-encrypted, versioned reports bucket that refuses plain HTTP', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('has a user pool with MFA, a strong password policy, the role groups and the token trigger', () => {
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V3_0', LambdaArn: Match.anyValue() } },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    for (const role of ['editor', 'reader', 'board', 'admin']) {
      data.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    }
    // The trigger reads the org map item (units made by mergers sign in) and nothing else of the table.
    data.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^PreTokenGenerationRoleDefaultPolicy'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'dynamodb:GetItem',
            Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['ORGCHANGES'] } },
          }),
        ]),
      },
    });
    data.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'tracker',
      Scopes: [Match.objectLike({ ScopeName: 'read' }), Match.objectLike({ ScopeName: 'write' })],
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
        ...(route.auth === 'jwt'
          ? { AuthorizationScopes: [requiredScope(route)], AuthorizerId: Match.anyValue() }
          : {}),
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

  it("grants each route's function exactly the table actions and indexes its handler uses", () => {
    const policies = api.findResources('AWS::IAM::Policy') as Record<
      string,
      { Properties: { PolicyDocument: { Statement: Statement[] } } }
    >;
    for (const route of ROUTES) {
      const statements = Object.entries(policies)
        .filter(([logicalId]) => logicalId.startsWith(`${route.id}RoleDefaultPolicy`))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
      const all = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
      // Every function may read the org map, and only that partition, besides what its handler uses.
      const orgMap = all.filter((st) => JSON.stringify(st.Condition ?? {}).includes('"ORGCHANGES"'));
      expect(orgMap, route.id).toHaveLength(1);
      expect(orgMap[0]?.Action, route.id).toBe('dynamodb:GetItem');
      expect(orgMap[0]?.Condition, route.id).toEqual({
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['ORGCHANGES'] },
      });
      const dynamo = all.filter((st) => !orgMap.includes(st));
      const actions = (table: 'Table' | 'IdempotencyTable') =>
        dynamo
          .filter((st) => JSON.stringify(st.Resource).includes(`GetAtt${table}`))
          .flatMap((st) => [st.Action].flat())
          .sort();
      expect(actions('Table'), route.id).toEqual(route.table.map((a) => `dynamodb:${a}`).sort());
      expect(actions('IdempotencyTable'), route.id).toEqual(
        route.idempotent
          ? ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']
          : [],
      );
      const indexes = JSON.stringify(dynamo.map((st) => st.Resource)).match(/index\/[a-z0-9-]+/g) ?? [];
      expect(indexes.sort(), route.id).toEqual(
        (route.indexes ?? []).map((i) => `index/${INDEXES[i].name}`).sort(),
      );
      expect(JSON.stringify(dynamo)).not.toContain('index/*');
    }
  });

  it('never lets the action-logging path update or delete items of the main table', () => {
    const policies = api.findResources('AWS::IAM::Policy') as Record<
      string,
      { Properties: { PolicyDocument: { Statement: Statement[] } } }
    >;
    const createAction = Object.entries(policies)
      .filter(([logicalId]) => logicalId.startsWith('CreateActionRoleDefaultPolicy'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((st) => JSON.stringify(st.Resource).includes('GetAttTable'));
    const actions = createAction.flatMap((st) => [st.Action].flat());
    expect(actions).not.toContain('dynamodb:UpdateItem');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions).not.toContain('dynamodb:BatchWriteItem');
    expect(actions).toContain('dynamodb:PutItem');
  });

  it('logs access and throttles on the API stage', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
    });
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
    const retentions = Object.values(api.findResources('AWS::Logs::LogGroup')).map(
      (g) => (g as { Properties: { RetentionInDays?: number } }).Properties.RetentionInDays,
    );
    expect(retentions.every((days) => days === 30 || days === 90)).toBe(true);
  });
});

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Condition?: Record<string, Record<string, string[]>>;
}

describe('sign-in: unit and role only from administrators', () => {
  const clientOf = (template: Template) =>
    Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0] as {
      Properties: Record<string, unknown>;
    };

  it('lets no user write their own unit, and grants the app client no self-admin scope', () => {
    const client = clientOf(data).Properties;
    expect(client.WriteAttributes).toBeDefined();
    expect(client.WriteAttributes).not.toContain('custom:unit');
    expect(client.ReadAttributes).toContain('custom:unit');
    expect(JSON.stringify(client)).not.toContain('aws.cognito.signin.user.admin');
    expect(JSON.stringify(client)).not.toContain('implicit');
    expect(JSON.stringify(client)).not.toContain('example.com');
    expect(client.GenerateSecret ?? false).toBe(false);
  });

  it('allows only the authorization code flow, to the callback URLs configured', () => {
    const built = buildApp(
      new App({
        context: {
          'aws:cdk:bundling-stacks': [],
          callbackUrls: 'https://tracker.example.nhs.uk/auth/callback,http://localhost:3000/auth/callback',
          logoutUrls: 'https://tracker.example.nhs.uk/',
        },
      }),
      { nag: false },
    );
    const client = clientOf(Template.fromStack(built.data)).Properties;
    expect(client).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['https://tracker.example.nhs.uk/auth/callback', 'http://localhost:3000/auth/callback'],
      LogoutURLs: ['https://tracker.example.nhs.uk/'],
    });
    // Resource-server scopes render as <server id>/read and <server id>/write.
    const scopes = JSON.stringify(client.AllowedOAuthScopes);
    expect(scopes).toContain('"openid"');
    expect(scopes).toContain('"/read"');
    expect(scopes).toContain('"/write"');
    expect(scopes).not.toContain('aws.cognito.signin.user.admin');
  });
});

describe('sign-in for people and systems (context)', () => {
  const context = {
    'aws:cdk:bundling-stacks': [],
    callbackUrls: 'https://tracker.example.nhs.uk/app/callback',
    logoutUrls: 'https://tracker.example.nhs.uk/app/',
    authDomainPrefix: 'nhs-tracker-test',
    identityProvider: JSON.stringify({
      name: 'EntraID',
      issuerUrl: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
      clientId: 'entra-app-id',
      clientSecretName: 'tracker/entra-client-secret',
    }),
    machineClients: JSON.stringify([
      { id: 'LondonCms', name: 'London case management', unit: 'region-london', access: 'write' },
      { id: 'Warehouse', name: 'National warehouse', unit: 'national', access: 'read' },
    ]),
  };
  const built = buildApp(new App({ context }), { nag: false });
  const template = Template.fromStack(built.data);
  const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient')) as Array<{
    Properties: Record<string, unknown>;
  }>;

  it('serves managed login (version 2) on the configured domain, styled for the web client', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'nhs-tracker-test',
      ManagedLoginVersion: 2,
    });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UseCognitoProvidedValues: true,
      ClientId: Match.anyValue(),
    });
  });

  it('federates the enterprise provider by OIDC without letting it set unit or role', () => {
    const [idp] = Object.values(template.findResources('AWS::Cognito::UserPoolIdentityProvider')) as Array<{
      Properties: {
        ProviderType: string;
        ProviderName: string;
        AttributeMapping: Record<string, string>;
        ProviderDetails: Record<string, unknown>;
      };
    }>;
    expect(idp?.Properties).toMatchObject({ ProviderType: 'OIDC', ProviderName: 'EntraID' });
    expect(Object.keys(idp?.Properties.AttributeMapping ?? {}).sort()).toEqual(['email', 'name']);
    // The client secret is a dynamic reference resolved at deploy time, never a value in the template.
    expect(JSON.stringify(idp?.Properties.ProviderDetails.client_secret)).toContain(
      '{{resolve:secretsmanager:tracker/entra-client-secret',
    );
    const web = clients.find((c) => c.Properties.AllowedOAuthFlows?.toString() === 'code');
    expect(web?.Properties.SupportedIdentityProviders).toEqual(['COGNITO', expect.anything()]);
    expect(JSON.stringify(web?.Properties.SupportedIdentityProviders)).toContain('IdentityProvider');
  });

  it('registers each machine client with client credentials only, its scopes capped by its access', () => {
    const machines = clients.filter(
      (c) => c.Properties.AllowedOAuthFlows?.toString() === 'client_credentials',
    );
    expect(machines).toHaveLength(2);
    for (const m of machines) expect(m.Properties.GenerateSecret).toBe(true);
    const scopes = machines.map((m) => JSON.stringify(m.Properties.AllowedOAuthScopes));
    expect(scopes.filter((s) => s.includes('/write'))).toHaveLength(1);
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: Match.objectLike({
        'Fn::Join': Match.arrayWith([
          Match.arrayWith([Match.stringLikeRegexp('^/accountability-tracker/machine-clients/')]),
        ]),
      }),
      Value: JSON.stringify({ name: 'National warehouse', unit: 'national', access: 'read' }),
    });
  });

  it('stays cdk-nag clean with all of it configured', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-signin-'));
    const app = new App({ outdir, context });
    buildApp(app);
    expect(() => app.synth()).not.toThrow();
  });
});

describe('the workspace in the cloud (web stack)', () => {
  const built = buildApp(
    new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        authDomainPrefix: 'nhs-tracker-test',
        callbackUrls: 'https://tracker.example.nhs.uk/app/callback,http://localhost:3000/app/callback',
        machineClients: JSON.stringify([{ id: 'Cms', name: 'CMS', unit: 'region-london', access: 'write' }]),
      },
    }),
    { nag: false },
  );
  const web = Template.fromStack(built.web);

  it('serves private S3 files through CloudFront with origin access control, HTTPS only', () => {
    web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
        // Every page path of the app answers the app.
        CustomErrorResponses: Match.arrayWith([
          Match.objectLike({ ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/app/index.html' }),
        ]),
      }),
    });
  });

  it('sends a strict Content-Security-Policy and the security headers with every file', () => {
    const [policy] = Object.values(web.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as Array<{
      Properties: {
        ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, Record<string, unknown>> };
      };
    }>;
    const headers = policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig ?? {};
    const csp = JSON.stringify(headers.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('.amazoncognito.com');
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31536000 });
    expect(headers.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'no-referrer' });
  });

  it('lets only the workspace origins call the API from a browser, and accepts machine clients as audiences', () => {
    const api = Template.fromStack(built.api);
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['https://tracker.example.nhs.uk', 'http://localhost:3000'],
        AllowHeaders: Match.arrayWith(['authorization', 'if-match', 'idempotency-key']),
      }),
    });
    const [authorizer] = Object.values(api.findResources('AWS::ApiGatewayV2::Authorizer')) as Array<{
      Properties: { JwtConfiguration: { Audience: unknown[] } };
    }>;
    expect(authorizer?.Properties.JwtConfiguration.Audience).toHaveLength(2);
  });
});

describe('events must not vanish', () => {
  it('gives every asynchronously invoked function an on-failure queue with an alarm', () => {
    const configs = Object.values(api.findResources('AWS::Lambda::EventInvokeConfig')) as Array<{
      Properties: {
        FunctionName: { Ref: string };
        DestinationConfig?: { OnFailure?: { Destination: unknown } };
      };
    }>;
    const asyncFunctions = Object.keys(api.findResources('AWS::Lambda::Function')).filter(
      (id) => id.startsWith('EventsConsumer') || SCHEDULES.some((s) => id.startsWith(`Events${s.id}`)),
    );
    expect(asyncFunctions.length).toBe(new Set(RULES.map((r) => r.target)).size + SCHEDULES.length);
    for (const id of asyncFunctions) {
      const config = configs.find((c) => c.Properties.FunctionName.Ref === id);
      expect(config?.Properties.DestinationConfig?.OnFailure?.Destination, id).toBeDefined();
      expect(JSON.stringify(config?.Properties.DestinationConfig), id).toContain('AsyncFailureQueue');
    }
    api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('AsyncFailureQueue'), 'QueueName'] },
        },
      ],
    });
  });

  it("lets the stream publisher keep a failing record's body in its dead-letter queue", () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Table stream'),
      Environment: { Variables: Match.objectLike({ STREAM_FAILURE_QUEUE_URL: Match.anyValue() }) },
    });
  });
});

describe('encryption and limits', () => {
  it('encrypts every log group and the event archive with the customer key', () => {
    for (const template of [data, api]) {
      const groups = Object.entries(template.findResources('AWS::Logs::LogGroup')) as Array<
        [string, { Properties: { KmsKeyId?: unknown } }]
      >;
      expect(groups.length).toBeGreaterThan(0);
      for (const [id, group] of groups) expect(group.Properties.KmsKeyId, id).toBeDefined();
    }
    data.hasResourceProperties('AWS::Events::Archive', { KmsKeyIdentifier: Match.anyValue() });
    data.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: Match.stringLikeRegexp('^logs\\.') } }),
        ]),
      },
    });
  });

  it('keeps the cursor key out of the template: only the paginated functions read it, from Secrets Manager', () => {
    const functions = Object.values(api.findResources('AWS::Lambda::Function')) as Array<{
      Properties: { Environment?: { Variables?: Record<string, unknown> } };
    }>;
    for (const fn of functions) expect(fn.Properties.Environment?.Variables?.CURSOR_SECRET).toBeUndefined();
    expect(JSON.stringify(api.toJSON())).not.toContain('resolve:secretsmanager');
    const byDescription = (route: (typeof ROUTES)[number]) =>
      Object.entries(api.findResources('AWS::Lambda::Function')).find(([, fn]) =>
        String((fn as { Properties: { Description?: string } }).Properties.Description).startsWith(
          `${route.routeKey}: `,
        ),
      ) as [string, { Properties: { Environment?: { Variables?: Record<string, unknown> } } }];
    const policies = Object.values(api.findResources('AWS::IAM::Policy')) as Array<{
      Properties: {
        Roles: Array<{ Ref: string }>;
        PolicyDocument: { Statement: Array<{ Action: unknown }> };
      };
    }>;
    /** Whether the function's role may read a Secrets Manager secret. */
    const readsSecret = (logicalId: string) => {
      const role = (
        api.findResources('AWS::Lambda::Function')[logicalId] as {
          Properties: { Role: { 'Fn::GetAtt': string[] } };
        }
      ).Properties.Role['Fn::GetAtt'][0];
      return policies.some(
        (p) =>
          p.Properties.Roles.some((r) => r.Ref === role) &&
          JSON.stringify(p.Properties.PolicyDocument.Statement).includes('secretsmanager:GetSecretValue'),
      );
    };
    const paginated = ROUTES.filter((r) => r.paginated);
    expect(paginated.length).toBeGreaterThanOrEqual(9);
    // Only the paginated routes hold the secret's ARN and may read it; the rest neither.
    for (const route of ROUTES) {
      const [logicalId, fn] = byDescription(route);
      expect(Boolean(fn.Properties.Environment?.Variables?.CURSOR_SECRET_ARN), route.routeKey).toBe(
        Boolean(route.paginated),
      );
      expect(readsSecret(logicalId), route.routeKey).toBe(Boolean(route.paginated));
    }
  });

  it('throttles the expensive routes on their own, below the stage default', () => {
    const stage = Object.values(api.findResources('AWS::ApiGatewayV2::Stage'))[0] as {
      Properties: {
        RouteSettings?: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
      };
    };
    const limited = ROUTES.filter((r) => r.throttle);
    expect(limited.map((r) => r.routeKey)).toEqual(
      expect.arrayContaining(['POST /reports', 'POST /imports', 'GET /commitments/export']),
    );
    for (const route of limited) {
      expect(stage.Properties.RouteSettings?.[route.routeKey], route.routeKey).toEqual({
        ThrottlingRateLimit: route.throttle?.ratePerSecond,
        ThrottlingBurstLimit: route.throttle?.burst,
      });
      expect(route.throttle?.ratePerSecond).toBeLessThan(100);
    }
  });
});

describe('least privilege on the table keys', () => {
  const WRITES = [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ];
  /** Every role's statements that change items of the main table, by role policy logical id. */
  const mainTableWrites = () => {
    const policies = api.findResources('AWS::IAM::Policy') as Record<
      string,
      { Properties: { PolicyDocument: { Statement: Statement[] } } }
    >;
    return Object.entries(policies).flatMap(([logicalId, p]) =>
      p.Properties.PolicyDocument.Statement.filter(
        (st) =>
          JSON.stringify(st.Resource).includes('GetAttTable') &&
          [st.Action].flat().some((a) => WRITES.includes(a)),
      ).map((st) => ({ logicalId, statement: st })),
    );
  };
  const prefixesOf = (st: Statement) => st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];

  it('conditions every write to the main table on the item families the role owns', () => {
    const writes = mainTableWrites();
    expect(writes.length).toBeGreaterThan(10);
    for (const { logicalId, statement } of writes) {
      expect(prefixesOf(statement), logicalId).toBeDefined();
      expect(JSON.stringify(statement.Resource), logicalId).not.toContain('index/');
    }
  });

  it('keeps subscription, consumer, sweep, seal and summary roles away from commitments, actions and versions', () => {
    const writes = mainTableWrites();
    const roles = [
      'Subscribe',
      'Unsubscribe',
      'GenerateReport',
      'ReviseReport',
      'EventsOverdueSweep',
      'EventsWeeklyDigests',
      'EventsMonthlyReports',
      'EventsQuarterlyReports',
      'EventsConsumer',
      'SeedReferenceData',
    ];
    for (const role of roles) {
      const mine = writes.filter((w) => w.logicalId.startsWith(role));
      expect(mine.length, role).toBeGreaterThan(0);
      for (const { logicalId, statement } of mine)
        expect(
          prefixesOf(statement)?.some((p) => p.startsWith('COMMITMENT#')),
          logicalId,
        ).toBe(false);
    }
    // The seal job writes nothing to the table at all.
    expect(writes.filter((w) => w.logicalId.startsWith('EventsSeal'))).toEqual([]);
    // And the commitment writers are held to their family.
    for (const role of ['CreateCommitment', 'PatchCommitment', 'CreateAction', 'BulkCommitmentStatus'])
      for (const { statement } of writes.filter((w) => w.logicalId.startsWith(role)))
        expect(prefixesOf(statement)).toEqual(['COMMITMENT#*']);
  });
});

describe('seals outside the table', () => {
  it('keeps seals in an Object Lock bucket (compliance mode) and signs them with an asymmetric KMS key', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 7 * 365 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    data.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
  });

  it('lets only the seal job sign and write seals, and no role delete one', () => {
    const policies = api.findResources('AWS::IAM::Policy') as Record<
      string,
      { Properties: { PolicyDocument: { Statement: Statement[] } } }
    >;
    const touching = (action: string) =>
      Object.entries(policies)
        .filter(([, p]) =>
          p.Properties.PolicyDocument.Statement.some(
            (st) =>
              [st.Action].flat().includes(action) &&
              (action.startsWith('kms:') || JSON.stringify(st.Resource).includes('SealsBucket')),
          ),
        )
        .map(([id]) => id);
    expect(touching('kms:Sign')).toEqual([expect.stringMatching(/^EventsSealRole/)]);
    expect(touching('s3:PutObject').filter((id) => !id.startsWith('EventsSealRole'))).toEqual([]);
    expect(touching('s3:DeleteObject')).toEqual([]);
    expect(JSON.stringify(policies)).not.toContain('s3:DeleteObjectVersion');
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

describe('monitoring', () => {
  it('alarms on every DLQ, every function’s errors and throttles, stream lag and API 5xx, to an encrypted topic', () => {
    const alarms = Object.values(api.findResources('AWS::CloudWatch::Alarm')) as Array<{
      Properties: {
        MetricName?: string;
        Namespace?: string;
        AlarmActions: unknown[];
        Metrics?: Array<{
          MetricStat?: { Metric: { MetricName: string; Dimensions: Array<{ Value: unknown }> } };
        }>;
      };
    }>;
    const count = (metric: string) => alarms.filter((a) => a.Properties.MetricName === metric).length;
    const functions = Object.keys(api.findResources('AWS::Lambda::Function')).filter(
      (id) => !id.startsWith('SeedOnDeploy') && !id.includes('Provider') && !id.startsWith('AWS'),
    );
    // The stream, rule-target and schedule DLQs and the consumers' and jobs' on-failure queue.
    expect(count('ApproximateNumberOfMessagesVisible')).toBe(4);
    expect(count('IteratorAge')).toBe(1);
    expect(count('5xx')).toBe(1);
    // Every function's errors and throttles are in exactly one alarm each (metric math, ten to an alarm).
    const watched = (metric: string) =>
      alarms.flatMap((a) =>
        (a.Properties.Metrics ?? [])
          .filter((m) => m.MetricStat?.Metric.MetricName === metric)
          .map((m) => JSON.stringify(m.MetricStat?.Metric.Dimensions[0]?.Value)),
      );
    for (const metric of ['Errors', 'Throttles']) {
      const refs = watched(metric);
      expect(new Set(refs).size, metric).toBe(refs.length);
      expect(refs.length, metric).toBeGreaterThanOrEqual(ROUTES.length + 4);
      expect(refs.length, metric).toBe(functions.length);
    }
    expect(alarms.every((a) => a.Properties.AlarmActions.length === 1)).toBe(true);
    api.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    // One dashboard and alarm topic each for the API and for event delivery.
    apiOnly.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    eventsOnly.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('keeps each stack under CloudFormation’s 500 resources, with room to deploy', () => {
    // The API stack holds about 7 resources per route (function, role, policy, log group,
    // integration, route, permission); event delivery and the schedules have a stack of their own so
    // that the API has room for more routes: at 415 (with webhooks), about ten more fit under 480.
    for (const [name, template, budget] of [
      ['api', apiOnly, 480],
      ['events', eventsOnly, 300],
      ['data', data, 450],
    ] as const) {
      const count = Object.keys(template.toJSON().Resources).length;
      expect(count, `${name}: ${count} resources`).toBeLessThan(budget);
    }
  });
});

describe('reserved concurrency (context reserveConcurrency=true)', () => {
  it('caps the sweep, the consumers and the writers so they cannot swamp the table', () => {
    const built = buildApp(
      new App({ context: { 'aws:cdk:bundling-stacks': [], reserveConcurrency: 'true' } }),
      { nag: false },
    );
    const template = stateless(built);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^OverdueSweep'),
      ReservedConcurrentExecutions: 1,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^POST /commitments:'),
      ReservedConcurrentExecutions: 20,
    });
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('synthesises with no unacknowledged error or warning', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-nag-'));
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    buildApp(app);
    // A finding makes synth throw ValidationFailed; the report says what it was.
    expect(() => app.synth()).not.toThrow();
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ pluginName: string; violations: unknown[] }>;
    };
    expect(report.pluginReports.flatMap((p) => p.violations)).toEqual([]);
  });

  it('gives every acknowledgement a written reason', () => {
    const infra = join(import.meta.dirname, '..', '..', 'infra');
    const files = (readdirSync(infra, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    const calls = files.flatMap((f) => readFileSync(join(infra, f), 'utf8').split('acknowledge({').slice(1));
    expect(calls.length).toBeGreaterThan(5);
    for (const call of calls) {
      const reason = /reason:\s*([`'"])([\s\S]*?)\1/.exec(call.slice(0, 600))?.[2] ?? '';
      expect(reason.length, call.slice(0, 120)).toBeGreaterThanOrEqual(30);
    }
  });
});

describe('summaries in the cloud', () => {
  it('lets exactly the report routes and jobs reach the reports bucket, and mails only with a sender', () => {
    const built = buildApp(
      new App({ context: { 'aws:cdk:bundling-stacks': [], senderEmail: 'reports@example.org' } }),
      {
        nag: false,
      },
    );
    const template = stateless(built);
    const policies = template.findResources('AWS::IAM::Policy') as Record<
      string,
      { Properties: { PolicyDocument: { Statement: Statement[] } } }
    >;
    const actionsOf = (prefix: string) =>
      Object.entries(policies)
        .filter(([id]) => id.startsWith(prefix))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement.flatMap((s) => [s.Action].flat()));
    expect(actionsOf('GetReportRole')).toContain('s3:GetObject');
    expect(actionsOf('GetReportRole')).not.toContain('s3:PutObject');
    expect(actionsOf('GenerateReportRole')).toContain('s3:PutObject');
    expect(actionsOf('ListReportsRole').some((a) => a.startsWith('s3:'))).toBe(false);
    // Consumer 2 makes summaries asked for asynchronously; consumer 3 mails them.
    expect(actionsOf('EventsConsumer2Role')).toContain('s3:PutObject');
    expect(actionsOf('EventsConsumer2Role')).not.toContain('ses:SendEmail');
    expect(actionsOf('EventsConsumer3Role')).toEqual(
      expect.arrayContaining(['ses:SendEmail', 's3:GetObject']),
    );
    expect(actionsOf('EventsWeeklyDigestsRole')).toContain('s3:PutObject');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^GET /reports/\\{id\\}'),
      Environment: { Variables: Match.objectLike({ REPORTS_BUCKET: Match.anyValue() }) },
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 ? * MON *)',
      Target: Match.objectLike({ Input: JSON.stringify({ cadence: 'weekly-digest' }) }),
    });
  });
});
