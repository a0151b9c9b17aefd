// A TypeScript consumer of the client-side OAuth section and the verification
// report (pkg/index.d.ts). Checked by `tsc --noEmit --strict -p tests/types`.
import {
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
  JWKSet,
} from 'tokencheck';
import type {
  AuthorizationRequestParams, AuthorizationServerMetadata, CheckStatus, CodeChallengeMethod, ReportCheck, SignedState,
  VerificationReport, LtiRegistration, ErrorCode,
} from 'tokencheck';

export function client(metadata: AuthorizationServerMetadata, returned: string | null): string {
  const verifier: string = generateCodeVerifier();
  const longer: string = generateCodeVerifier(64);
  const method: CodeChallengeMethod = 'S256';
  const challenge: string = calculateCodeChallenge(verifier, method);
  const plain: string = calculateCodeChallenge(longer, 'plain');
  const ok: boolean = verifyCodeChallenge(verifier, challenge) && verifyCodeChallenge(longer, plain, 'plain');
  const state = generateState();
  const same: boolean = stateEquals(returned, state) && ok;
  const params: AuthorizationRequestParams = {
    client_id: 'viewer',
    redirect_uri: 'https://app.example/cb',
    scope: 'openid',
    state,
    nonce: generateNonce(),
    code_challenge: challenge,
    aud: 'https://fhir.example/r4',
  };
  const fromMetadata: string = buildAuthorizationUrl(metadata, params, { issuer: metadata.issuer });
  const fromEndpoint: string = buildAuthorizationUrl('https://as.example/authorize', params);
  // @ts-expect-error code_challenge is required
  buildAuthorizationUrl('https://as.example/authorize', { client_id: 'x', redirect_uri: 'y', state });
  // @ts-expect-error S512 is not a method
  calculateCodeChallenge(verifier, 'S512');
  return same ? fromMetadata : fromEndpoint;
}

export function signedState(secret: Uint8Array): string | null {
  const token: string = createSignedState(secret, { returnPath: '/x', expiresIn: '10m', claims: { flow: 'iua' }, currentDate: new Date() });
  const s: SignedState = verifySignedState(token, 'a string secret works too', { currentDate: new Date() });
  const exp: number = s.expiresAt;
  return exp > 0 ? s.returnPath : s.value;
}

export function report(token: string, keys: JWKSet, registration: LtiRegistration): ErrorCode | undefined {
  const r: VerificationReport = verificationReport(token, keys, { profile: 'generic', algorithms: ['RS256'], issuer: 'https://i' });
  const iua: VerificationReport = verificationReport(token, keys, { profile: 'iua', algorithms: ['RS256'], issuer: 'https://i', audience: 'a' });
  const lti: VerificationReport = verificationReport(token, keys, { profile: 'lti', registration, currentDate: new Date() });
  const plainOptions: VerificationReport = verificationReport(token, keys, { algorithms: ['ES256'] });
  const lines: ReportCheck[] = [...r.checks, ...iua.checks, ...lti.checks, ...plainOptions.checks];
  const statuses: CheckStatus[] = lines.map((c) => c.status);
  const thumb: string | undefined = r.key?.thumbprint;
  // @ts-expect-error an IUA report needs issuer and audience
  verificationReport(token, keys, { profile: 'iua', algorithms: ['RS256'] });
  return statuses.length && thumb ? r.error?.code : lines[0]?.code;
}
