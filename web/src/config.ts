/** Where the workspace signs people in (its config.json says; the local runtime and the web stack write it). */
export interface AuthConfig {
  clientId: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  endSessionEndpoint: string;
  logoutStyle: 'oidc' | 'cognito';
  redirectUri: string;
  postLogoutRedirectUri: string;
}
