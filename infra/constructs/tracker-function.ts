import { join } from 'node:path';
import { Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { HandlerAccess } from '../../functions/routes';
import { INDEXES, ITEM_FAMILIES, type ItemFamily } from '../../shared/db/table';
import { NHSUK_CSS_FILE } from '../../shared/ui/nhsuk';
import { LAMBDA_BUNDLE } from '../lambda-bundling';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** Exports the stateful stack names explicitly, so grants on them have stable, reviewable ARNs. */
export const EXPORTS = {
  reportsBucketArn: 'AccountabilityTracker-ReportsBucketArn',
  reportsBucketName: 'AccountabilityTracker-ReportsBucketName',
  sealsBucketArn: 'AccountabilityTracker-SealsBucketArn',
  sealsBucketName: 'AccountabilityTracker-SealsBucketName',
  sealKeyArn: 'AccountabilityTracker-SealKeyArn',
} as const;

/** DynamoDB actions that change items: granted only under a LeadingKeys condition. */
const WRITE_ACTIONS = /^(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/;

/** The stateful resources a handler's access is granted on. */
export interface DataResources {
  table: ITableV2;
  key: IKey;
  reportsBucketArn: string;
  reportsBucketName: string;
  /** The Object Lock bucket seals are written to, and the asymmetric KMS key that signs them. */
  sealsBucketArn: string;
  sealsBucketName: string;
  sealKeyArn: string;
  /** SES identity digests are sent from (context `senderEmail`); without it nothing is mailed. */
  senderEmail?: string;
}

/**
 * What a stateless stack's functions may reach of the data stack: the table and key it is given, and
 * the buckets and seal key the data stack exports by name (grants on them read the same everywhere).
 */
export const importedDataResources = (
  data: Pick<DataResources, 'table' | 'key' | 'senderEmail'>,
): DataResources => ({
  ...data,
  reportsBucketArn: Fn.importValue(EXPORTS.reportsBucketArn),
  reportsBucketName: Fn.importValue(EXPORTS.reportsBucketName),
  sealsBucketArn: Fn.importValue(EXPORTS.sealsBucketArn),
  sealsBucketName: Fn.importValue(EXPORTS.sealsBucketName),
  sealKeyArn: Fn.importValue(EXPORTS.sealKeyArn),
});

export interface TrackerFunctionProps {
  /** Handler module relative to the repository root (as the manifests name it). */
  entry: string;
  /** The customer key its log group is encrypted with (the key policy lets CloudWatch Logs use it). */
  logsKey: IKey;
  description: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  reservedConcurrentExecutions?: number;
  /** Renders HTML in the NHS design system: nhsuk-frontend's stylesheet is copied beside the bundle. */
  rendersHtml?: boolean;
}

/**
 * The one way this project makes a Lambda: Node.js 22 on arm64, an ESM bundle built locally with
 * esbuild (no Docker; the AWS SDK bundled in at the tested version), its own log group with a
 * retention period, X-Ray tracing, and its own role that may write only its own logs until grants
 * add exactly what the handler needs.
 */
export class TrackerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: TrackerFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      encryptionKey: props.logsKey,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's ARN attribute already ends in `:*`, which covers its streams.
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      ...(props.reservedConcurrentExecutions
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'accountability-tracker',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLE.target,
        minify: LAMBDA_BUNDLE.minify,
        sourceMap: true,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        externalModules: [],
        banner: LAMBDA_BUNDLE.banner,
        esbuildArgs: Object.fromEntries(
          Object.entries(LAMBDA_BUNDLE.alias).map(([from, to]) => [`--alias:${from}`, to]),
        ),
        // index.meta.json beside the bundle: scripts/check-bundles.ts reads what each one carries.
        metafile: true,
        ...(props.rendersHtml
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                // shared/ui/nhsuk.ts reads it from beside the bundle (scripts/check-bundles.ts checks).
                afterBundling: (inputDir: string, outputDir: string) => [
                  `cp "${inputDir}/node_modules/nhsuk-frontend/dist/nhsuk/${NHSUK_CSS_FILE}" "${outputDir}/${NHSUK_CSS_FILE}"`,
                ],
              },
            }
          : {}),
      },
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime this project targets and tests (README); moving to a newer one is a deliberate upgrade.',
    });
    Validations.of(role.node.findChild('DefaultPolicy')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments and PutTelemetryRecords (active tracing) support no resource-level permissions.',
    });
  }

  /**
   * Grants exactly these DynamoDB actions on the table and its indexes, and the KMS use they need.
   * The key grant goes on the role (not the key policy), so a table in the stateful stack and a
   * function in the stateless stack do not depend on each other in a cycle.
   */
  /** Grants exactly what a manifest entry declares (routes, rules and schedules all use this). */
  grantAccess(access: HandlerAccess, data: DataResources): void {
    // Every function reads the org map (one item, ORGCHANGES / MAP) before identity and scope: that
    // partition and no other, whatever else it may read.
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [data.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [ITEM_FAMILIES.orgChange] } },
      }),
    );
    if (access.table.length === 0)
      this.addToRolePolicy(new PolicyStatement({ actions: ['kms:Decrypt'], resources: [data.key.keyArn] }));
    this.grantTable(
      data.table,
      data.key,
      access.table,
      (access.indexes ?? []).map((i) => INDEXES[i].name),
      access.writeKeys,
    );
    if (access.seals) {
      this.addEnvironment('SEALS_BUCKET', data.sealsBucketName);
      this.addEnvironment('SEAL_KEY_ID', data.sealKeyArn);
      // Append-only by construction: no DeleteObject, and Object Lock (compliance) refuses overwrites.
      this.addToRolePolicy(
        new PolicyStatement({
          actions: access.seals === 'write' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
          resources: [`${data.sealsBucketArn}/*`],
        }),
      );
      this.addToRolePolicy(
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [data.sealsBucketArn] }),
      );
      this.addToRolePolicy(
        new PolicyStatement({
          actions: access.seals === 'write' ? ['kms:Sign', 'kms:GetPublicKey'] : ['kms:GetPublicKey'],
          resources: [data.sealKeyArn],
        }),
      );
      Validations.of(this.role?.node.findChild('DefaultPolicy') as Construct).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${EXPORTS.sealsBucketArn}/*]`,
        reason:
          'Seals, their signatures and per-commitment head pointers are one object each; keys are not known in advance.',
      });
    }
    if (access.reports) {
      this.addEnvironment('REPORTS_BUCKET', data.reportsBucketName);
      this.addToRolePolicy(
        new PolicyStatement({
          actions: access.reports === 'write' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
          resources: [`${data.reportsBucketArn}/summaries/*`],
        }),
      );
      this.addToRolePolicy(
        new PolicyStatement({
          actions: access.reports === 'write' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
          resources: [data.key.keyArn],
        }),
      );
      Validations.of(this.role?.node.findChild('DefaultPolicy') as Construct).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${EXPORTS.reportsBucketArn}/summaries/*]`,
        reason:
          'Rendered summaries are one object per summary and format under summaries/; their ids are not known in advance.',
      });
    }
    if (access.evidence) {
      this.addEnvironment('REPORTS_BUCKET', data.reportsBucketName);
      this.addToRolePolicy(
        new PolicyStatement({
          // Checking a stored file is HeadObject (s3:GetObject); an upload URL is signed for s3:PutObject.
          actions: access.evidence === 'write' ? ['s3:PutObject'] : ['s3:GetObject'],
          resources: [`${data.reportsBucketArn}/evidence/*`],
        }),
      );
      this.addToRolePolicy(
        new PolicyStatement({
          actions: access.evidence === 'write' ? ['kms:GenerateDataKey'] : ['kms:Decrypt'],
          resources: [data.key.keyArn],
        }),
      );
      Validations.of(this.role?.node.findChild('DefaultPolicy') as Construct).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${EXPORTS.reportsBucketArn}/evidence/*]`,
        reason:
          'Evidence files are one object per upload under evidence/<commitment>/<upload id>/; keys are made per upload.',
      });
    }
    if (access.mail && data.senderEmail) {
      this.addEnvironment('SENDER_EMAIL', data.senderEmail);
      const stack = Stack.of(this);
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [
            `arn:${stack.partition}:ses:${stack.region}:${stack.account}:identity/${data.senderEmail}`,
          ],
        }),
      );
    }
  }

  /**
   * Reads on the table and the named indexes; writes only to items whose partition key starts with one
   * of `writeKeys`' prefixes (`dynamodb:LeadingKeys`), so a role cannot write another family's items.
   */
  grantTable(
    table: ITableV2,
    key: IKey,
    actions: readonly string[],
    indexes: readonly string[] = [],
    /** The families it may write, or 'whole-table' for a table of one family (the idempotency table). */
    writeKeys?: readonly ItemFamily[] | 'whole-table',
  ): void {
    if (actions.length === 0) return;
    const reads = actions.filter((a) => !WRITE_ACTIONS.test(a));
    const changes = actions.filter((a) => WRITE_ACTIONS.test(a));
    // Named indexes, never `index/*`: a function may query only the indexes it is given.
    if (reads.length)
      this.addToRolePolicy(
        new PolicyStatement({
          actions: reads.map((a) => `dynamodb:${a}`),
          resources: [table.tableArn, ...indexes.map((name) => `${table.tableArn}/index/${name}`)],
        }),
      );
    if (changes.length) {
      if (!writeKeys?.length)
        throw new Error(
          `${this.node.path}: ${changes.join(', ')} needs writeKeys (the item families it writes)`,
        );
      this.addToRolePolicy(
        new PolicyStatement({
          actions: changes.map((a) => `dynamodb:${a}`),
          resources: [table.tableArn],
          ...(writeKeys === 'whole-table'
            ? {}
            : {
                conditions: {
                  'ForAllValues:StringLike': {
                    'dynamodb:LeadingKeys': writeKeys.map((family) => `${ITEM_FAMILIES[family]}*`),
                  },
                },
              }),
        }),
      );
    }
    const writes = actions.some((a) => /Put|Update|Delete|BatchWrite/.test(a));
    this.addToRolePolicy(
      new PolicyStatement({
        actions: writes
          ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo']
          : ['kms:Decrypt'],
        resources: [key.keyArn],
      }),
    );
  }
}
