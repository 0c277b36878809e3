/**
 * The credential vocabulary of the OCI client: what credentials for a
 * registry are (anonymous, basic, bearer, refresh token, an ACR sign-in),
 * where they came from, and the token exchange they lead to (request, grant,
 * the injected HTTP call, what an ACR sign-in answers). Types only, in a file
 * of their own so that credentials.ts, token.ts, acr-oauth.ts and
 * acr-signin.ts share them without importing each other in a circle.
 */

export type Credentials =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** A ready registry access token, sent as `Authorization: Bearer` as is. */
  | { readonly kind: 'bearer'; readonly token: string }
  /** Docker's `identitytoken`: an OAuth2 refresh token exchanged at the token endpoint. */
  | { readonly kind: 'refresh'; readonly refreshToken: string; readonly username: string | undefined }
  /** ACR sign-in with a Microsoft Entra identity (acr-signin.ts): exchange, then access tokens per scope. */
  | { readonly kind: 'azure'; readonly signIn: AcrTokenSource };

/** Given by the caller: user and password, a ready token, or credentials already resolved (azure sign-in, a refresh token). */
export type ExplicitCredentials = { readonly username: string; readonly password: string } | { readonly token: string } | Credentials;

export interface ResolvedCredentials {
  readonly credentials: Credentials;
  /** Where they came from (never the secret itself). */
  readonly source: 'options' | 'env' | 'docker-config' | 'credential-helper' | 'none';
  readonly path?: string;
  /** The credential helper that answered (source credential-helper): `desktop`, `acr-env`. */
  readonly helper?: string;
}

export interface TokenRequest {
  readonly realm: string;
  readonly service: string | undefined;
  readonly scopes: readonly string[];
}

export interface TokenGrant {
  readonly token: string;
  /** `expires_in` in ms (60 s when absent, as the spec says). */
  readonly lifetimeMs: number;
  /** `issued_at` as epoch ms, when sent and parsable. */
  readonly issuedAtEpochMs: number | undefined;
}

export interface TokenHttpCall {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}
export type TokenHttp = (call: TokenHttpCall) => Promise<{ status: number; text: string }>;

/** What the Authenticator asks of an azure sign-in (AcrSignIn, or a test double). */
export interface AcrTokenSource {
  accessToken(req: TokenRequest, http: TokenHttp, opts: { insecure: boolean; signal?: AbortSignal }): Promise<TokenGrant>;
}
