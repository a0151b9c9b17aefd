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

/** jwtVerify, synchronously. Throws TokenCheckError. */
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

/** What `init` accepts: where or what the .wasm is (default: tokencheck_bg.wasm beside the entry). */
export type InitInput = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/**
 * Browser / default entry: load the WebAssembly module before the first call.
 * In Node and workerd it resolves at once (already initialised).
 */
export default function init(moduleOrPath?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> }): Promise<void>;

/** Synchronous initialisation from a compiled module or bytes (a no-op in Node and workerd). */
export declare function initSync(module?: ArrayBuffer | ArrayBufferView | WebAssembly.Module | { module: ArrayBuffer | ArrayBufferView | WebAssembly.Module }): void;


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

/** RFC 8414 authorization server metadata (the members used here; others allowed). */
export interface AuthorizationServerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  code_challenge_methods_supported?: string[];
  [member: string]: unknown;
}

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

export interface IuaReportOptions {
  profile: 'iua';
  algorithms: Algorithm[];
  issuer: string;
  audience: string | string[];
  requiredScopes?: string[];
  clockTolerance?: number | string;
  maxTokenAge?: number | string;
  strictRfc9068?: boolean;
  currentDate?: Date;
}

/** An LTI 1.3 platform registration as the tool knows it. */
export interface LtiRegistration {
  issuer: string;
  clientId: string;
  authLoginUrl: string;
  redirectUris?: string[];
  deploymentIds?: string[];
  acceptAnyDeployment?: boolean;
  targetLinkUris?: string[];
  algorithms?: Algorithm[];
  trustedAudiences?: string[];
}

export interface LtiReportOptions {
  profile: 'lti';
  registration: LtiRegistration;
  clockTolerance?: number | string;
  maxTokenAge?: number | string;
  allowAnonymous?: boolean;
  messageTypes?: string[];
  currentDate?: Date;
}

export type VerificationReportOptions = (JWTVerifyOptions & { profile?: 'generic' }) | IuaReportOptions | LtiReportOptions;

/** Run a verification step by step and report every check (never throws for a bad token; throws for bad options or keys). */
export declare function verificationReport(jwt: string | Uint8Array, keys: KeySetInput, options: VerificationReportOptions): VerificationReport;
