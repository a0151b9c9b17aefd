// Types for tokencheck — curated by hand (not generated), checked by
// `tsc --noEmit --strict` on tests/types/. Names follow jose's, so code written
// against jose's `jwtVerify` keeps its types.

/** Every `code` a TokenCheckError can carry. */
export type ErrorCode =
  /** The compact JWS or its protected header is malformed. */
  | 'ERR_JWS_INVALID'
  /** A five-part JWE was given to the JWS verifier. */
  | 'ERR_JWE_NOT_SUPPORTED'
  /** The payload is not a JWT claims set (not strict JSON, not an object). */
  | 'ERR_JWT_INVALID'
  /** `alg` is `none`, not in `algorithms`, or does not fit the selected key. */
  | 'ERR_JOSE_ALG_NOT_ALLOWED'
  /** An algorithm, `crit` extension, key type or digest tokencheck does not implement. */
  | 'ERR_JOSE_NOT_SUPPORTED'
  /** The signature does not verify (deliberately without detail). */
  | 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
  | 'ERR_JWKS_NO_MATCHING_KEY'
  | 'ERR_JWKS_MULTIPLE_MATCHING_KEYS'
  /** A single JWK was refused. */
  | 'ERR_JWK_INVALID'
  /** The key set, or one key in it, was refused. */
  | 'ERR_JWKS_INVALID'
  /** A RemoteJWKSet fetch failed (network, HTTP status); status 503. */
  | 'ERR_JWKS_FETCH_FAILED'
  /** A RemoteJWKSet fetch took longer than timeoutMs; status 503. */
  | 'ERR_JWKS_TIMEOUT'
  /** `exp` has passed, or `iat` is older than `maxTokenAge` (`claim` says which). */
  | 'ERR_JWT_EXPIRED'
  /** A claim (or the `typ` header) is missing, malformed or unexpected (`claim`, `reason`). */
  | 'ERR_JWT_CLAIM_VALIDATION_FAILED'
  /** The options are unusable: unknown name, wrong type, missing `algorithms`, ... */
  | 'ERR_INVALID_OPTIONS'
  /** A PKCE code_verifier, code_challenge or method is malformed (`reason`: verifier_length, verifier_charset, challenge_invalid, method_unsupported). */
  | 'ERR_PKCE_INVALID'
  /** buildAuthorizationUrl refused: a parameter missing, invalid or set twice, or the endpoint not https / with a fragment. */
  | 'ERR_AUTHORIZATION_REQUEST_INVALID'
  /** The browser entry was used before `init()` / `initSync()`. */
  | 'ERR_TOKENCHECK_NOT_INITIALIZED'
  /** A bug in tokencheck (a WebAssembly trap); never a verdict on the token. */
  | 'ERR_TOKENCHECK_INTERNAL'
  /** IHE IUA profile rules. */
  | `ERR_IUA_${string}`
  /** LTI rules. */
  | `ERR_LTI_${string}`;

/** The one error class thrown (or rejected with) by every export. */
export declare class TokenCheckError extends Error {
  constructor(message: string, code: ErrorCode, detail?: { reason?: string; claim?: string; cause?: unknown });
  readonly name: 'TokenCheckError';
  /** Stable code (jose's names where jose has one). */
  readonly code: ErrorCode;
  /** Stable snake_case detail, e.g. `check_failed`, `missing`, `invalid`, `json_duplicate_member`. */
  readonly reason: string | undefined;
  /** The claim (or `typ`) a claim failure is about. */
  readonly claim: string | undefined;
  /**
   * IUA / bearer-token failures: the HTTP status to answer with (RFC 6750 §3:
   * 400 malformed request, 401 invalid token, 403 insufficient scope; 500/503
   * for faults of the resource server or its authorization server).
   */
  readonly status?: number;
  /** IUA / bearer-token failures: the exact `WWW-Authenticate` value (absent for 5xx). */
  readonly wwwAuthenticate?: string;
}

/** JWS algorithms tokencheck verifies. */
export type Algorithm =
  | 'HS256' | 'HS384' | 'HS512'
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA';

/** A JSON Web Key (RFC 7517), public (or `oct`) for verification. */
export interface JWK {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  k?: string;
  [member: string]: unknown;
}

/** `{ "keys": [...] }` (RFC 7517 §5). */
export interface JSONWebKeySet {
  keys: JWK[];
}

/** A parsed and validated key set: build once, reuse for every token. */
export declare class JWKSet {
  /** A JWKS object or its JSON text. Throws ERR_JWKS_INVALID for a malformed or weak key. */
  constructor(jwks: JSONWebKeySet | string);
  /** Number of verification keys. */
  readonly size: number;
  /** Well-formed keys set aside as not for signatures (`use: "enc"`, X25519, ...). */
  readonly skipped: number;
}

/** Keys for a verify call: a JWKSet (fast), or a JWKS object / JSON text (parsed for that call). */
export type KeySetInput = JWKSet | JSONWebKeySet | string;

/** Registered claims (RFC 7519 §4.1) plus anything else. */
export interface JWTPayload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  jti?: string;
  nbf?: number;
  exp?: number;
  iat?: number;
  [propName: string]: unknown;
}

/** The verified protected header. */
export interface ProtectedHeader {
  alg: Algorithm;
  kid?: string;
  typ?: string;
  cty?: string;
  [parameter: string]: unknown;
}

/** Options of compactVerify. Unknown names are refused (ERR_INVALID_OPTIONS). */
export interface CompactVerifyOptions {
  /** Required allow-list (never empty, never "none"). */
  algorithms: Algorithm[];
}

/**
 * Options of jwtVerify, as jose's. Differences: `algorithms` is required, and
 * unknown option names are refused (ERR_INVALID_OPTIONS) so that a typo such
 * as `audiance` can never switch a check off.
 */
export interface JWTVerifyOptions {
  /** Required allow-list (never empty, never "none"). */
  algorithms: Algorithm[];
  /** `iss` must equal this value (or one of these). */
  issuer?: string | string[];
  /** `aud` must contain this value (or one of these). */
  audience?: string | string[];
  /** `sub` must equal this value. */
  subject?: string;
  /** The `typ` header must be this media type (`at+jwt` = `application/at+jwt`). */
  typ?: string;
  /** Leeway for `exp` / `nbf` / `iat`: seconds, or a span such as `"30s"`, `"2 minutes"`. */
  clockTolerance?: number | string;
  /** The instant to verify at (default: now). */
  currentDate?: Date;
  /** `iat` required and no older than this: seconds, or a span such as `"1h"`. */
  maxTokenAge?: number | string;
  /** Claims that must be present (any value). */
  requiredClaims?: string[];
}

export interface JWTVerifyResult<PayloadType = JWTPayload> {
  payload: PayloadType & JWTPayload;
  protectedHeader: ProtectedHeader;
}

export interface CompactVerifyResult {
  /** The verified payload bytes. */
  payload: Uint8Array;
  protectedHeader: ProtectedHeader;
}

/** Verify a JWT (RFC 7519 §7.2): signature, then claims. Rejects with TokenCheckError. */
export declare function jwtVerify<PayloadType = JWTPayload>(
  jwt: string | Uint8Array,
  keys: KeySetInput,
  options: JWTVerifyOptions,
): Promise<JWTVerifyResult<PayloadType>>;

/** jwtVerify, synchronously. Throws TokenCheckError. In Node, with a JWKSet, RSA / ECDSA / HMAC signatures are checked by node:crypto (same verdicts). */
export declare function jwtVerifySync<PayloadType = JWTPayload>(
  jwt: string | Uint8Array,
  keys: KeySetInput,
  options: JWTVerifyOptions,
): JWTVerifyResult<PayloadType>;

/** Verify a compact JWS (RFC 7515 §5.2) without claim checks. */
export declare function compactVerify(jws: string | Uint8Array, keys: KeySetInput, options: CompactVerifyOptions): Promise<CompactVerifyResult>;

/** compactVerify, synchronously. */
export declare function compactVerifySync(jws: string | Uint8Array, keys: KeySetInput, options: CompactVerifyOptions): CompactVerifyResult;

/** The claims WITHOUT any verification: for display and routing only. */
export declare function decodeJwt<PayloadType = JWTPayload>(jwt: string | Uint8Array): PayloadType & JWTPayload;

/** The protected header WITHOUT any verification. */
export declare function decodeProtectedHeader(token: string | Uint8Array): { alg?: string; kid?: string; typ?: string; [parameter: string]: unknown };

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of a valid verification key. A Promise, like jose's. */
export declare function calculateJwkThumbprint(jwk: JWK | string, digestAlgorithm?: 'sha256'): Promise<string>;

/** calculateJwkThumbprint, synchronously. */
export declare function calculateJwkThumbprintSync(jwk: JWK | string, digestAlgorithm?: 'sha256'): string;

/**
 * The raw primitive: does `signature` verify over `data` with `jwk` and `alg`?
 * Same key rules and algorithm/key binding as token verification. `false` only
 * for a signature that does not verify; a bad algorithm, key or argument throws.
 */
export declare function verifySignature(alg: Algorithm, jwk: JWK | string, data: Uint8Array, signature: Uint8Array): boolean;

// ---------------------------------------------------------------- IHE IUA

/** A FHIR Coding (legacy HL7 v3 `{code, codeSystem, displayName}` mapped onto it). */
export interface IuaCoding {
  system?: string;
  code: string;
  display?: string;
}

/** `extensions.ihe_iua` (or the legacy flat claims mapped onto it). */
export interface IheIua {
  subjectName?: string;
  subjectOrganization?: string;
  subjectOrganizationId?: string;
  /** Always a list (a single Coding in the token becomes one item). */
  subjectRole: IuaCoding[];
  /** Always a list. */
  purposeOfUse: IuaCoding[];
  homeCommunityId?: string;
  nationalProviderIdentifier?: string;
  personId?: string;
  /** Legacy Rev 1.3 `ProviderID` (`[{root, extension}]`); empty otherwise. */
  providerId: { root: string; extension?: string }[];
}

/** `extensions.ihe_bppc` (or legacy `resourceID`, `docid`, `acp`). */
export interface IheBppc {
  patientId?: string;
  docId?: string;
  acp?: string;
}

/** A verified IUA access token: one shape whichever claim form arrived. */
export interface IuaResult {
  /** `current` (ITI-71 Rev 2.x) or `legacy` (2013 / Rev 1.x flat claims). */
  form: 'current' | 'legacy';
  /** `jws` (a verified token) or `introspection` (an RFC 7662 response). */
  source: 'jws' | 'introspection';
  /** The verified header's `alg`, `kid`, `typ` (JWS only). */
  alg?: Algorithm;
  kid?: string;
  typ?: string;
  issuer: string;
  subject: string;
  audience: string[];
  /** The `aud` entry that named this resource server (the ATNA alias). */
  matchedAudience: string;
  expiresAt: number;
  issuedAt?: number;
  notBefore?: number;
  jwtId: string;
  clientId?: string;
  scopes: string[];
  iua: IheIua;
  bppc: IheBppc;
  /** The whole verified claims set. */
  payload: JWTPayload;
}

/** What a `check` hook returns to refuse a token (or `false` = invalid_token). */
export interface IuaRejection {
  error: 'invalid_token' | 'insufficient_scope';
  /** A fixed sentence for `error_description` (never token text; `"`, `\`, controls and non-ASCII are dropped). */
  description?: string;
}

/** Options of an IUA verifier, built once. Unknown names are refused. */
export interface IuaVerifierOptions {
  /** `iss` must equal this exactly. */
  issuer: string;
  /** This resource server's identifier(s): `aud` must contain one. */
  audience: string | string[];
  /** Required allow-list (IUA: HS256 and RS256 shall, ES256 should be supported). */
  algorithms: Algorithm[];
  /** Scopes that must all be granted (403 `insufficient_scope` otherwise). */
  requiredScopes?: string[];
  /** RFC 9068 strict mode: `typ` must be `at+jwt`, current claim form only. */
  strict?: boolean;
  /** Replace the accepted `typ` set (default: absent, `JWT`, `IUA-JWT`, `at+jwt`). */
  typ?: string[];
  /** With `typ`: also accept tokens without `typ`. */
  allowMissingTyp?: boolean;
  /** `both` (default) or `current` (refuse legacy flat claims). */
  claimForms?: 'both' | 'current';
  /** Accept the legacy `IHE-JWT` scheme (default true). */
  acceptIheJwtScheme?: boolean;
  /** Leeway for `exp` / `nbf` / `iat`: seconds or a span such as `"30s"` (default 0). */
  clockTolerance?: number | string;
  /** `iat` no older than this. */
  maxTokenAge?: number | string;
  /** `realm` of the `WWW-Authenticate` challenge (printable ASCII). */
  realm?: string;
  /** Status for `insufficient_scope`: 403 (RFC 6750, default) or 401 (ITI-72 Rev 2.x). */
  insufficientScopeStatus?: 401 | 403;
  /** Runs last on a token that passed every rule; return `false` or an IuaRejection to refuse it. Runs on every call, cached or not. */
  check?: (result: IuaResult) => void | boolean | IuaRejection;
  /**
   * Keep accepted tokens (bounded LRU, per verifier and key set). A repeated
   * input skips parsing and the signature check; the claims (times
   * included), the request's patient and `check` are decided again on every
   * call; refusals are never kept. Results are then deep-frozen and shared
   * by every call answered from the same entry. Pass a JWKSet built once:
   * a plain JWKS is a new key set on every call.
   */
  cache?: boolean | VerifierCacheOptions;
}

/** Per-request options. */
export interface IuaRequestOptions {
  /** The instant to verify at (default: now). */
  currentDate?: Date;
  /** The patient of the request: `person_id` / BPPC `patient_id` must equal it where present. */
  patientId?: string;
  /** With `patientId`: refuse tokens bound to no patient. */
  requirePatientBinding?: boolean;
  /** Remote key sets: in-flight JWKS fetches are shared only among calls passing the same object (use the Request in Workers). */
  requestContext?: object;
}

/** One-call options: a cache needs a verifier built once (createIuaVerifier). */
export type VerifyIuaTokenOptions = Omit<IuaVerifierOptions, 'cache'> & IuaRequestOptions;

/** Keys for IUA verification: local keys, or a RemoteJWKSet (async forms only). */
export type IuaKeys = KeySetInput | RemoteJWKSet;

/** An IUA resource-server verifier built once; reuse it for every request. */
export declare class IuaVerifier {
  constructor(options: IuaVerifierOptions);
  /** `input`: a token or a whole Authorization value; null/undefined = no credentials (401). */
  verify(input: string | null | undefined, keys: IuaKeys, options?: IuaRequestOptions): Promise<IuaResult>;
  verifySync(input: string | null | undefined, keys: KeySetInput, options?: IuaRequestOptions): IuaResult;
  /** ITI-102: validate an introspection response (text, bytes or parsed object). */
  verifyIntrospectionResponse(body: string | Uint8Array | object, options?: IuaRequestOptions & { maxCacheTtl?: number }): IntrospectionResult;
  /** The answer for a request without credentials (RFC 6750 §3.1). */
  challengeWithoutCredentials(): { status: number; wwwAuthenticate: string };
  /** Tokens in the cache (0 without one). */
  readonly cacheSize: number;
  /** Empty the cache. */
  clearCache(): void;
}

export declare function createIuaVerifier(options: IuaVerifierOptions): IuaVerifier;

/** ITI-72: verify an IUA access token. Rejects with a TokenCheckError carrying `status` and `wwwAuthenticate`. */
export declare function verifyIuaToken(input: string | null | undefined, keys: IuaKeys, options: VerifyIuaTokenOptions): Promise<IuaResult>;

/** verifyIuaToken, synchronously, with local keys. */
export declare function verifyIuaTokenSync(input: string | null | undefined, keys: KeySetInput, options: VerifyIuaTokenOptions): IuaResult;

/** RFC 6750 §2.1: the token of an Authorization value (`scheme` '' for a bare token). */
export declare function parseAuthorizationHeader(value: string | null | undefined): { scheme: 'Bearer' | 'IHE-JWT' | 'IHE-SAML' | ''; token: string };

/** ATNA UserName `alias<user@issuer>` (alias = the matched `aud`, user = `sub`, issuer = `iss`). */
export declare function atnaUserName(result: Pick<IuaResult, 'matchedAudience' | 'subject' | 'issuer'>): string;

/** RFC 8414 / OpenID Connect discovery document (validated members plus anything else). */
export interface AuthorizationServerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri?: string;
  introspection_endpoint?: string;
  revocation_endpoint?: string;
  userinfo_endpoint?: string;
  scopes_supported?: string[];
  grant_types_supported?: string[];
  access_token_format?: string;
  /** RFC 8414 §2; buildAuthorizationUrl refuses a method missing from it. */
  code_challenge_methods_supported?: string[];
  [member: string]: unknown;
}

export interface MetadataOptions {
  requireJwksUri?: boolean;
  requireIntrospection?: boolean;
  /** TEST ONLY: accept http://127.0.0.1, http://localhost, http://[::1] (a loopback authorization server in a test). */
  allowInsecureLoopbackForTests?: boolean;
}

/** RFC 8414 §3.3 / ITI-103: validate a metadata document for the expected issuer. */
export declare function validateAuthorizationServerMetadata(document: string | object, expectedIssuer: string, options?: MetadataOptions): AuthorizationServerMetadata;

export interface RemoteJWKSetOptions {
  /** The fetch to use (default: globalThis.fetch). */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** Per request (default 5000). */
  timeoutMs?: number;
  /** Minimum time between fetches triggered by an unknown `kid` (default 30000). */
  cooldownMs?: number;
  /** Refetch after this age (default 600000). */
  cacheMaxAgeMs?: number;
  headers?: Record<string, string>;
  /** What exportCache() returned (e.g. from KV): used while fresh; keys validated again. */
  cache?: RemoteJWKSetCache;
  /** Share in-flight fetches between unrelated calls (default: true, false in workerd). */
  shareInflightFetches?: boolean;
  /** TEST ONLY: allow a loopback http URL. */
  allowInsecureLoopbackForTests?: boolean;
}

export interface RemoteJWKSetCache {
  url: string;
  fetchedAt: number;
  jwks: JSONWebKeySet;
}

/** A JWKS fetched from a URL and cached (see createRemoteJWKSet). */
export declare class RemoteJWKSet {
  constructor(url: string | URL, options?: RemoteJWKSetOptions);
  readonly url: string;
  /** Fetch attempts so far. */
  readonly fetchCount: number;
  /** Whether a key set younger than cacheMaxAgeMs is held. */
  readonly fresh: boolean;
  getKeySet(requestContext?: object): Promise<JWKSet>;
  reload(requestContext?: object): Promise<JWKSet>;
  exportCache(): RemoteJWKSetCache | undefined;
  importCache(data: RemoteJWKSetCache): void;
}

/**
 * A remote JWKS: fetched once, refetched on an unknown `kid` at most once per
 * cooldown, concurrent fetches merged (never across Workers requests).
 */
export declare function createRemoteJWKSet(url: string | URL, options?: RemoteJWKSetOptions): RemoteJWKSet;

/** Fetch and validate the AS metadata, then its JWKS. */
export declare function discover(
  issuer: string,
  options?: Omit<RemoteJWKSetOptions, 'cache' | 'headers'> & { requireIntrospection?: boolean; requestContext?: object },
): Promise<{ metadata: AuthorizationServerMetadata; jwks: RemoteJWKSet }>;

/** RFC 7662 §2.1 request body (`application/x-www-form-urlencoded`). */
export declare function introspectionRequestBody(token: string, tokenTypeHint?: string): string;

export interface IntrospectionResult {
  result: IuaResult;
  /** Seconds the result may be cached: bounded by `exp` and `maxCacheTtl` (default 300). */
  cacheTtl: number;
}

/** ITI-102: validate an introspection response with verifyIuaToken's options. */
export declare function verifyIntrospectionResponse(body: string | Uint8Array | object, options: VerifyIuaTokenOptions & { maxCacheTtl?: number }): IntrospectionResult;
/** The verified-token cache of a verifier: `true` for the defaults. */
export interface VerifierCacheOptions {
  /** Most tokens kept (1 to 1048576; default 1000). */
  maxEntries?: number;
  /**
   * Most bytes of token text kept (default 4 MiB); a longer token is verified, not kept.
   * The same bound applies to the JS-side index of seen token strings, so the
   * cache holds at most about twice this much token text.
   */
  maxBytes?: number;
}

/** jwtVerify's options, fixed once per verifier, plus the opt-in cache. */
export interface VerifierOptions extends JWTVerifyOptions {
  /**
   * Keep verified tokens (bounded LRU). A repeated token skips parsing and
   * the signature check; claims and times are re-checked on every call;
   * failures are never kept. Results are then deep-frozen and shared by
   * every call that verifies the same token.
   */
  cache?: boolean | VerifierCacheOptions;
}

/** Per-call options of a verifier: only the instant. */
export interface VerifyCallOptions {
  currentDate?: Date;
}

/**
 * A reusable JWT verifier: options converted once (jwtVerify keeps the
 * conversions of the option values it has seen, but still reads the options
 * object on every call), optionally with a verified-token cache. Same
 * verdicts and codes as jwtVerify / jwtVerifySync with the same options.
 */
export declare class JWTVerifier {
  constructor(keys: KeySetInput, options: VerifierOptions);
  /** Verify; RSA and ECDSA signatures go to WebCrypto when present. */
  verify<PayloadType = JWTPayload>(jwt: string | Uint8Array, options?: VerifyCallOptions): Promise<JWTVerifyResult<PayloadType>>;
  /** Verify synchronously (in Node, RSA / ECDSA / HMAC signatures by node:crypto; elsewhere every signature in wasm). */
  verifySync<PayloadType = JWTPayload>(jwt: string | Uint8Array, options?: VerifyCallOptions): JWTVerifyResult<PayloadType>;
  /** Tokens in the cache (0 without one). */
  readonly cacheSize: number;
  /** Empty the cache. */
  clearCache(): void;
}

/** `new JWTVerifier(keys, options)`. */
export declare function createVerifier(keys: KeySetInput, options: VerifierOptions): JWTVerifier;

/** What `init` accepts: where or what the .wasm is (default: tokencheck_bg.wasm beside the entry). */
export type InitInput = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/**
 * Browser / default entry: load the WebAssembly module before the first call.
 * In Node and workerd it resolves at once (already initialised).
 */
export default function init(moduleOrPath?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> }): Promise<void>;

/** Synchronous initialisation from a compiled module or bytes (a no-op in Node and workerd). */
export declare function initSync(module?: ArrayBuffer | ArrayBufferView | WebAssembly.Module | { module: ArrayBuffer | ArrayBufferView | WebAssembly.Module }): void;

// ---------------------------------------------------------------- LTI (lti.md)

/** Login initiation / form parameters as the request carried them. */
export type LtiParamsInput = URLSearchParams | FormData | string | Record<string, string> | Array<[string, string]>;

/** What the tool knows about one platform registration. */
export interface LtiRegistration {
  issuer: string;
  clientId: string;
  /** The platform's OIDC authorization endpoint. */
  authLoginUrl: string;
  /** Registered redirect URIs (the first is the default). */
  redirectUris: string[];
  /** The tool's deployments on this platform. */
  deploymentIds?: string[];
  /** Accept any well-formed deployment id (the caller checks them). Default false. */
  acceptAnyDeployment?: boolean;
  /** When given, the login's target_link_uri must be one of these. */
  targetLinkUris?: string[];
  /** id_token algorithms: RS256 (default) / RS384 / RS512 / ES256 / ES384 / ES512. */
  algorithms?: Array<'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384' | 'ES512'>;
  /** Audiences besides clientId that may appear in `aud`. */
  trustedAudiences?: string[];
  /** The platform keys... */
  jwks?: KeySetInput;
  /** ...or where to fetch them (refetched once on an unknown kid, with a cooldown). */
  jwksUri?: string;
}

/** What to remember between login and launch (store it bound to the browser). */
export interface LtiLoginRecord {
  state: string;
  nonce: string;
  issuer: string;
  clientId: string;
  targetLinkUri: string;
  deploymentId?: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export interface LtiLoginOptions {
  /** A registered redirect URI (default: the first). */
  redirectUri?: string;
  /** Lifetime of the pending login: seconds or a span such as "10m" (default 600). */
  expiresIn?: number | string;
  currentDate?: Date;
}

export interface LtiLoginRequest {
  /** The authentication request: redirect the browser here. */
  url: string;
  /** The same parameters, for a form POST to authLoginUrl. */
  params: Record<string, string>;
  state: string;
  nonce: string;
  record: LtiLoginRecord;
}

/**
 * A single-use store. `consume` resolves to `true` when `key` was unused (and
 * records it until `expiresAt`, seconds since the epoch) and `false` on a
 * replay. It must record atomically: a Durable Object, or a database
 * insert-if-absent (Workers KV alone is eventually consistent).
 */
export interface LtiSingleUseStore {
  consume(key: string, expiresAt: number, currentDate?: Date): boolean | Promise<boolean>;
}

/** The default store: bounded, in memory, per process / isolate. */
export declare class LtiNonceStore implements LtiSingleUseStore {
  constructor(options?: { capacity?: number });
  consume(key: string, expiresAt: number, currentDate?: Date): boolean;
  readonly size: number;
}

export interface LtiLaunchExpectations {
  /** The login record kept for this state. */
  record: LtiLoginRecord;
  /** The state bound to this browser (e.g. from a cookie set at login). */
  browserState: string;
  /** The form's state, when `form` is the bare id_token. */
  state?: string;
  nonceStore?: LtiSingleUseStore;
  currentDate?: Date;
  /** Leeway for exp/iat/nbf: seconds or "30s" (default 30). */
  clockTolerance?: number | string;
  /** Refuse tokens with an older iat. */
  maxTokenAge?: number | string;
  /** Accept launches without `sub`. Default false. */
  allowAnonymous?: boolean;
  messageTypes?: LtiMessageType[];
  /** fetch for jwksUri (default globalThis.fetch). */
  fetch?: typeof fetch;
  /** Seconds between JWKS refetches on an unknown kid (default 300). */
  jwksCooldown?: number;
}

export type LtiMessageType = 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest' | 'LtiSubmissionReviewRequest' | 'DataPrivacyLaunchRequest';

export interface LtiDeepLinkingSettings {
  deepLinkReturnUrl: string;
  acceptTypes: string[];
  acceptPresentationDocumentTargets: string[];
  acceptMediaTypes?: string;
  acceptMultiple?: boolean;
  acceptLineitem?: boolean;
  autoCreate?: boolean;
  title?: string;
  text?: string;
  data?: unknown;
}

/** A launch that passed every rule of lti.md §B. */
export interface LtiLaunch {
  messageType: LtiMessageType;
  version: '1.3.0';
  issuer: string;
  clientId: string;
  deploymentId: string;
  nonce: string;
  exp: number;
  iat: number;
  /** kid of the platform key that signed the id_token. */
  kid: string;
  user: { id?: string; name?: string; givenName?: string; familyName?: string; middleName?: string; email?: string; picture?: string; locale?: string };
  roles: string[];
  roleScopeMentor?: string[];
  context?: { id: string; label?: string; title?: string; type: string[] };
  resourceLink?: { id: string; title?: string; description?: string };
  targetLinkUri?: string;
  deepLinkingSettings?: LtiDeepLinkingSettings;
  custom: Record<string, string>;
  platform?: { guid: string; name?: string; contactEmail?: string; description?: string; url?: string; productFamilyCode?: string; version?: string };
  launchPresentation?: { documentTarget?: 'frame' | 'iframe' | 'window'; height?: number; width?: number; returnUrl?: string; locale?: string };
  lis?: Record<string, unknown>;
  ags?: { scope: string[]; lineitems?: string; lineitem?: string };
  nrps?: { contextMembershipsUrl: string; serviceVersions: string[] };
  forUser?: { userId?: string; personSourcedid?: string; givenName?: string; familyName?: string; name?: string; email?: string; roles: string[] };
  lti1p1?: { userId?: string; oauthConsumerKey?: string; oauthConsumerKeySign?: string; resourceLinkId?: string };
  /** Every verified claim. */
  claims: JWTPayload;
}

export interface LtiDeepLinkingOptions {
  /** The tool's private JWK (RSA -> RS256, EC P-256 -> ES256, ...), signed with WebCrypto. */
  privateKey: JWK;
  kid?: string;
  alg?: 'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384' | 'ES512';
  msg?: string;
  log?: string;
  errormsg?: string;
  errorlog?: string;
  /** Seconds (default 300). */
  expiresIn?: number;
  currentDate?: Date;
}

export interface LtiDeepLinkingResponse {
  jwt: string;
  returnUrl: string;
  /** A self-submitting form that POSTs `JWT` to returnUrl. */
  html: string;
}

export interface Lti11Request {
  method?: string;
  /** The URL as the tool was reached (behind a proxy: the public URL). */
  url: string;
  params: LtiParamsInput;
}

export interface Lti11Options {
  consumerSecret: string | ((consumerKey: string) => string | undefined | null | Promise<string | undefined | null>);
  nonceStore?: LtiSingleUseStore;
  /** Seconds or a span (default 300). */
  timestampWindow?: number | string;
  /** Default true (LTI 1.1 requires HMAC-SHA1). */
  allowSha1?: boolean;
  currentDate?: Date;
  /** With it, a launch carrying tool_state is checked as an LTI 1.1.2 relaunch. */
  toolStateSecret?: string | Uint8Array;
  browserBinding?: string;
}

export interface Lti11FirstLaunch {
  relaunchUrl: string;
  platformState: string;
}

export interface Lti11Launch {
  consumerKey: string;
  signatureMethod: 'HMAC-SHA1' | 'HMAC-SHA256';
  /** First value of each parameter. */
  params: Record<string, string>;
  pairs: Array<[string, string]>;
  /** Set for an LTI 1.1.2 anonymous first launch: answer with createLti11Relaunch. */
  firstLaunch: Lti11FirstLaunch | null;
  /** True when a tool_state was verified (an LTI 1.1.2 relaunch). */
  relaunched: boolean;
}

export interface Lti11Relaunch {
  method: 'GET' | 'POST';
  url: string;
  params: { platform_state: string; tool_state: string };
  html: string;
  toolState: string;
  /** Keep this in the browser (HttpOnly cookie) and pass it to verifyLti11Launch. */
  browserBinding: string;
}

/** lti.md §A: the authentication request for a third-party initiated login. */
export declare function createLtiLoginRequest(loginParams: LtiParamsInput, registration: LtiRegistration | LtiRegistration[], options?: LtiLoginOptions): LtiLoginRequest;
/** lti.md §B: verify the launch form POST (or a bare id_token with expected.state). */
export declare function verifyLtiLaunch(form: LtiParamsInput, registration: LtiRegistration, expected: LtiLaunchExpectations): Promise<LtiLaunch>;
/** lti.md §C: the signed LtiDeepLinkingResponse. */
export declare function createLtiDeepLinkingResponse(launch: LtiLaunch, contentItems: Array<Record<string, unknown>>, options: LtiDeepLinkingOptions): Promise<LtiDeepLinkingResponse>;
/** lti.md §E: an LTI 1.0/1.1 launch signed with OAuth 1.0a (and the 1.1.2 relaunch). */
export declare function verifyLti11Launch(request: Lti11Request, options: Lti11Options): Promise<Lti11Launch>;
/** LTI 1.1.2: send the browser back to the platform with a tool_state. */
export declare function createLti11Relaunch(firstLaunch: Lti11FirstLaunch, options: { toolStateSecret: string | Uint8Array; browserBinding?: string; method?: 'GET' | 'POST'; expiresIn?: number; currentDate?: Date }): Lti11Relaunch;

// ---------------------------------------------------------------------------
// Client-side OAuth: PKCE (RFC 7636), state / nonce, signed state, the
// authorization request (RFC 6749 §4.1.1). Randomness from crypto.getRandomValues.

/** RFC 7636 §4.3 `code_challenge_method`. `plain` only when named. */
export type CodeChallengeMethod = 'S256' | 'plain';

/**
 * RFC 7636 §4.1: a fresh code_verifier — 32 random octets, base64url (43
 * characters), or exactly `length` characters (43..128). Throws
 * ERR_PKCE_INVALID (`verifier_length`) for another length.
 */
export declare function generateCodeVerifier(length?: number): string;

/** RFC 7636 §4.2: BASE64URL(SHA-256(verifier)) for S256 (the default), the verifier for `plain`. */
export declare function calculateCodeChallenge(verifier: string, method?: CodeChallengeMethod): string;

/**
 * RFC 7636 §4.6 (server side), constant time: `true` / `false` for
 * well-formed values; throws ERR_PKCE_INVALID for a malformed verifier,
 * challenge or method. Pass `'plain'` explicitly for a request that had no
 * code_challenge_method (§4.3) — or refuse such requests.
 */
export declare function verifyCodeChallenge(verifier: string, challenge: string, method?: CodeChallengeMethod): boolean;

/** RFC 6749 §10.12: a fresh `state` (256 random bits, base64url, 43 characters). */
export declare function generateState(): string;

/** OIDC Core §15.5.2: a fresh `nonce` (256 random bits, base64url, 43 characters). */
export declare function generateNonce(): string;

/** Constant-time comparison: `true` only for the same non-empty string on both sides. */
export declare function stateEquals(a: unknown, b: unknown): boolean;

export interface SignedStateOptions {
  /** Where to return after the flow (claim `path`). */
  returnPath?: string;
  /** Lifetime: seconds or a span such as `"10m"` (default 600, at most 86400). */
  expiresIn?: number | string;
  /** Extra claims (`jti`, `path`, `iat`, `exp` are always set by tokencheck). */
  claims?: Record<string, unknown>;
  /** Header `typ` (default `oauth-state+jwt`). */
  typ?: string;
  /** The instant of issue (default: now). */
  currentDate?: Date;
}

export interface VerifySignedStateOptions {
  /** The expected header `typ` (default `oauth-state+jwt`). */
  typ?: string;
  /** The instant to verify at (default: now). */
  currentDate?: Date;
}

export interface SignedState {
  /** The random value (`jti`): use it as the single-use key. */
  value: string;
  returnPath: string | null;
  /** `exp`, seconds since the epoch. */
  expiresAt: number;
  claims: JWTPayload;
}

/**
 * A self-contained `state`: an HS256 JWT (typ `oauth-state+jwt`) with a fresh
 * random `jti`, the return path and a short `exp`. `secret`: at least 32 bytes
 * (a string is used as UTF-8).
 */
export declare function createSignedState(secret: string | Uint8Array, options?: SignedStateOptions): string;

/** Verify a state made by createSignedState (signature, typ, expiry). Throws TokenCheckError. */
export declare function verifySignedState(token: string, secret: string | Uint8Array, options?: VerifySignedStateOptions): SignedState;

/** RFC 6749 §4.1.1 parameters; any other string member is sent as well (e.g. SMART's `aud`). */
export interface AuthorizationRequestParams {
  client_id: string;
  redirect_uri: string;
  /** At least 22 characters (use generateState(), or a signed state). */
  state: string;
  /** From calculateCodeChallenge(). */
  code_challenge: string;
  /** Default `S256`. */
  code_challenge_method?: CodeChallengeMethod;
  scope?: string;
  /** OIDC: at least 22 characters (use generateNonce()). */
  nonce?: string;
  /** Always `code` (sent whether given or not). */
  response_type?: 'code';
  [parameter: string]: string | undefined;
}

export interface BuildAuthorizationUrlOptions {
  /** With a metadata object: the issuer it must name (default: its own `issuer`). */
  issuer?: string;
}

/**
 * The authorization request URL (authorization-code flow with PKCE): the
 * endpoint (an https URL without fragment, or `authorization_endpoint` of
 * the metadata) with its query kept and the parameters appended,
 * application/x-www-form-urlencoded. A parameter given twice (also against
 * the endpoint's query) throws ERR_AUTHORIZATION_REQUEST_INVALID.
 */
export declare function buildAuthorizationUrl(
  metadataOrEndpoint: string | AuthorizationServerMetadata,
  params: AuthorizationRequestParams,
  options?: BuildAuthorizationUrlOptions,
): string;

// ---------------------------------------------------------------------------
// Verification report: every check of a verification, step by step (the demo
// page). For diagnostics; decide with jwtVerify and the profile verifiers.

export type ReportProfile = 'generic' | 'iua' | 'lti';

/** `not_configured`: no expectation set (cannot fail); `needs_context`: needs the login flow / request. */
export type CheckStatus = 'pass' | 'fail' | 'not_run' | 'not_configured' | 'needs_context';

export interface ReportCheck {
  /** Stable id, e.g. `jws.signature`, `claim.exp`, `iua.profile`, `lti.nonce_once`. */
  id: string;
  title: string;
  /** The RFC / profile section. */
  ref: string;
  status: CheckStatus;
  /** For `fail`: the error the verification throws. */
  code?: ErrorCode;
  reason?: string;
  claim?: string;
  message?: string;
  note?: string;
}

export interface VerificationReport {
  profile: ReportProfile;
  /** The verify function's verdict (for `lti`: as far as a bare id_token can be checked). */
  valid: boolean;
  error: { code: ErrorCode; reason?: string; claim?: string; message: string } | null;
  /** How many checks need the login flow or the request. */
  needsContext: number;
  checks: ReportCheck[];
  /** As the token states them (unverified unless signatureVerified). */
  header: Record<string, unknown> | null;
  claims: JWTPayload | null;
  signatureVerified: boolean;
  key: { index: number; thumbprint: string; jwk: JWK } | null;
}

/** verifyIuaToken's verifier options (without a custom `check`) and the instant. */
export type IuaReportOptions = { profile: 'iua'; currentDate?: Date } & Omit<IuaVerifierOptions, 'check' | 'cache'>;

export interface LtiReportOptions {
  profile: 'lti';
  /** The registration (redirectUris, jwks and jwksUri are not used by a report: the keys are the second argument). */
  registration: Omit<LtiRegistration, 'redirectUris'> & { redirectUris?: string[] };
  clockTolerance?: number | string;
  maxTokenAge?: number | string;
  allowAnonymous?: boolean;
  messageTypes?: string[];
  currentDate?: Date;
}

export type VerificationReportOptions = (JWTVerifyOptions & { profile?: 'generic' }) | IuaReportOptions | LtiReportOptions;

/** Run a verification step by step and report every check (never throws for a bad token; throws for bad options or keys). */
export declare function verificationReport(jwt: string | Uint8Array, keys: KeySetInput, options: VerificationReportOptions): VerificationReport;
