// Type-level use of the LTI API (checked by tsc --noEmit --strict).
import {
  createLtiLoginRequest, verifyLtiLaunch, createLtiDeepLinkingResponse, verifyLti11Launch, createLti11Relaunch,
  LtiNonceStore, TokenCheckError,
} from 'tokencheck';
import type { LtiRegistration, LtiLaunch, LtiSingleUseStore, Lti11Launch } from 'tokencheck';

const registration: LtiRegistration = {
  issuer: 'https://platform.example',
  clientId: 'tool',
  authLoginUrl: 'https://platform.example/auth',
  redirectUris: ['https://tool.example/launch'],
  deploymentIds: ['d1'],
  jwksUri: 'https://platform.example/jwks',
};

// A Durable-Object-backed store has this shape.
const kvStore: LtiSingleUseStore = {
  async consume(key: string, expiresAt: number): Promise<boolean> {
    return key.length > 0 && expiresAt > 0;
  },
};

export async function flow(query: URLSearchParams, form: FormData, cookieState: string): Promise<string> {
  const login = createLtiLoginRequest(query, registration, { expiresIn: '10m' });
  const url: string = login.url;
  const launch: LtiLaunch = await verifyLtiLaunch(form, registration, {
    record: login.record,
    browserState: cookieState,
    nonceStore: kvStore,
    clockTolerance: 30,
  });
  const who: string | undefined = launch.user.email;
  if (launch.messageType === 'LtiDeepLinkingRequest' && launch.deepLinkingSettings) {
    const r = await createLtiDeepLinkingResponse(launch, [{ type: 'ltiResourceLink', url }], {
      privateKey: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k' },
      msg: 'done',
    });
    return r.html;
  }
  const l11: Lti11Launch = await verifyLti11Launch({ url, params: form }, { consumerSecret: async (k) => (k === 'a' ? 's' : undefined), nonceStore: new LtiNonceStore() });
  if (l11.firstLaunch) {
    const rel = createLti11Relaunch(l11.firstLaunch, { toolStateSecret: new Uint8Array(32), method: 'POST' });
    return rel.html + rel.browserBinding;
  }
  try {
    return who ?? launch.roles.join(',');
  } catch (e) {
    if (e instanceof TokenCheckError && e.code === 'ERR_LTI_NONCE_REPLAYED') return 'replay';
    throw e;
  }
}
