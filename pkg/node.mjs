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
  createVerifier,
  JWTVerifier,
  initSync,
} = api;
export default api.init;
