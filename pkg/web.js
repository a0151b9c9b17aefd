// Browser / default entry: `await init()` (fetches tokencheck_bg.wasm next to
// this file) or `initSync({ module })` before the first call.
import rawInit, { initSync as rawInitSync } from './dist/web/tokencheck.js';
import * as raw from './dist/web/tokencheck.js';
import { createApi } from './lib/api.js';

let ready = false;
let pending;
const api = createApi(raw, () => ready);

/**
 * Load the WebAssembly module. `moduleOrPath`: a URL, Response, BufferSource
 * or WebAssembly.Module (default: tokencheck_bg.wasm beside this file), or
 * wasm-bindgen's `{ module_or_path }`.
 */
export default function init(moduleOrPath) {
  if (ready) return Promise.resolve();
  // one instantiation even when init() is called again while loading; a
  // failed load (e.g. network) may be retried
  pending ??= (async () => {
    const arg = moduleOrPath !== undefined && moduleOrPath !== null && typeof moduleOrPath === 'object' && 'module_or_path' in moduleOrPath
      ? moduleOrPath
      : moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath };
    try {
      await rawInit(arg);
      ready = true;
    } finally {
      pending = undefined;
    }
  })();
  return pending;
}

/** Instantiate synchronously from a WebAssembly.Module or bytes (`{ module }`, or the module itself). */
export function initSync(module) {
  if (ready) return;
  const arg = module !== undefined && module !== null && typeof module === 'object' && 'module' in module ? module : { module };
  rawInitSync(arg);
  ready = true;
}

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
