import { Aws, Duration, SecretValue } from 'aws-cdk-lib';
import {
  CfnManagedLoginBranding,
  ClientAttributes,
  ManagedLoginVersion,
  OAuthScope,
  ProviderAttribute,
  ResourceServerScope,
  type UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolIdentityProviderOidc,
} from 'aws-cdk-lib/aws-cognito';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { MACHINE_CLIENTS_PARAMETER_PREFIX, type MachineClientGrant } from '../../shared/auth/machine-clients';

/** An enterprise identity provider people sign in with, by OpenID Connect (context `identityProvider`). */
export interface FederatedProvider {
  /** Shown on the sign-in page, e.g. "NHS-CIS2" or "EntraID" (letters, digits, - and _). */
  name: string;
  /** Its issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 for Microsoft Entra ID. */
  issuerUrl: string;
  clientId: string;
  /** The Secrets Manager secret holding its client secret (resolved at deploy time, never in the template). */
  clientSecretName: string;
}

/** A system registered to call the API for one unit (context `machineClients`). */
export interface MachineClientConfig extends MachineClientGrant {
  /** A construct id: letters and digits, unique among the machine clients. */
  id: string;
}

export interface SignInProps {
  userPool: UserPool;
  /** Exact URLs the web client may return to after sign-in and sign-out. */
  callbackUrls: string[];
  logoutUrls: string[];
  /**
   * The managed login's domain prefix (https://<prefix>.auth.<region>.amazoncognito.com); by default
   * `tracker-<account id>`, unique per account and region (set it to deploy a second copy there).
   */
  domainPrefix?: string;
  identityProvider?: FederatedProvider;
  machineClients: MachineClientConfig[];
}

/**
 * How people and systems sign in (docs/operations.md, "Sign-in and machine clients"): Cognito managed
 * login for the web client (authorization code flow with PKCE, no secret, exact callback URLs),
 * optionally federated to an enterprise OIDC provider; machine clients with the client-credentials
 * grant, each bound to one unit by a parameter the pre-token-generation trigger reads. Unit and role
 * are an administrator's to set: groups (admin APIs only) and `custom:unit`, which no client may write
 * and no identity provider maps.
 */
export class SignIn extends Construct {
  readonly webClient: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly machineClients: UserPoolClient[] = [];

  constructor(scope: Construct, id: string, props: SignInProps) {
    super(scope, id);
    const { userPool } = props;
    const read = new ResourceServerScope({
      scopeName: 'read',
      scopeDescription: 'Read commitments, actions and reports',
    });
    const write = new ResourceServerScope({
      scopeName: 'write',
      scopeDescription: "Change the user's unit's commitments and actions",
    });
    const api = userPool.addResourceServer('Api', { identifier: 'tracker', scopes: [read, write] });

    const federated = props.identityProvider
      ? new UserPoolIdentityProviderOidc(this, 'IdentityProvider', {
          userPool,
          name: props.identityProvider.name,
          issuerUrl: props.identityProvider.issuerUrl,
          clientId: props.identityProvider.clientId,
          // A dynamic reference: CloudFormation reads the secret at deploy time.
          clientSecret: SecretValue.secretsManager(props.identityProvider.clientSecretName).unsafeUnwrap(),
          scopes: ['openid', 'email', 'profile'],
          // Name and e-mail only: unit and role stay an administrator's (never the provider's) to set.
          attributeMapping: {
            email: ProviderAttribute.other('email'),
            fullname: ProviderAttribute.other('name'),
          },
        })
      : undefined;

    // Sign-in through managed login is the authorization code flow only (public client, PKCE), to the
    // callback URLs configured; without them, no OAuth at all.
    const oAuth = props.callbackUrls.length > 0;
    this.webClient = userPool.addClient('ApiClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      preventUserExistenceErrors: true,
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('unit'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      supportedIdentityProviders: [
        UserPoolClientIdentityProvider.COGNITO,
        ...(federated ? [UserPoolClientIdentityProvider.custom(federated.providerName)] : []),
      ],
      ...(oAuth
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
              scopes: [
                OAuthScope.OPENID,
                OAuthScope.EMAIL,
                OAuthScope.PROFILE,
                OAuthScope.resourceServer(api, read),
                OAuthScope.resourceServer(api, write),
              ],
              callbackUrls: props.callbackUrls,
              ...(props.logoutUrls.length ? { logoutUrls: props.logoutUrls } : {}),
            },
          }
        : { disableOAuth: true }),
    });
    if (federated) this.webClient.node.addDependency(federated);

    for (const machine of props.machineClients) {
      const client = userPool.addClient(`Machine${machine.id}`, {
        userPoolClientName: `machine-${machine.id}`,
        generateSecret: true,
        authFlows: {},
        accessTokenValidity: Duration.hours(1),
        enableTokenRevocation: true,
        oAuth: {
          flows: { clientCredentials: true },
          scopes: [
            OAuthScope.resourceServer(api, read),
            ...(machine.access === 'write' ? [OAuthScope.resourceServer(api, write)] : []),
          ],
        },
      });
      // The unit and access it acts with, read by the pre-token-generation trigger by client id.
      new StringParameter(this, `Machine${machine.id}Grant`, {
        parameterName: `${MACHINE_CLIENTS_PARAMETER_PREFIX}/${client.userPoolClientId}`,
        simpleName: false,
        stringValue: JSON.stringify({ name: machine.name, unit: machine.unit, access: machine.access }),
        description: `What machine client ${machine.name} may do`,
      });
      this.machineClients.push(client);
    }

    this.domain = userPool.addDomain('Login', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `tracker-${Aws.ACCOUNT_ID}` },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Managed login (version 2) pages need a style for the client that uses them.
    new CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: userPool.userPoolId,
      clientId: this.webClient.userPoolClientId,
      useCognitoProvidedValues: true,
    }).node.addDependency(this.domain);
  }
}
