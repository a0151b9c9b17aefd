// A TypeScript consumer of the IUA API (tsc --noEmit --strict -p tests/types).
import {
  TokenCheckError, JWKSet, verifyIuaToken, verifyIuaTokenSync, createIuaVerifier, IuaVerifier, parseAuthorizationHeader, atnaUserName,
  validateAuthorizationServerMetadata, discover, introspectionRequestBody, verifyIntrospectionResponse, createRemoteJWKSet, RemoteJWKSet,
} from 'tokencheck';
import type { IuaResult, IuaVerifierOptions, IuaRequestOptions, AuthorizationServerMetadata, IntrospectionResult, RemoteJWKSetCache, IuaCoding } from 'tokencheck';

const options: IuaVerifierOptions = {
  issuer: 'https://as.example.com',
  audience: ['https://fhir.example.com/r4'],
  algorithms: ['RS256', 'ES256'],
  requiredScopes: ['ITI-67'],
  clockTolerance: '30s',
  realm: 'fhir',
  insufficientScopeStatus: 403,
  check: (r: IuaResult) => (r.iua.purposeOfUse.some((p: IuaCoding) => p.code === 'BTG') ? { error: 'insufficient_scope', description: 'No break-glass here' } : undefined),
};

export async function handle(request: Request, kv: { get(k: string): Promise<RemoteJWKSetCache | null> }): Promise<Response> {
  const cached = await kv.get('jwks');
  const jwks: RemoteJWKSet = createRemoteJWKSet('https://as.example.com/jwks', { timeoutMs: 2000, cooldownMs: 30_000, cacheMaxAgeMs: 600_000, ...(cached ? { cache: cached } : {}) });
  const verifier: IuaVerifier = createIuaVerifier(options);
  const perRequest: IuaRequestOptions = { requestContext: request, patientId: 'P1', requirePatientBinding: false };
  try {
    const r: IuaResult = await verifier.verify(request.headers.get('authorization'), jwks, perRequest);
    const user: string = atnaUserName(r);
    const roles: string[] = r.iua.subjectRole.map((c) => c.code);
    const exported = jwks.exportCache();
    return Response.json({ user, roles, form: r.form, scopes: r.scopes, cached: exported?.fetchedAt ?? null });
  } catch (e) {
    if (e instanceof TokenCheckError && e.status !== undefined) {
      const headers: Record<string, string> = e.wwwAuthenticate !== undefined ? { 'WWW-Authenticate': e.wwwAuthenticate } : {};
      return new Response(null, { status: e.status, headers });
    }
    throw e;
  }
}

export async function more(token: string): Promise<void> {
  const local = new JWKSet({ keys: [] });
  const r: IuaResult = verifyIuaTokenSync(token, local, { ...options, currentDate: new Date() });
  const r2: IuaResult = await verifyIuaToken(`Bearer ${token}`, { keys: [] }, { issuer: 'i', audience: 'a', algorithms: ['HS256'] });
  const { scheme, token: t } = parseAuthorizationHeader('Bearer x');
  const m: AuthorizationServerMetadata = validateAuthorizationServerMetadata('{}', 'https://as.example.com', { requireJwksUri: true });
  const { metadata, jwks } = await discover('https://as.example.com', { requireIntrospection: true, timeoutMs: 1000 });
  const body: string = introspectionRequestBody(t, 'access_token');
  const i: IntrospectionResult = verifyIntrospectionResponse({ active: false }, { ...options, maxCacheTtl: 60 });
  const ks: JWKSet = await jwks.getKeySet();
  void [r, r2, scheme, m, metadata, body, i.cacheTtl, ks.size, i.result.source];
}

// the verified-token cache: on a verifier built once
const cachedVerifier: IuaVerifier = createIuaVerifier({ ...options, cache: { maxEntries: 500, maxBytes: 1 << 20 } });
const withDefaults = createIuaVerifier({ ...options, cache: true });
const entries: number = cachedVerifier.cacheSize + withDefaults.cacheSize;
cachedVerifier.clearCache();
// @ts-expect-error a one-call verification has no cache
void verifyIuaToken('t', { keys: [] }, { ...options, cache: true });
// @ts-expect-error the cache takes maxEntries / maxBytes only
createIuaVerifier({ ...options, cache: { ttl: 60 } });
void entries;
