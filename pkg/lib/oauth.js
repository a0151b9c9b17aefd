// Client-side OAuth values (PKCE, state, nonce, signed state, the
// authorization request URL), wired into createApi (lib/api.js). Thin: every
// rule lives in the Rust core (src/oauth/), reached through src/wasm/oauth.rs.
//
// scripts/build-pkg.sh inlines this file into dist/node.cjs (it drops the
// final export line), so it must stay a plain script with one function.

function createOauthApi(raw, convert) {
  const wrap = (fn) =>
    function (...args) {
      try {
        return fn(...args);
      } catch (e) {
        throw convert(e);
      }
    };

  return {
    /** RFC 7636 §4.1: 32 random octets, base64url (43 chars), or exactly `length` (43..128) characters. */
    generateCodeVerifier: wrap((length) => raw.generateCodeVerifier(length)),
    /** RFC 7636 §4.2: S256 by default; 'plain' only when named. */
    calculateCodeChallenge: wrap((verifier, method = 'S256') => raw.calculateCodeChallenge(verifier, method)),
    /** RFC 7636 §4.6 (server side): true / false for well-formed values, throws ERR_PKCE_INVALID otherwise. */
    verifyCodeChallenge: wrap((verifier, challenge, method = 'S256') => raw.verifyCodeChallenge(verifier, challenge, method)),
    /** RFC 6749 §10.12: 256 random bits, base64url. */
    generateState: wrap(() => raw.generateState()),
    /** OIDC Core §15.5.2: 256 random bits, base64url. */
    generateNonce: wrap(() => raw.generateNonce()),
    /** Constant-time comparison; false unless both are the same non-empty string. */
    stateEquals: wrap((a, b) => raw.stateEquals(a, b)),
    /** An HS256-signed state (typ oauth-state+jwt): random jti, optional return path, short exp. */
    createSignedState: wrap((secret, options) => raw.createSignedState(secret, options)),
    /** Verify a signed state: { value, returnPath, expiresAt, claims }, or throws. */
    verifySignedState: wrap((token, secret, options) => JSON.parse(raw.verifySignedState(token, secret, options))),
    /** RFC 6749 §4.1.1 + RFC 7636 §4.3: the authorization request URL. */
    buildAuthorizationUrl: wrap((metadataOrEndpoint, params, options) => raw.buildAuthorizationUrl(metadataOrEndpoint, params, options)),
  };
}

export { createOauthApi };
