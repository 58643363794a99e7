/**
 * A development token issuer, for the demo only (`--seed demo --dev-issuer`): a key pair made at
 * start and never stored, its public JWKS, and short-lived tokens for the demo's two people, so
 * that the demo can be tried as an agent and as a supervisor. Never part of a real deployment.
 */
import { SignJWT, exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import type { JwtAuthOptions } from './auth.js';

export const DEV_ISSUER = 'urn:customer-context:dev-issuer';
export const DEV_AUDIENCE = 'customer-context';
export const DEV_TENANT = 'demo';
const LIFETIME_SEC = 15 * 60;

export const DEV_USERS = {
  agent: { sub: 'alex.agent', name: 'Alex Agent', roles: ['agent'] },
  supervisor: { sub: 'sam.supervisor', name: 'Sam Supervisor', roles: ['supervisor', 'agent'] },
} as const;
export type DevUser = keyof typeof DEV_USERS;

export interface DevIssuer {
  /** The JWT settings that accept this issuer's tokens. */
  readonly jwt: JwtAuthOptions;
  readonly jwks: JSONWebKeySet;
  mint(user: DevUser): Promise<{ token: string; expiresIn: number }>;
}

export async function createDevIssuer(now: () => number = Date.now): Promise<DevIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = `dev-${Math.floor(now() / 1000).toString(36)}`;
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
  return {
    jwks,
    jwt: { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, jwks, algorithms: ['ES256'] },
    async mint(user) {
      const person = DEV_USERS[user];
      const issuedAt = Math.floor(now() / 1000);
      const token = await new SignJWT({ name: person.name, tenant: DEV_TENANT, roles: [...person.roles] })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject(person.sub)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + LIFETIME_SEC)
        .sign(privateKey);
      return { token, expiresIn: LIFETIME_SEC };
    },
  };
}
