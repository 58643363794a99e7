/**
 * Identities for server tests: an OIDC-style issuer whose keys exist only in the test page (the
 * server is given the public half as a JWKS), tokens signed with them, Basic credentials, and
 * small request helpers.
 */
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { executeServerCommand } from '@web/test-runner-commands';
import type { TestServer, TestServerOptions } from './http-support.js';

export const ISSUER = 'https://login.example.com/realms/cumulus';
export const AUDIENCE = 'customer-context';
/** The servers' clock in these tests: tokens are dated from it, and `advance-clock` moves it. */
export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
export const NOW_SEC = Math.floor(T0 / 1000);

export interface TestIssuer {
  readonly jwk: JWK;
  readonly privateKey: CryptoKey;
  readonly kid: string;
}

export async function makeIssuer(alg: 'ES256' | 'RS256', kid: string): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }, privateKey, kid };
}

/** The PEM of an issuer's public key: the bytes a careless verifier would take as an HMAC secret. */
export async function publicPem(alg: 'RS256', kid: string): Promise<{ issuer: TestIssuer; pem: string }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { issuer: { jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }, privateKey, kid }, pem: await exportSPKI(publicKey) };
}

export interface TokenOptions {
  readonly alg?: string;
  readonly issuer?: string;
  readonly audience?: string;
  readonly sub?: string | null;
  readonly exp?: number;
  readonly nbf?: number;
  readonly kid?: string;
}

/** Claims in the Keycloak shape these tests configure: tenant in `tid`, roles in `realm_access.roles`. */
export function claimsFor(roles: readonly string[], tenant: string | null = 'cumulus', name = 'Alex Agent'): JWTPayload {
  return { name, ...(tenant === null ? {} : { tid: tenant }), realm_access: { roles: [...roles] } };
}

export async function signToken(issuer: TestIssuer, claims: JWTPayload, options: TokenOptions = {}): Promise<string> {
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? String(issuer.jwk.alg), kid: options.kid ?? issuer.kid })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(NOW_SEC - 60)
    .setExpirationTime(options.exp ?? NOW_SEC + 300);
  if (options.sub !== null) jwt = jwt.setSubject(options.sub ?? 'alex.agent');
  if (options.nbf !== undefined) jwt = jwt.setNotBefore(options.nbf);
  return jwt.sign(issuer.privateKey);
}

const base64url = (text: string) => btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

/** An unsigned token (`alg: none`) with the claims of a valid one. */
export function unsignedToken(claims: JWTPayload): string {
  const payload = { ...claims, iss: ISSUER, aud: AUDIENCE, sub: 'alex.agent', iat: NOW_SEC - 60, exp: NOW_SEC + 300 };
  return `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}.`;
}

/** A token signed HS256 with `secret` as the HMAC key. */
export async function hmacToken(secret: string, claims: JWTPayload, kid: string): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('alex.agent')
    .setIssuedAt(NOW_SEC - 60)
    .setExpirationTime(NOW_SEC + 300)
    .sign(new TextEncoder().encode(secret));
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const basic = (id: string, password: string) => ({ Authorization: `Basic ${btoa(`${id}:${password}`)}` });

export async function call(
  server: TestServer,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export interface FinesseUser {
  readonly id: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly roles: readonly string[];
}

export async function startFinesse(users: readonly FinesseUser[]): Promise<{ id: string; url: string }> {
  return (await executeServerCommand<{ id: string; url: string }, object>('cc-server', { action: 'finesse-start', users }))!;
}

export async function finesseRequests(id: string): Promise<number> {
  return (await executeServerCommand<{ requests: number }, object>('cc-server', { action: 'finesse-requests', id }))!.requests;
}

export async function stopFinesse(id: string): Promise<void> {
  await executeServerCommand('cc-server', { action: 'finesse-stop', id });
}

export async function advanceClock(server: TestServer, ms: number): Promise<void> {
  await executeServerCommand('cc-server', { action: 'advance-clock', id: server.id, ms });
}

let contractIssuer: Promise<TestIssuer> | undefined;

/**
 * Authentication on for the adapter contract: a server that accepts only the tokens of a test
 * issuer whose keys exist only in this page (on a clock standing at the tokens' time), and an
 * administrator's token of that issuer (deletes in the lab partition need one).
 */
export const signedIn = {
  async serverOptions(extra: TestServerOptions = {}): Promise<TestServerOptions> {
    const { jwk } = await (contractIssuer ??= makeIssuer('ES256', 'contract-es'));
    return {
      ...extra,
      clockAt: T0,
      auth: { jwt: { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [jwk] }, claims: { tenant: 'tid', roles: 'realm_access.roles' } } },
    };
  },
  async adminToken(): Promise<string> {
    return signToken(await (contractIssuer ??= makeIssuer('ES256', 'contract-es')), claimsFor(['admin', 'supervisor', 'agent'], 'cumulus', 'Ada Admin'), { sub: 'ada' });
  },
};
