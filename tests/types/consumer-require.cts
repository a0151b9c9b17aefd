// A CommonJS TypeScript consumer: require('tokencheck') resolves to node.cjs
// and its types to index.d.cts.
import tc = require('tokencheck');

export async function check(token: string): Promise<string> {
  await tc.init();
  tc.initSync();
  const keys = new tc.JWKSet({ keys: [] });
  const state: string = tc.generateState();
  const r: tc.VerificationReport = tc.verificationReport(token, keys, { algorithms: ['EdDSA'] });
  if (!tc.stateEquals(state, state) || r.valid) return tc.calculateCodeChallenge(tc.generateCodeVerifier());
  const opts: tc.JWTVerifyOptions = { algorithms: ['EdDSA'] };
  try {
    const { payload } = tc.jwtVerifySync(token, keys, opts);
    const v: tc.JWTVerifier = tc.createVerifier(keys, { ...opts, cache: true });
    v.verifySync(token);
    return payload.sub ?? '';
  } catch (e) {
    if (e instanceof tc.TokenCheckError) return e.code;
    throw e;
  }
}
