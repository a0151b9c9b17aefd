// Writes test-output/workerd-lti.json for tests/workerd/lti-worker.js: a
// platform's JWKS, a registration, a login made by the package in Node, and
// the platform's id_tokens for it (jose, RS256) — at a fixed instant, so the
// worker validates with the same `currentDate`.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as jose from 'jose';
import { createLtiLoginRequest } from 'tokencheck';

const NOW = 1_750_000_000;
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const ISS = 'https://platform.example.edu';
const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
const jwks = { keys: [{ ...(await jose.exportJWK(publicKey)), kid: 'p1', alg: 'RS256', use: 'sig' }] };
const registration = {
  issuer: ISS,
  clientId: 'tool-w',
  authLoginUrl: `${ISS}/auth`,
  redirectUris: ['https://tool.example.com/lti/launch'],
  deploymentIds: ['d1'],
};
const login = createLtiLoginRequest(
  { iss: ISS, login_hint: 'h', target_link_uri: 'https://tool.example.com/lti/launch' },
  registration,
  { currentDate: new Date(NOW * 1000) },
);
const token = (claims) => new jose.SignJWT({
  nonce: login.nonce,
  [LTI + 'version']: '1.3.0',
  [LTI + 'deployment_id']: 'd1',
  [LTI + 'target_link_uri']: 'https://tool.example.com/lti/launch',
  [LTI + 'roles']: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
  ...claims,
}).setProtectedHeader({ alg: 'RS256', kid: 'p1' }).setIssuer(ISS).setAudience('tool-w').setSubject('u1')
  .setIssuedAt(NOW - 5).setExpirationTime(NOW + 300).sign(privateKey);

const resourceLink = await token({ [LTI + 'message_type']: 'LtiResourceLinkRequest', [LTI + 'resource_link']: { id: 'rl' } });
const deepLinking = await token({
  [LTI + 'message_type']: 'LtiDeepLinkingRequest',
  'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': {
    deep_link_return_url: `${ISS}/dl`, accept_types: ['link'], accept_presentation_document_targets: ['iframe'], data: 'd-42',
  },
});
const tool = {};
for (const alg of ['RS256', 'ES256']) {
  const k = await jose.generateKeyPair(alg, { extractable: true });
  tool[alg] = { private: { ...(await jose.exportJWK(k.privateKey)), kid: `t-${alg}` }, public: { ...(await jose.exportJWK(k.publicKey)), kid: `t-${alg}`, alg } };
}
const out = new URL('../../test-output/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('workerd-lti.json', out), JSON.stringify({ NOW, jwks, registration, record: login.record, resourceLink, deepLinking, tool }));
console.log('workerd LTI fixtures written');
