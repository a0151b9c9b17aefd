// The LTI API inside real workerd (`workerd test tests/workerd/lti.capnp`):
// a launch verified with the Worker entry, its replay refused, and Deep
// Linking responses signed with workerd's WebCrypto, checked back with
// jwtVerify against the tool's public keys.
import * as tc from 'tokencheck';
import fx from 'lti.json';

export default {
  async test() {
    const currentDate = new Date(fx.NOW * 1000);
    const registration = { ...fx.registration, jwks: fx.jwks };
    const nonceStore = new tc.LtiNonceStore();
    const expected = { record: fx.record, browserState: fx.record.state, nonceStore, currentDate };
    const form = new FormData();
    form.set('id_token', fx.resourceLink);
    form.set('state', fx.record.state);
    const launch = await tc.verifyLtiLaunch(form, registration, expected);
    if (launch.messageType !== 'LtiResourceLinkRequest' || launch.resourceLink.id !== 'rl' || launch.user.id !== 'u1') {
      throw new Error(`unexpected launch ${JSON.stringify(launch)}`);
    }
    let code;
    try {
      await tc.verifyLtiLaunch(form, registration, expected);
    } catch (e) {
      code = e instanceof tc.TokenCheckError ? e.code : String(e);
    }
    if (code !== 'ERR_LTI_NONCE_REPLAYED') throw new Error(`replay: ${code}`);

    const dl = await tc.verifyLtiLaunch(new URLSearchParams({ id_token: fx.deepLinking, state: fx.record.state }), registration, { ...expected, nonceStore: new tc.LtiNonceStore() });
    for (const alg of ['RS256', 'ES256']) {
      const r = await tc.createLtiDeepLinkingResponse(dl, [{ type: 'link', url: 'https://example.com/x' }], { privateKey: fx.tool[alg].private, currentDate });
      const { payload, protectedHeader } = tc.jwtVerifySync(r.jwt, { keys: [fx.tool[alg].public] }, {
        algorithms: [alg], issuer: 'tool-w', audience: fx.registration.issuer, currentDate,
      });
      if (protectedHeader.kid !== `t-${alg}` || payload['https://purl.imsglobal.org/spec/lti-dl/claim/data'] !== 'd-42') {
        throw new Error(`deep linking ${alg}: ${JSON.stringify({ protectedHeader, payload })}`);
      }
    }
    console.log('workerd: LTI launch, replay refusal and deep linking (RS256, ES256) ok');
  },
};
