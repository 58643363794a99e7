import { expect } from '@open-wc/testing';
import { devIssuerToken } from '../../src/demo/dev-sign-in.js';
import { connect, startServer, stopServer, type TestServer } from '../server/http-support.js';

describe('demo sign-in', function () {
  let server: TestServer;

  afterEach(async () => {
    await stopServer(server);
  });

  it('signs the demo in as its agent or supervisor on a server with the development issuer, asking once per token', async () => {
    server = await startServer({ devIssuer: true });
    let asked = 0;
    const counting: typeof fetch = (...args) => {
      asked += 1;
      return fetch(...args);
    };
    const agentToken = devIssuerToken(server.url, 'agent', counting);
    const [first, second] = await Promise.all([agentToken(), agentToken()]);
    expect(first).to.equal(second);
    expect(await agentToken()).to.equal(first);
    expect(asked).to.equal(1);
    const asAgent = await connect(server, {}, { token: agentToken });
    const asSupervisor = await connect(server, {}, { token: devIssuerToken(server.url, 'supervisor') });
    try {
      expect(await asAgent.identity()).to.deep.equal({ id: 'alex.agent', name: 'Alex Agent', roles: ['agent'], canReveal: false });
      expect(await asSupervisor.identity()).to.include({ name: 'Sam Supervisor', canReveal: true });
    } finally {
      asAgent.close();
      asSupervisor.close();
    }
  });

  it('says how to start the server when it has no development issuer', async () => {
    server = await startServer();
    const failure = await devIssuerToken(server.url, 'agent')().then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).to.contain('--seed demo --dev-issuer');
  });
});
