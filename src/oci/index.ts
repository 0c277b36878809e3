/** The public API of the OCI Distribution client. */
export { RegistryClient, CLIENT_DEFAULTS, type RegistryClientOptions } from './client.ts';
export { RegistryError, OCI_ERROR_CODES, parseErrorBody, type OciErrorCode, type ParsedErrorBody } from './errors.ts';
export { redactUrl } from '../redact.ts';
export { parseWwwAuthenticate, findChallenge, type Challenge } from './www-authenticate.ts';
export { parseRetryAfter, type RetryAfterOptions } from './retry-after.ts';
export {
  parseReference,
  formatReference,
  isValidRepoName,
  isValidTag,
  assertRepoName,
  DEFAULT_TAG,
  type ImageReference,
} from './reference.ts';
export { sha256Digest, digestOf, isValidDigest, assertDigest, DigestVerifier } from '../oci-spec/digest.ts';
export { resolveCredentials, dockerConfigPath, type CredentialOptions } from './credentials.ts';
export type { Credentials, ExplicitCredentials, ResolvedCredentials } from './credential-types.ts';
export { repoScope, type RepoAction } from './auth.ts';
export { resolveEndpoint, type Endpoint } from './endpoint.ts';
export type { Sleep } from '../time/clock.ts';
export { TRANSFER_DEFAULTS, type TransferLimits } from './transfer-watch.ts';
export type { PingResult } from './ping.ts';
export { DEFAULT_CHUNK_SIZE_BYTES } from './push-chunked.ts';
export type { PushBlobOptions, PushBlobResult, UploadMode } from './push-blob.ts';
export type { ManifestUpload, PushManifestResult } from './push-manifest.ts';
export type { ImageToPush, PushImageOptions, PushImageResult } from './push-image.ts';
export { parseManifest, type ParsedManifest, type PullManifestResult, type PullTiming } from './pull-manifest.ts';
export type { BlobHop, BlobToPull, PullBlobResult } from './pull-blob.ts';
export { pickChild, type PullImageOptions, type PullImageResult } from './pull-image.ts';
export type { ProbeResult } from './probe.ts';
export type { ConfirmOptions, ConfirmResult, InconsistencyReason } from './confirm.ts';
export type { DeleteResult } from './delete.ts';
export { nextLink, type ListTagsOptions, type TagList } from './tags.ts';
export { mapConcurrent } from './concurrency.ts';
export { MediaType, MANIFEST_ACCEPT, isIndexMediaType, type Descriptor, type ImageManifest, type ImageIndex } from '../oci-spec/media-types.ts';
export { bytesBlobSource, type BlobSource } from '../oci-spec/blob-source.ts';
export { AcrSignIn, azureCredentials, sharedAcrSignIn, ACR_SIGNIN_DEFAULTS, type AcrSignInOptions, type AcrSignInStats } from './acr-signin.ts';
export type { AcrTokenSource } from './credential-types.ts';
export { ACR_AAD_SCOPE, lazyDefaultAzureCredential, type TokenCredentialLike } from './acr-credential.ts';
export { ACR_REFRESH_TOKEN_USERNAME, exchangeForRefreshToken, requestAcrAccessToken, exchangeUrlFor } from './acr-oauth.ts';
export { acrLoginServer, acrRegionalHost, acrDataHost, parseAcrHost, isAcrRegistryName, isAzureRegionName, type AcrHost } from './acr-endpoints.ts';
export { acrRefreshTokenFromBasic } from './credentials.ts';
