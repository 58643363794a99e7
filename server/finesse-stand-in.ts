/**
 * A stand-in for the one Finesse REST call the server makes to check an agent's credentials
 * (`GET /finesse/api/User/{id}` with Basic authentication), for tests: a node:http server on
 * 127.0.0.1 that knows a few users and answers as Finesse does (200 and a `<User>` document, 401
 * for a wrong password, 404 for another user's id).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FinesseStandInUser {
  readonly id: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  /** Finesse role names: `Agent`, `Supervisor`. */
  readonly roles: readonly string[];
}

export interface FinesseStandIn {
  readonly url: string;
  /** How many requests it has answered. */
  readonly requests: () => number;
  close(): Promise<void>;
}

const escape = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);

function userXml(user: FinesseStandInUser): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<User>
  <dialogs>/finesse/api/User/${escape(user.id)}/Dialogs</dialogs>
  <extension>1001001</extension>
  <firstName>${escape(user.firstName)}</firstName>
  <lastName>${escape(user.lastName)}</lastName>
  <loginId>${escape(user.id)}</loginId>
  <loginName>${escape(user.firstName.toLowerCase())}</loginName>
  <roles>${user.roles.map((role) => `<role>${escape(role)}</role>`).join('')}</roles>
  <settings><wrapUpOnIncoming>OPTIONAL</wrapUpOnIncoming></settings>
  <state>NOT_READY</state>
  <teamId>1</teamId>
  <teamName>Cumulus</teamName>
</User>`;
}

export async function startFinesseStandIn(users: readonly FinesseStandInUser[]): Promise<FinesseStandIn> {
  let answered = 0;
  const server: Server = createServer((request, response) => {
    answered += 1;
    const match = /^\/finesse\/api\/User\/([^/?]+)$/.exec(request.url ?? '');
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers.authorization ?? '');
    const [login, ...rest] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : [];
    const caller = users.find((user) => user.id === login && user.password === rest.join(':'));
    if (request.method !== 'GET' || !match) {
      response.writeHead(404).end();
    } else if (!caller) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Finesse"' }).end();
    } else if (decodeURIComponent(match[1]!) !== caller.id) {
      response.writeHead(404).end();
    } else {
      response.writeHead(200, { 'Content-Type': 'application/xml' }).end(userXml(caller));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
