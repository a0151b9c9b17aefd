// verificationReport: the verification pipeline step by step (src/report.rs),
// wired into createApi (lib/api.js). For diagnostics and the demo page
// (www/); decisions use jwtVerify and the profile verifiers.
//
// scripts/build-pkg.sh inlines this file into dist/node.cjs (it drops the
// final export line), so it must stay a plain script with one function.

function createReportApi(raw, convert, withKeys) {
  /**
   * @param {string | Uint8Array} jwt
   * @param {object} keys  a JWKSet, or a JWKS object / JSON text
   * @param {{ profile?: 'generic' | 'iua' | 'lti', [option: string]: unknown }} options
   */
  function verificationReport(jwt, keys, options) {
    try {
      const { profile = 'generic', ...rest } = options ?? {};
      return JSON.parse(withKeys(keys, (k) => raw.verificationReport(jwt, k, profile, rest)));
    } catch (e) {
      throw convert(e);
    }
  }
  return { verificationReport };
}

export { createReportApi };
