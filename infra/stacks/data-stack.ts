import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolGroup,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../events/envelope';
import { ROLES } from '../../shared/auth/identity';
import { MACHINE_CLIENTS_PARAMETER_PREFIX } from '../../shared/auth/machine-clients';
import { IDEMPOTENCY_TABLE, INDEX_LIST, ITEM_FAMILIES, KEY, TTL_ATTRIBUTE } from '../../shared/db/table';
import { type FederatedProvider, type MachineClientConfig, SignIn } from '../constructs/sign-in';
import { EXPORTS, TrackerFunction } from '../constructs/tracker-function';

/**
 * The stateful stack: everything that holds data (tables, reports bucket, event bus and archive,
 * users). The stateless stack can be redeployed or replaced without touching any of it.
 */
export interface DataStackProps extends StackProps {
  /** How long each seal is locked against deletion (context `sealRetentionDays`; default 7 years). */
  sealRetentionDays?: number;
  /** Where the hosted sign-in may return to (context `callbackUrls`, comma-separated); none: no OAuth. */
  callbackUrls?: string[];
  logoutUrls?: string[];
  /** Managed login's domain prefix (context `authDomainPrefix`; default `tracker-<account id>`). */
  authDomainPrefix?: string;
  /** An enterprise identity provider to federate by OIDC (context `identityProvider`, JSON). */
  identityProvider?: FederatedProvider;
  /** Systems that call the API for one unit (context `machineClients`, a JSON array). */
  machineClients?: MachineClientConfig[];
}

export class DataStack extends Stack {
  readonly key: Key;
  readonly table: TableV2;
  readonly idempotencyTable: TableV2;
  readonly reportsBucket: Bucket;
  readonly sealsBucket: Bucket;
  readonly sealKey: Key;
  readonly bus: EventBus;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** Machine clients' app clients: the API's authorizer accepts their tokens too. */
  readonly machineClients: UserPoolClient[];
  /** Managed login's base URL. */
  readonly signInBaseUrl: string;

  constructor(scope: Construct, id: string, props?: DataStackProps) {
    super(scope, id, props);

    this.key = new Key(this, 'DataKey', {
      description: 'Encrypts the accountability tracker tables and reports',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CloudWatch Logs encrypts every function's log group with this key, in this account and region only.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:*`,
          },
        },
      }),
    );

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: KEY.pk, type: AttributeType.STRING },
      sortKey: { name: KEY.sk, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      globalSecondaryIndexes: INDEX_LIST.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.pk, type: AttributeType.STRING },
        sortKey: { name: index.sk, type: AttributeType.STRING },
      })),
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.idempotencyTable = new TableV2(this, 'IdempotencyTable', {
      partitionKey: { name: IDEMPOTENCY_TABLE.key, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: IDEMPOTENCY_TABLE.ttlAttribute,
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket; logging its own access would recurse.',
    });
    this.reportsBucket = new Bucket(this, 'Reports', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'reports/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    new CfnOutput(this, 'ReportsBucketArnOutput', {
      value: this.reportsBucket.bucketArn,
      exportName: EXPORTS.reportsBucketArn,
    });
    new CfnOutput(this, 'ReportsBucketNameOutput', {
      value: this.reportsBucket.bucketName,
      exportName: EXPORTS.reportsBucketName,
    });

    // Seals: what proves the record untampered lives where the table's writers cannot rewrite it. Object
    // Lock in compliance mode: no one, the account root included, can delete or overwrite a seal before
    // its retention ends. Signed by an asymmetric KMS key whose private half never leaves KMS.
    this.sealsBucket = new Bucket(this, 'Seals', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(
        Duration.days(props?.sealRetentionDays ?? 7 * 365),
      ),
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'seals/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.sealKey = new Key(this, 'SealKey', {
      description: 'Signs the accountability tracker seals (ECDSA P-256)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnOutput(this, 'SealsBucketArnOutput', {
      value: this.sealsBucket.bucketArn,
      exportName: EXPORTS.sealsBucketArn,
    });
    new CfnOutput(this, 'SealsBucketNameOutput', {
      value: this.sealsBucket.bucketName,
      exportName: EXPORTS.sealsBucketName,
    });
    new CfnOutput(this, 'SealKeyArnOutput', { value: this.sealKey.keyArn, exportName: EXPORTS.sealKeyArn });

    // The bus and its archive are state too: the archive is what a replay reads.
    this.bus = new EventBus(this, 'Bus', { eventBusName: 'accountability-tracker' });
    new Archive(this, 'BusArchive', {
      sourceEventBus: this.bus,
      kmsKey: this.key,
      description: 'Every event the tracker publishes, for replay',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(365),
    });

    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      featurePlan: FeaturePlan.ESSENTIALS,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: { unit: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Essentials is enough: MFA is required and the pre-token-generation V2 trigger needs Essentials; Plus adds threat protection at about three times the cost per user, a choice left to each deployment (docs/operations.md, cost).',
    });
    for (const role of ROLES) {
      new UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: `Tracker ${role}s`,
      });
    }
    const preToken = new TrackerFunction(this, 'PreTokenGeneration', {
      logsKey: this.key,
      entry: 'functions/auth/pre-token-generation.handler.ts',
      description: 'Adds the role and unit claims and the scopes to Cognito tokens',
      environment: { TABLE_NAME: this.table.tableName },
    });
    // It checks the user's unit against the org map (units created by mergers sign in too): the map
    // item and nothing else of the table.
    preToken.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [ITEM_FAMILIES.orgChange] } },
      }),
    );
    preToken.addToRolePolicy(new PolicyStatement({ actions: ['kms:Decrypt'], resources: [this.key.keyArn] }));
    // Machine clients' grants (which unit, read or write), by client id: SignIn writes them.
    preToken.addToRolePolicy(
      new PolicyStatement({
        actions: ['ssm:GetParameter'],
        resources: [
          this.formatArn({
            service: 'ssm',
            resource: 'parameter',
            resourceName: `${MACHINE_CLIENTS_PARAMETER_PREFIX.slice(1)}/*`,
          }),
        ],
      }),
    );
    Validations.of(preToken.role?.node.findChild('DefaultPolicy') as Construct).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:${this.region}:<AWS::AccountId>:parameter${MACHINE_CLIENTS_PARAMETER_PREFIX}/*]`,
      reason:
        'One parameter per registered machine client, named by its Cognito client id (known only once deployed); read-only, and only that path.',
    });
    // V3: also called for machine clients' client-credentials tokens.
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, preToken, LambdaVersion.V3_0);
    const signIn = new SignIn(this, 'SignIn', {
      userPool: this.userPool,
      callbackUrls: props?.callbackUrls ?? [],
      logoutUrls: props?.logoutUrls ?? [],
      ...(props?.authDomainPrefix ? { domainPrefix: props.authDomainPrefix } : {}),
      ...(props?.identityProvider ? { identityProvider: props.identityProvider } : {}),
      machineClients: props?.machineClients ?? [],
    });
    this.userPoolClient = signIn.webClient;
    this.machineClients = signIn.machineClients;
    this.signInBaseUrl = signIn.domain.baseUrl();
    new CfnOutput(this, 'SignInUrl', { value: this.signInBaseUrl, description: 'Cognito managed login' });
  }
}
