// A real OpenID provider for Townsquare's OIDC tests: panva's `oidc-provider` (certified by the
// OpenID Foundation), on loopback only, started and stopped by tests/oidc_provider.py.
//
//   node tests/oidc/provider.mjs            listens on 127.0.0.1, a free port
//   OIDC_PORT=9010 node tests/oidc/provider.mjs
//
// Prints one JSON line on stdout when it is ready: {"issuer": "http://127.0.0.1:<port>"}.
//
// What it serves is the provider's own protocol, untouched: discovery, JWKS, the authorization
// endpoint (PKCE required, S256 only), its development sign-in page (any password; the login
// names one of ACCOUNTS below), the token and userinfo endpoints, and dynamic client
// registration, which the tests use to register Townsquare with its redirect URI.
//
// One door more, for the tests of what Townsquare must refuse: POST /__test__/next-token with a
// JSON body changes the next token response's ID token the way a forger or a misconfigured
// provider would — {"tamper": "email"} swaps the e-mail in the payload and keeps the signature
// (so the signature no longer matches), {"claims": {...}} sets claims (null removes one) and
// signs again with the provider's own key (a wrong `aud`, an `exp` already past).

import { createServer } from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

// The test readers. The login on the sign-in page is the account id (and the ID token's sub).
const ACCOUNTS = {
  marta: {
    email: 'marta.subscriber@example.org',
    email_verified: true,
    name: 'Marta Quill',
    preferred_username: 'marta',
    groups: ['subscriber', 'readers'],
  },
  ben: {
    email: 'ben.reader@example.org',
    email_verified: true,
    name: 'Ben Ortiz',
    preferred_username: 'ben',
    groups: ['readers'],
  },
  // No address at all, and one the provider does not vouch for.
  nomail: { name: 'Nomail Reader', preferred_username: 'nomail', groups: ['subscriber'] },
  unverified: {
    email: 'unverified.reader@example.org',
    email_verified: false,
    name: 'Una Verified',
    preferred_username: 'unverified',
    groups: [],
  },
};

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };

const server = createServer();
await new Promise((resolve) => {
  server.listen(Number(process.env.OIDC_PORT || 0), '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [],
  jwks: { keys: [signingJwk] },
  cookies: { keys: ['townsquare-test-provider-only'] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: true },
  },
  pkce: { required: () => true },
  async findAccount(ctx, id) {
    if (!Object.hasOwn(ACCOUNTS, id)) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...ACCOUNTS[id] }) };
  },
  // First-party sign-in: the reader is never asked to consent to what the newsroom's own
  // comment system reads, so each sign-in gets a grant of the scopes it asked for.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    await grant.save();
    return grant;
  },
});

let nextTokenChange = null;

async function jsonBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

function payloadOf(idToken) {
  return JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString());
}

async function changed(idToken, change) {
  if (change.tamper) {
    const [header, , signature] = idToken.split('.');
    const payload = { ...payloadOf(idToken), email: 'someone.else@example.org' };
    return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
  }
  const claims = { ...payloadOf(idToken) };
  for (const [name, value] of Object.entries(change.claims || {})) {
    if (value === null) delete claims[name];
    else claims[name] = value;
  }
  return new jose.SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: signingJwk.kid, typ: 'JWT' })
    .sign(privateKey);
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test__/next-token' && ctx.method === 'POST') {
    nextTokenChange = await jsonBody(ctx.req);
    ctx.status = 204;
    return;
  }
  await next();
  if (ctx.path === '/token' && nextTokenChange && ctx.body && ctx.body.id_token) {
    const change = nextTokenChange;
    nextTokenChange = null;
    ctx.body = { ...ctx.body, id_token: await changed(ctx.body.id_token, change) };
  }
});

server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
