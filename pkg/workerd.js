// Cloudflare Workers / workerd entry. Workers refuse to compile WebAssembly
// from bytes at run time, so the .wasm is imported as a module (wrangler and
// workerd configs both turn a `.wasm` import into a WebAssembly.Module) and
// instantiated synchronously at import.
import wasm from './dist/web/tokencheck_bg.wasm';
import * as raw from './dist/web/tokencheck.js';
import { createApi } from './lib/api.js';

raw.initSync({ module: wasm });
// workerd's WebCrypto Ed25519 is BoringSSL's, about twice as fast as the
// wasm one (bench/run.mjs): the async paths hand Ed25519 to it as well; and
// HMAC, whose native SHA-2 is many times faster per byte than wasm's.
const api = createApi(raw, () => true, { webCryptoEd25519: true, webCryptoHmac: true });

/** Already initialised in workerd; present so code shared with browsers can call it. */
export default async function init() {}
export function initSync() {}

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
} = api;
