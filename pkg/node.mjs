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
  initSync,
} = api;
export default api.init;
