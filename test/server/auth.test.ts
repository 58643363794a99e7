import { expect } from '@open-wc/testing';
import { startServer, stopServer, type TestServer } from './http-support.js';
import {
  AUDIENCE,
  ISSUER,
  NOW_SEC,
  T0,
  advanceClock,
  basic,
  bearer,
  call,
  claimsFor,
  finesseRequests,
  hmacToken,
  makeIssuer,
  publicPem,
  signToken,
  startFinesse,
  stopFinesse,
  unsignedToken,
  type TestIssuer,
} from './auth-support.js';

interface Me {
  id: string;
  name: string;
  tenant: string;
  roles: string[];
  via: string;
  canReveal: boolean;
}

const LOCAL_TOKEN = 'local-operator-secret';
/** An address where nothing listens (port 1 on loopback): every connection is refused at once. */
const UNREACHABLE = 'http://127.0.0.1:1';

const FINESSE_USERS = [
  { id: '1001', password: 'agent-pw', firstName: 'Alex', lastName: 'Agent', roles: ['Agent'] },
  { id: '1002', password: 'super-pw', firstName: 'Sam', lastName: 'Supervisor', roles: ['Agent', 'Supervisor'] },
  { id: '1003', password: 'admin-pw', firstName: 'Ada', lastName: 'Admin', roles: ['Administrator'] },
];

async function me(server: TestServer, headers: Record<string, string>): Promise<Me> {
  const response = await call(server, 'GET', '/v1/me', headers);
  expect(response.status, await response.clone().text()).to.equal(200);
  return (await response.json()) as Me;
}

/** A refusal of credentials: 401, a challenge, and one generic reason whatever failed. */
async function expectRefused(server: TestServer, headers: Record<string, string>, what: string, status = 401): Promise<void> {
  const response = await call(server, 'GET', '/v1/me', headers);
  expect(response.status, what).to.equal(status);
  const problem = (await response.json()) as { code: string; detail: string };
  expect(problem.code, what).to.equal(status === 401 ? 'unauthenticated' : 'forbidden');
  if (status === 401) {
    expect(response.headers.get('WWW-Authenticate'), what).to.contain('Bearer realm="customer-context"');
    expect(problem.detail, what).to.equal('The credentials are missing or not accepted');
  }
  const secret = headers['Authorization']?.split(' ')[1];
  if (secret) expect(JSON.stringify(problem), `${what}: the answer quotes the credentials`).not.to.contain(secret);
}

describe('server authentication', function () {
  let issuer: TestIssuer;
  let rsa: { issuer: TestIssuer; pem: string };
  let stranger: TestIssuer;
  let finesse: { id: string; url: string };
  let server: TestServer;

  before(async () => {
    issuer = await makeIssuer('ES256', 'cumulus-es');
    rsa = await publicPem('RS256', 'cumulus-rs');
    // Same kid as the trusted key: a key the server does not have must not pass for it.
    stranger = await makeIssuer('ES256', 'cumulus-es');
    finesse = await startFinesse(FINESSE_USERS);
  });

  after(async () => {
    await stopFinesse(finesse.id);
  });

  beforeEach(async () => {
    server = await startServer({
      clockAt: T0,
      auth: {
        jwt: {
          issuer: ISSUER,
          audience: AUDIENCE,
          jwks: { keys: [issuer.jwk, rsa.issuer.jwk] },
          claims: { tenant: 'tid', roles: 'realm_access.roles' },
        },
        finesse: { baseUrl: finesse.url, tenant: 'cumulus' },
        apiKeys: true,
        token: LOCAL_TOKEN,
      },
    });
  });

  afterEach(async () => {
    await stopServer(server);
  });

  describe('JWT bearer tokens', () => {
    it('accepts a valid token: id, name, tenant and the known roles from the configured claims', async () => {
      const token = await signToken(issuer, claimsFor(['supervisor', 'agent', 'offline_access', 'uma_authorization'], 'cumulus', 'Sam Supervisor'), { sub: 'sam' });
      expect(await me(server, bearer(token))).to.deep.equal({
        id: 'sam',
        name: 'Sam Supervisor',
        tenant: 'cumulus',
        roles: ['supervisor', 'agent'],
        via: 'jwt',
        canReveal: true,
      });
      const rs = await signToken(rsa.issuer, claimsFor(['agent']));
      expect(await me(server, bearer(rs))).to.include({ id: 'alex.agent', via: 'jwt', canReveal: false });
    });

    it('tolerates 30 s of clock skew and no more', async () => {
      const justExpired = await signToken(issuer, claimsFor(['agent']), { exp: NOW_SEC - 20 });
      expect((await me(server, bearer(justExpired))).id).to.equal('alex.agent');
      const nearlyValid = await signToken(issuer, claimsFor(['agent']), { nbf: NOW_SEC + 20 });
      expect((await me(server, bearer(nearlyValid))).id).to.equal('alex.agent');
    });

    it('refuses an expired token', async () => {
      await expectRefused(server, bearer(await signToken(issuer, claimsFor(['agent']), { exp: NOW_SEC - 31 })), 'expired');
    });

    it('refuses a token that becomes valid later', async () => {
      await expectRefused(server, bearer(await signToken(issuer, claimsFor(['agent']), { nbf: NOW_SEC + 31 })), 'not yet valid');
    });

    it('refuses a token that expires once the clock moves on', async () => {
      const token = await signToken(issuer, claimsFor(['agent']), { exp: NOW_SEC + 60 });
      expect((await me(server, bearer(token))).id).to.equal('alex.agent');
      await advanceClock(server, 91_000);
      await expectRefused(server, bearer(token), 'expired later');
    });

    it('refuses a token for another audience', async () => {
      await expectRefused(server, bearer(await signToken(issuer, claimsFor(['agent']), { audience: 'another-app' })), 'wrong audience');
    });

    it('refuses a token from another issuer', async () => {
      await expectRefused(server, bearer(await signToken(issuer, claimsFor(['agent']), { issuer: 'https://evil.example.com' })), 'wrong issuer');
    });

    it('refuses a token whose signature does not match', async () => {
      const token = await signToken(issuer, claimsFor(['agent']));
      const [header, , signature] = token.split('.');
      const forged = await signToken(issuer, claimsFor(['admin']));
      await expectRefused(server, bearer(`${header}.${forged.split('.')[1]}.${signature}`), 'bad signature (payload swapped)');
      const flipped = signature!.startsWith('A') ? `B${signature!.slice(1)}` : `A${signature!.slice(1)}`;
      await expectRefused(server, bearer(`${token.split('.').slice(0, 2).join('.')}.${flipped}`), 'bad signature (bits flipped)');
    });

    it('refuses an unsigned token (alg none)', async () => {
      await expectRefused(server, bearer(unsignedToken(claimsFor(['admin']))), 'alg none');
    });

    it('refuses HS256 signed with the public key as the secret', async () => {
      await expectRefused(server, bearer(await hmacToken(rsa.pem, claimsFor(['admin']), 'cumulus-rs')), 'HS256 with the public key PEM');
      await expectRefused(server, bearer(await hmacToken(JSON.stringify(rsa.issuer.jwk), claimsFor(['admin']), 'cumulus-rs')), 'HS256 with the public JWK');
    });

    it('answers 503, not a verdict, when the issuer’s key set cannot be read; tokens of another issuer are not held up by it', async () => {
      const down = 'https://down.example.com';
      const cut = await startServer({
        clockAt: T0,
        auth: {
          jwt: [
            { issuer: down, audience: AUDIENCE, jwksUrl: `${UNREACHABLE}/jwks.json`, claims: { tenant: 'tid', roles: 'realm_access.roles' } },
            { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [issuer.jwk] }, claims: { tenant: 'tid', roles: 'realm_access.roles' } },
          ],
        },
      });
      try {
        const unchecked = await call(cut, 'GET', '/v1/me', bearer(await signToken(issuer, claimsFor(['agent']), { issuer: down })));
        expect(unchecked.status).to.equal(503);
        expect(((await unchecked.json()) as { code: string }).code).to.equal('unavailable');
        expect((await me(cut, bearer(await signToken(issuer, claimsFor(['agent']))))).via).to.equal('jwt');
        await expectRefused(cut, bearer(await signToken(stranger, claimsFor(['agent']))), 'a key the working issuer does not have');
        await expectRefused(cut, bearer('not.a-token.at-all'), 'garbage');
      } finally {
        await stopServer(cut);
      }
    });

    it('refuses a token signed with a key that is not in the JWKS', async () => {
      await expectRefused(server, bearer(await signToken(stranger, claimsFor(['agent']))), 'key not in the JWKS');
      await expectRefused(server, bearer(await signToken(stranger, claimsFor(['agent']), { kid: 'unknown-kid' })), 'unknown kid');
    });

    it('refuses a token without a tenant or a subject', async () => {
      await expectRefused(server, bearer(await signToken(issuer, claimsFor(['agent'], null))), 'missing tenant');
      await expectRefused(server, bearer(await signToken(issuer, claimsFor(['agent']), { sub: null })), 'missing subject');
    });

    it('refuses a token whose roles are all unknown here (403)', async () => {
      await expectRefused(server, bearer(await signToken(issuer, claimsFor(['offline_access', 'Agent-of-chaos']))), 'unknown roles only', 403);
      await expectRefused(server, bearer(await signToken(issuer, claimsFor([]))), 'no roles', 403);
    });

    it('refuses a request without credentials, or with an unknown scheme', async () => {
      await expectRefused(server, {}, 'no Authorization header');
      await expectRefused(server, { Authorization: 'Digest username="1001"' }, 'unknown scheme');
      await expectRefused(server, { Authorization: 'Bearer' }, 'empty bearer');
      await expectRefused(server, bearer('not.a.token'), 'garbled token');
    });

    it('refuses on every /v1 route and on the fault harness, not only on one', async () => {
      for (const [method, path] of [
        ['GET', '/v1/customers?q=jordan'],
        ['POST', '/v1/customers'],
        ['GET', '/v1/changes'],
        ['GET', '/v1/events'],
        ['POST', '/v1/admin/api-keys'],
        ['GET', '/__faults/log'],
      ] as const) {
        const response = await call(server, method, path, {}, method === 'POST' ? {} : undefined);
        expect(response.status, `${method} ${path}`).to.equal(401);
        await response.body?.cancel();
      }
    });
  });

  describe('the local token', () => {
    it('acts as the local operator', async () => {
      expect(await me(server, bearer(LOCAL_TOKEN))).to.deep.equal({
        id: 'local',
        name: 'Local operator',
        tenant: 'default',
        roles: ['admin', 'supervisor', 'agent'],
        via: 'token',
        canReveal: true,
      });
    });

    it('refuses another token', async () => {
      await expectRefused(server, bearer(`${LOCAL_TOKEN}x`), 'wrong local token');
      await expectRefused(server, bearer(LOCAL_TOKEN.slice(0, -1)), 'local token prefix');
    });

    it('is the identity of a server with no authentication configured', async () => {
      const open = await startServer();
      try {
        expect(await me(open, {})).to.include({ id: 'local', via: 'token' });
      } finally {
        await stopServer(open);
      }
    });
  });

  describe('API keys', () => {
    async function createKey(body: unknown, headers: Record<string, string> = bearer(LOCAL_TOKEN)): Promise<Response> {
      return call(server, 'POST', '/v1/admin/api-keys', headers, body);
    }

    it('are created by an admin, shown once, listed without their value, and act with their scopes', async () => {
      const created = await createKey({ name: 'IVR', tenant: 'cumulus', scopes: ['ingest'] });
      expect(created.status).to.equal(201);
      const { key, apiKey } = (await created.json()) as { key: string; apiKey: { id: string; name: string; tenant: string; scopes: string[] } };
      expect(key).to.match(/^cck_[A-Za-z0-9_-]{43}$/);
      expect(apiKey).to.include({ name: 'IVR', tenant: 'cumulus' });
      const listed = await (await call(server, 'GET', '/v1/admin/api-keys', bearer(LOCAL_TOKEN))).text();
      expect(listed).to.contain(apiKey.id);
      expect(listed).not.to.contain(key);
      expect(listed).not.to.contain(key.slice(4));
      expect(await me(server, bearer(key))).to.deep.equal({ id: `api-key:${apiKey.id}`, name: 'IVR', tenant: 'cumulus', roles: ['ingest'], via: 'api-key', canReveal: false });
    });

    it('refuses an unknown key, a garbled one and a revoked one', async () => {
      const { key, apiKey } = (await (await createKey({ name: 'CRM sync', scopes: ['ingest'] })).json()) as { key: string; apiKey: { id: string } };
      const unknown = `cck_${'A'.repeat(43)}`;
      await expectRefused(server, bearer(unknown), 'unknown API key');
      await expectRefused(server, bearer(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`), 'API key with one character changed');
      await expectRefused(server, bearer('cck_short'), 'garbled API key');
      await expectRefused(server, bearer(`${key}x`), 'API key with a tail');
      expect((await me(server, bearer(key))).via).to.equal('api-key');
      const revoked = await call(server, 'DELETE', `/v1/admin/api-keys/${apiKey.id}`, bearer(LOCAL_TOKEN));
      expect(revoked.status).to.equal(200);
      expect(((await revoked.json()) as { revoked?: string }).revoked).to.be.a('string');
      await expectRefused(server, bearer(key), 'revoked API key');
    });

    it('are refused input that names no scope or an unknown one', async () => {
      expect((await createKey({ name: 'x', scopes: [] })).status).to.equal(422);
      expect((await createKey({ name: 'x', scopes: ['root'] })).status).to.equal(422);
      expect((await createKey({ name: '', scopes: ['ingest'] })).status).to.equal(422);
    });

    it('are created by admins only, for their own tenant', async () => {
      const agent = await signToken(issuer, claimsFor(['agent', 'supervisor']));
      const refused = await createKey({ name: 'mine', scopes: ['admin'] }, bearer(agent));
      expect(refused.status).to.equal(403);
      expect(((await refused.json()) as { code: string }).code).to.equal('forbidden');
      const admin = await signToken(issuer, claimsFor(['admin']));
      expect((await createKey({ name: 'other tenant', tenant: 'someone-else', scopes: ['ingest'] }, bearer(admin))).status).to.equal(403);
      const own = await createKey({ name: 'own tenant', scopes: ['ingest'] }, bearer(admin));
      expect(own.status).to.equal(201);
      expect(((await own.json()) as { apiKey: { tenant: string } }).apiKey.tenant).to.equal('cumulus');
    });
  });

  describe('Finesse credentials', () => {
    it('accept an agent and a supervisor with their Finesse names and roles, in the configured tenant', async () => {
      expect(await me(server, basic('1001', 'agent-pw'))).to.deep.equal({ id: '1001', name: 'Alex Agent', tenant: 'cumulus', roles: ['agent'], via: 'finesse', canReveal: false });
      expect(await me(server, basic('1002', 'super-pw'))).to.deep.equal({
        id: '1002',
        name: 'Sam Supervisor',
        tenant: 'cumulus',
        roles: ['agent', 'supervisor'],
        via: 'finesse',
        canReveal: true,
      });
    });

    it('refuse a wrong password, an unknown agent, and a Finesse user with neither role', async () => {
      await expectRefused(server, basic('1001', 'wrong'), 'wrong Finesse password');
      await expectRefused(server, basic('9999', 'agent-pw'), 'unknown Finesse agent');
      await expectRefused(server, basic('../1001', 'agent-pw'), 'Finesse id with a path');
      await expectRefused(server, basic('..', 'agent-pw'), 'Finesse id that is a dot segment');
      await expectRefused(server, { Authorization: 'Basic !!!' }, 'Basic value not base64');
      await expectRefused(server, { Authorization: `Basic ${btoa('1001')}` }, 'Basic without a password');
      await expectRefused(server, basic('1003', 'admin-pw'), 'Finesse user without an agent role', 403);
    });

    it('are checked with Finesse once per minute, wrong ones too, keyed by the credentials', async () => {
      const before = await finesseRequests(finesse.id);
      await me(server, basic('1001', 'agent-pw'));
      await me(server, basic('1001', 'agent-pw'));
      expect(await finesseRequests(finesse.id)).to.equal(before + 1);
      await expectRefused(server, basic('1001', 'guess-1'), 'wrong Finesse password (cached)');
      await expectRefused(server, basic('1001', 'guess-1'), 'wrong Finesse password (cached, again)');
      expect(await finesseRequests(finesse.id)).to.equal(before + 2);
      // Another password is another verdict: a cached success never lets a wrong password in.
      await expectRefused(server, basic('1001', 'agent-pw '), 'Finesse password with a trailing space');
      expect(await finesseRequests(finesse.id)).to.equal(before + 3);
      await advanceClock(server, 59_000);
      await me(server, basic('1001', 'agent-pw'));
      expect(await finesseRequests(finesse.id)).to.equal(before + 3);
      await advanceClock(server, 2000);
      await me(server, basic('1001', 'agent-pw'));
      expect(await finesseRequests(finesse.id)).to.equal(before + 4);
    });

    it('answer 503, not a verdict, when Finesse cannot be reached', async () => {
      const cut = await startServer({ clockAt: T0, auth: { finesse: { baseUrl: UNREACHABLE, tenant: 'cumulus' } } });
      try {
        const response = await call(cut, 'GET', '/v1/me', basic('1001', 'agent-pw'));
        expect(response.status).to.equal(503);
        expect(((await response.json()) as { code: string }).code).to.equal('unavailable');
      } finally {
        await stopServer(cut);
      }
    });
  });

  describe('the development issuer', () => {
    it('signs short-lived tokens for the demo agent and supervisor, accepted by its server', async () => {
      const demo = await startServer({ devIssuer: true });
      try {
        const agent = (await (await call(demo, 'POST', '/dev/token', {}, { user: 'agent' })).json()) as { access_token: string; expires_in: number };
        expect(agent.expires_in).to.be.at.most(900);
        expect(await me(demo, bearer(agent.access_token))).to.deep.equal({ id: 'alex.agent', name: 'Alex Agent', tenant: 'demo', roles: ['agent'], via: 'jwt', canReveal: false });
        const supervisor = (await (await call(demo, 'POST', '/dev/token', {}, { user: 'supervisor' })).json()) as { access_token: string };
        expect(await me(demo, bearer(supervisor.access_token))).to.include({ name: 'Sam Supervisor', canReveal: true });
        expect((await call(demo, 'POST', '/dev/token', {}, { user: 'admin' })).status).to.equal(422);
        // Its tokens mean nothing to another server.
        await expectRefused(server, bearer(agent.access_token), 'dev token on another server');
      } finally {
        await stopServer(demo);
      }
    });

    it('does not exist unless asked for', async () => {
      expect((await call(server, 'POST', '/dev/token', {}, { user: 'agent' })).status).to.equal(404);
      expect((await call(server, 'GET', '/dev/jwks.json', {})).status).to.equal(404);
    });
  });
});
