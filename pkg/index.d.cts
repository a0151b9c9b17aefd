// Types for require('tokencheck') (the Node CommonJS entry, node.cjs): the same
// API as index.d.ts, with `init` as a named export instead of the default.
export type {
  ErrorCode, Algorithm, JWK, JSONWebKeySet, KeySetInput, JWTPayload, ProtectedHeader, CompactVerifyOptions,
  JWTVerifyOptions, JWTVerifyResult, CompactVerifyResult, InitInput,
  IuaCoding, IheIua, IheBppc, IuaResult, IuaRejection, IuaVerifierOptions, IuaRequestOptions, VerifyIuaTokenOptions, IuaKeys,
  AuthorizationServerMetadata, MetadataOptions, RemoteJWKSetOptions, RemoteJWKSetCache, IntrospectionResult,
  LtiParamsInput, LtiRegistration, LtiLoginRecord, LtiLoginOptions, LtiLoginRequest, LtiSingleUseStore, LtiLaunchExpectations,
  LtiMessageType, LtiDeepLinkingSettings, LtiLaunch, LtiDeepLinkingOptions, LtiDeepLinkingResponse, Lti11Request, Lti11Options,
  Lti11FirstLaunch, Lti11Launch, Lti11Relaunch,
} from './index.js';
export type {
  CodeChallengeMethod, SignedStateOptions, VerifySignedStateOptions, SignedState,
  AuthorizationRequestParams, BuildAuthorizationUrlOptions, ReportProfile, CheckStatus, ReportCheck, VerificationReport,
  VerificationReportOptions, IuaReportOptions, LtiReportOptions, VerifierOptions, VerifierCacheOptions, VerifyCallOptions,
} from './index.js';
export {
  TokenCheckError, JWKSet, jwtVerify, jwtVerifySync, compactVerify, compactVerifySync, decodeJwt, decodeProtectedHeader,
  calculateJwkThumbprint, calculateJwkThumbprintSync, verifySignature, initSync,
  verifyIuaToken, verifyIuaTokenSync, createIuaVerifier, IuaVerifier, parseAuthorizationHeader, atnaUserName,
  validateAuthorizationServerMetadata, discover, introspectionRequestBody, verifyIntrospectionResponse, createRemoteJWKSet, RemoteJWKSet,
  LtiNonceStore, createLtiLoginRequest, verifyLtiLaunch, createLtiDeepLinkingResponse, verifyLti11Launch, createLti11Relaunch,
  generateCodeVerifier, calculateCodeChallenge, verifyCodeChallenge, generateState, generateNonce, stateEquals,
  createSignedState, verifySignedState, buildAuthorizationUrl, verificationReport, createVerifier, JWTVerifier,
} from './index.js';
/** Already initialised in Node; present so code shared with browsers can call it. */
export declare function init(): Promise<void>;
