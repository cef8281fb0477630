import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { APP_PATH, buildWorkspaceSync, type WebConfig, workspaceCsp } from '../../web/build';

export interface WebStackProps extends StackProps {
  /** The HTTP API's URL (the workspace calls it with the person's token). */
  apiUrl: string;
  /** The web client (Cognito app client id) and managed login's base URL. */
  clientId: string;
  signInBaseUrl: string;
  /** A custom domain and its ACM certificate (in us-east-1), context `webDomain` and `webCertificateArn`. */
  domain?: { name: string; certificateArn: string };
}

/**
 * The workspace in the cloud: its files in a private S3 bucket, served by CloudFront through origin
 * access control, with security headers and the same strict Content-Security-Policy the local runtime
 * serves it with. Every page path under /app/ answers index.html (the app routes in the browser).
 */
export class WebStack extends Stack {
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are written with ACLs.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the access log destination itself.',
    });
    const site = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    const signIn = props.signInBaseUrl;
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Workspace: security headers and a strict CSP',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: workspaceCsp([props.apiUrl, signIn]),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Workspace', {
      comment: 'Accountability tracker workspace',
      defaultRootObject: 'app/index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(site),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      // A page path (no file behind it) is the app: S3 answers 403 through origin access control.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: `${APP_PATH}/index.html`,
        ttl: Duration.minutes(5),
      })),
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      ...(props.domain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'On the default cloudfront.net certificate CloudFront negotiates TLSv1 at least; with a custom domain (context webDomain, webCertificateArn) TLSv1.2_2021 is enforced.',
            },
          ]),
      {
        id: 'AwsSolutions-CFR1',
        reason: 'NHS staff work from anywhere, including abroad; sign-in and the API decide who gets in.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The workspace is static files; the API behind it has per-route throttles and the documented WAF option (docs/security.md).',
      },
    );

    const origin = `https://${props.domain?.name ?? this.distribution.distributionDomainName}`;
    const config: WebConfig = {
      apiUrl: props.apiUrl,
      clientId: props.clientId,
      authorizationEndpoint: `${signIn}/oauth2/authorize`,
      tokenEndpoint: `${signIn}/oauth2/token`,
      endSessionEndpoint: `${signIn}/logout`,
      logoutStyle: 'cognito',
      redirectUri: `${origin}${APP_PATH}/callback`,
      postLogoutRedirectUri: `${origin}${APP_PATH}/signed-out`,
    };
    const files = buildWorkspaceSync();
    new BucketDeployment(this, 'Files', {
      destinationBucket: site,
      sources: [
        ...[...files].map(([name, body]) => Source.data(`${APP_PATH.slice(1)}/${name}`, body)),
        Source.jsonData(`${APP_PATH.slice(1)}/config.json`, config),
      ],
      distribution: this.distribution,
      distributionPaths: [`${APP_PATH}/*`],
      prune: true,
      memoryLimit: 256,
    });
    // The deployment's provider is aws-cdk-lib's own singleton function (Python), a child of the stack.
    const provider = this.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (provider)
      Validations.of(provider).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            "aws-cdk-lib's BucketDeployment provider writes its own logs with the basic execution role.",
        },
        ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason:
            "aws-cdk-lib's BucketDeployment provider copies and prunes the site's files: object-level actions on the site bucket and the CDK asset bucket only.",
        })),
        {
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${this.region}/*]`,
          reason: 'It reads the site files CDK uploaded as assets.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(site.node.defaultChild as CfnBucket)}.Arn>/*]`,
          reason: 'It writes every file of the site.',
        },
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'cloudfront:CreateInvalidation has no resource-level scoping narrower than the distribution set by CDK.',
        },
        {
          id: 'AwsSolutions-L1',
          reason: "The provider's runtime is chosen by aws-cdk-lib and upgraded with it.",
        },
      );
    new CfnOutput(this, 'WorkspaceUrl', {
      value: `${origin}${APP_PATH}/`,
      description: 'The workspace; add <this>callback to callbackUrls (and signed-out to logoutUrls)',
    });
  }
}
