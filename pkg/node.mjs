// Node entry for import: re-exports the require() entry, so
// `import` and `require` share one instance and one TokenCheckError class.
import api from './node.cjs';

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
  initSync,
} = api;
export default api.init;
