// A TypeScript consumer using every export with its types.
// Checked by `tsc --noEmit --strict -p tests/types` (scripts/test.sh).
import init, {
  initSync,
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
  TokenCheckError,
  createVerifier,
  JWTVerifier,
} from 'tokencheck';
import type {
  Algorithm, ErrorCode, JWK, JSONWebKeySet, JWTPayload, JWTVerifyOptions, JWTVerifyResult, CompactVerifyOptions,
  CompactVerifyResult, ProtectedHeader, KeySetInput, InitInput, VerifierOptions, VerifyCallOptions,
} from 'tokencheck';

interface LtiClaims {
  nonce: string;
  'https://purl.imsglobal.org/spec/lti/claim/message_type': string;
}

export async function main(token: string, wasm: WebAssembly.Module, input: InitInput): Promise<void> {
  await init();
  await init(input);
  await init({ module_or_path: input });
  initSync(wasm);
  initSync({ module: wasm });

  const jwk: JWK = { kty: 'EC', crv: 'P-256', x: '...', y: '...', kid: 'k1' };
  const jwks: JSONWebKeySet = { keys: [jwk] };
  const keys = new JWKSet(jwks);
  const fromText = new JWKSet(JSON.stringify(jwks));
  const n: number = keys.size + fromText.skipped;

  const algorithms: Algorithm[] = ['ES256', 'EdDSA'];
  const options: JWTVerifyOptions = {
    algorithms,
    issuer: 'https://issuer.example',
    audience: ['a', 'b'],
    subject: 'user-1',
    typ: 'at+jwt',
    clockTolerance: '30s',
    currentDate: new Date(),
    maxTokenAge: 3600,
    requiredClaims: ['jti'],
  };
  const input2: KeySetInput = n > 0 ? keys : jwks;

  const r: JWTVerifyResult<LtiClaims> = await jwtVerify<LtiClaims>(token, input2, options);
  const nonce: string = r.payload.nonce;
  const exp: number | undefined = r.payload.exp;
  const header: ProtectedHeader = r.protectedHeader;
  const alg: Algorithm = header.alg;
  const sync: JWTVerifyResult = jwtVerifySync(new TextEncoder().encode(token), keys, { algorithms: ['HS256'], clockTolerance: 5 });
  const aud: string | string[] | undefined = sync.payload.aud;

  const copts: CompactVerifyOptions = { algorithms: ['RS256', 'PS256'] };
  const c: CompactVerifyResult = await compactVerify(token, keys, copts);
  const bytes: Uint8Array = c.payload;
  const c2: CompactVerifyResult = compactVerifySync(token, '{"keys":[]}', copts);

  const claims: JWTPayload = decodeJwt(token);
  const typed: LtiClaims = decodeJwt<LtiClaims>(token);
  const h = decodeProtectedHeader(token);
  const kid: string | undefined = h.kid;

  const t1: string = await calculateJwkThumbprint(jwk);
  const t2: string = calculateJwkThumbprintSync(JSON.stringify(jwk), 'sha256');
  const ok: boolean = verifySignature('ES256', jwk, bytes, new Uint8Array(64));

  try {
    jwtVerifySync(token, keys, options);
  } catch (e) {
    if (e instanceof TokenCheckError) {
      const code: ErrorCode = e.code;
      const reason: string | undefined = e.reason;
      const claim: string | undefined = e.claim;
      const name: 'TokenCheckError' = e.name;
      if (code === 'ERR_JWT_EXPIRED' || code === 'ERR_IUA_SCOPE') console.log(reason, claim, name);
    }
  }
  const err = new TokenCheckError('message', 'ERR_JWT_INVALID', { reason: 'json_syntax' });
  const base: Error = err;

  const vopts: VerifierOptions = { ...options, cache: { maxEntries: 500, maxBytes: 1 << 20 } };
  const verifier: JWTVerifier = createVerifier(keys, vopts);
  const plain = new JWTVerifier(jwks, { algorithms: ['RS256'], cache: true });
  const at: VerifyCallOptions = { currentDate: new Date() };
  const v1: JWTVerifyResult<LtiClaims> = await verifier.verify<LtiClaims>(token, at);
  const v2: JWTVerifyResult = plain.verifySync(new TextEncoder().encode(token));
  const size: number = verifier.cacheSize;
  verifier.clearCache();

  console.log(nonce, exp, alg, aud, c2, claims, typed, kid, t1, t2, ok, base, v1.payload.nonce, v2, size);
}

// @ts-expect-error `algorithms` is required
export const missing: JWTVerifyOptions = { issuer: 'x' };
// @ts-expect-error unknown option names are not allowed by the types either
export const typo: JWTVerifyOptions = { algorithms: ['ES256'], audiance: 'x' };
// @ts-expect-error "none" is not an Algorithm
export const none: Algorithm = 'none';
// @ts-expect-error not an error code
export const badCode: ErrorCode = 'ERR_SOMETHING';
// @ts-expect-error the cache takes maxEntries / maxBytes only
export const badCache: VerifierOptions = { algorithms: ['ES256'], cache: { size: 10 } };
