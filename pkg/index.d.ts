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

/** The verified-token cache of a verifier: `true` for the defaults. */
export interface VerifierCacheOptions {
  /** Most tokens kept (1 to 1048576; default 1000). */
  maxEntries?: number;
  /** Most bytes of token text kept (default 4 MiB); a longer token is verified, not kept. */
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
 * A reusable JWT verifier: options converted once (faster than jwtVerify per
 * call), optionally with a verified-token cache. Same verdicts and codes as
 * jwtVerify / jwtVerifySync with the same options.
 */
export declare class JWTVerifier {
  constructor(keys: KeySetInput, options: VerifierOptions);
  /** Verify; RSA and ECDSA signatures go to WebCrypto when present. */
  verify<PayloadType = JWTPayload>(jwt: string | Uint8Array, options?: VerifyCallOptions): Promise<JWTVerifyResult<PayloadType>>;
  /** Verify synchronously (every signature in wasm). */
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
