// Node entry for import: re-exports the require() entry, so
// `import` and `require` share one instance and one TokenCheckError class.
// Loaded with require() rather than `import api from './node.cjs'`: the same
// require-cache entry either way, but importing CommonJS from ESM first sets
// up Node's CommonJS export lexer (about 1 ms of a cold import, median of 10
// fresh processes), and node.cjs exports one object anyway.
import { createRequire } from 'node:module';

const api = createRequire(import.meta.url)('./node.cjs');

export const {
  TokenCheckError,
  JWKSet,
  jwtVerify,
  jwtVerifySync,
  compactVerify,
  compactVerifySync,
  decodeJwt,
  decodeProtectedHeader,
  calculateJwkThumbprint,
  calculateJwkThumbprintSync,
  verifySignature,
  verifyIuaToken,
  verifyIuaTokenSync,
  createIuaVerifier,
  IuaVerifier,
  parseAuthorizationHeader,
  atnaUserName,
  validateAuthorizationServerMetadata,
  discover,
  introspectionRequestBody,
  verifyIntrospectionResponse,
  createRemoteJWKSet,
  RemoteJWKSet,
  LtiNonceStore,
  createLtiLoginRequest,
  verifyLtiLaunch,
  createLtiDeepLinkingResponse,
  verifyLti11Launch,
  createLti11Relaunch,
  // client-side OAuth (lib/oauth.js) and the verification report (lib/report.js)
  generateCodeVerifier,
  calculateCodeChallenge,
  verifyCodeChallenge,
  generateState,
  generateNonce,
  stateEquals,
  createSignedState,
  verifySignedState,
  buildAuthorizationUrl,
  verificationReport,
  createVerifier,
  JWTVerifier,
  initSync,
} = api;
export default api.init;
