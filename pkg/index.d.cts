// Types for require('tokencheck') (the Node CommonJS entry, node.cjs): the same
// API as index.d.ts, with `init` as a named export instead of the default.
export type {
  ErrorCode, Algorithm, JWK, JSONWebKeySet, KeySetInput, JWTPayload, ProtectedHeader, CompactVerifyOptions,
  JWTVerifyOptions, JWTVerifyResult, CompactVerifyResult, InitInput,
} from './index.js';
export type {
  CodeChallengeMethod, SignedStateOptions, VerifySignedStateOptions, SignedState, AuthorizationServerMetadata,
  AuthorizationRequestParams, BuildAuthorizationUrlOptions, ReportProfile, CheckStatus, ReportCheck, VerificationReport,
  VerificationReportOptions, IuaReportOptions, LtiReportOptions, LtiRegistration,
} from './index.js';
export {
  TokenCheckError, JWKSet, jwtVerify, jwtVerifySync, compactVerify, compactVerifySync, decodeJwt, decodeProtectedHeader,
  calculateJwkThumbprint, calculateJwkThumbprintSync, verifySignature, initSync,
  generateCodeVerifier, calculateCodeChallenge, verifyCodeChallenge, generateState, generateNonce, stateEquals,
  createSignedState, verifySignedState, buildAuthorizationUrl, verificationReport,
} from './index.js';
/** Already initialised in Node; present so code shared with browsers can call it. */
export declare function init(): Promise<void>;
