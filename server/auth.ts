/**
 * Who is calling: every /v1 request is authenticated into a `Principal` (an id, a display name, a
 * tenant and roles) by the scheme of its Authorization header. OIDC/JWT bearer tokens, Finesse
 * agent credentials (Basic), API keys for machines (`Bearer cck_…`) and the local `--token` are
 * the ways in; docs/server.md says how to configure each. A refusal never says which check failed.
 */
import { timingSafeEqual } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { isLoopback } from './config.js';
import type { ApiKeys } from './api-keys.js';
import { FinesseAuthenticator, type FinesseAuthOptions } from './finesse-auth.js';
import { API_KEY_PREFIX, LOCAL_PRINCIPAL, NO_ROLE, REFUSED, knownRoles, type AuthResult, type Principal } from './principal.js';

export * from './principal.js';

/** Asymmetric algorithms only: `none` and the HS* family (a shared secret) are never accepted. */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;
export const DEFAULT_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;

export interface JwtClaimNames {
  /** The claim holding the tenant (default `tenant`; Entra ID uses `tid`). */
  readonly tenant?: string;
  /** The claim holding the roles, a dotted path for nested ones (default `roles`; Keycloak: `realm_access.roles`). */
  readonly roles?: string;
  /** The display name (default `name`). */
  readonly name?: string;
}

export interface JwtAuthOptions {
  readonly issuer: string;
  readonly audience: string | readonly string[];
  /** The issuer's JWKS address (fetched and cached); or `jwks`, a key set given here. */
  readonly jwksUrl?: string;
  readonly jwks?: JSONWebKeySet;
  /** Default RS256, ES256, EdDSA. */
  readonly algorithms?: readonly string[];
  /** Tolerance for exp/nbf/iat, in seconds (default 30). */
  readonly clockSkewSec?: number;
  readonly claims?: JwtClaimNames;
}

export interface AuthOptions {
  /** One issuer, or several (each token is tried against each). */
  readonly jwt?: JwtAuthOptions | readonly JwtAuthOptions[];
  readonly finesse?: FinesseAuthOptions;
  /** Accept API keys (`Authorization: Bearer cck_…`) from the `api_keys` table. */
  readonly apiKeys?: boolean;
  /** The local shared token: `Authorization: Bearer <token>` acts as `LOCAL_PRINCIPAL`. */
  readonly token?: string;
  /** The tenant the local operator (the token, or a server without authentication) acts in (default `default`). */
  readonly tokenTenant?: string;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const TEXT_CLAIM = /^[^\u0000-\u001f\u007f]{1,200}$/;

function textClaim(value: unknown): string | undefined {
  return typeof value === 'string' && TEXT_CLAIM.test(value) ? value : undefined;
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One issuer's tokens: signature against its JWKS, issuer, audience, time, algorithm, then claims. */
class JwtVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>;
  private readonly algorithms: string[];
  private readonly remote: boolean = false;

  constructor(
    private readonly options: JwtAuthOptions,
    private readonly now: () => number,
  ) {
    if (!options.issuer || !options.audience || (Array.isArray(options.audience) && !options.audience.length)) {
      throw new Error('JWT authentication needs an issuer and an audience');
    }
    this.algorithms = [...(options.algorithms ?? DEFAULT_ALGORITHMS)];
    const unsafe = this.algorithms.filter((alg) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg));
    if (!this.algorithms.length || unsafe.length) {
      throw new Error(`JWT algorithms must be asymmetric (${ASYMMETRIC_ALGORITHMS.join(', ')}); refused: ${unsafe.join(', ') || 'an empty list'}`);
    }
    if (options.jwks) this.keys = createLocalJWKSet(options.jwks);
    else if (options.jwksUrl) {
      const url = new URL(options.jwksUrl);
      if (url.protocol !== 'https:' && !isLoopback(url.hostname)) {
        throw new Error('The JWKS address must be https (http only on loopback)');
      }
      this.keys = createRemoteJWKSet(url);
      this.remote = true;
    } else throw new Error('JWT authentication needs jwksUrl or jwks');
  }

  /** Whether a token names this issuer (read before its signature is checked, only to pick whose keys check it). */
  issues(token: string): boolean {
    try {
      return decodeJwt(token).iss === this.options.issuer;
    } catch {
      return false;
    }
  }

  async verify(token: string): Promise<AuthResult | undefined> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: typeof this.options.audience === 'string' ? this.options.audience : [...this.options.audience],
        algorithms: this.algorithms,
        clockTolerance: this.options.clockSkewSec ?? 30,
        currentDate: new Date(this.now()),
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      // No verdict on the token when its issuer's keys cannot be read: the caller may try again.
      return this.remote && keysUnreadable(error) ? ISSUER_UNREACHABLE : undefined;
    }
    const claims = this.options.claims ?? {};
    const id = textClaim(payload.sub);
    const tenant = textClaim(claimAt(payload, claims.tenant ?? 'tenant'));
    if (!id || !tenant) return REFUSED;
    const roles = knownRoles(claimAt(payload, claims.roles ?? 'roles'));
    if (!roles.length) return NO_ROLE;
    const name = textClaim(claimAt(payload, claims.name ?? 'name')) ?? id;
    return { ok: true, principal: { id, name, tenant, roles, via: 'jwt' } };
  }
}

const ISSUER_UNREACHABLE: AuthResult = { ok: false, status: 503, detail: 'The token issuer could not be reached to check the token' };

/** Whether jose failed to read a remote key set (no answer, not 200, not JSON, no key set), rather than found the token wanting. */
function keysUnreadable(error: unknown): boolean {
  if (!(error instanceof joseErrors.JOSEError)) return true;
  return error.code === joseErrors.JWKSTimeout.code || error.code === joseErrors.JWKSInvalid.code || error.code === joseErrors.JOSEError.code;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

/** The configured ways in, tried by the scheme of the Authorization header. */
export class Authenticator {
  private readonly jwt: JwtVerifier[];
  private readonly finesse: FinesseAuthenticator | undefined;

  constructor(
    private readonly options: AuthOptions,
    private readonly apiKeys: ApiKeys | undefined,
    now: () => number = Date.now,
  ) {
    const issuers = options.jwt === undefined ? [] : Array.isArray(options.jwt) ? options.jwt : [options.jwt as JwtAuthOptions];
    this.jwt = issuers.map((issuer) => new JwtVerifier(issuer, now));
    this.finesse = options.finesse ? new FinesseAuthenticator(options.finesse, now) : undefined;
    if (options.apiKeys && !apiKeys) throw new Error('API keys need the key table');
  }

  /** The local operator, in the tenant configured for it. */
  private get local(): Principal {
    const tenant = this.options.tokenTenant;
    return tenant === undefined || tenant === LOCAL_PRINCIPAL.tenant ? LOCAL_PRINCIPAL : Object.freeze({ ...LOCAL_PRINCIPAL, tenant });
  }

  /** Without any way in configured the server is open: every caller is the local operator (keep it on loopback). */
  get open(): boolean {
    return !this.jwt.length && !this.finesse && !this.options.apiKeys && this.options.token === undefined;
  }

  /** The schemes a 401 invites. */
  get challenge(): string {
    const schemes = ['Bearer realm="customer-context"'];
    if (this.finesse) schemes.push('Basic realm="customer-context", charset="UTF-8"');
    return schemes.join(', ');
  }

  async authenticate(header: string | undefined): Promise<AuthResult> {
    if (this.open) return { ok: true, principal: this.local };
    const match = /^(\S+) +(\S+) *$/.exec(header ?? '');
    if (!match) return REFUSED;
    const scheme = match[1]!.toLowerCase();
    const credentials = match[2]!;
    if (scheme === 'basic') return this.finesse ? this.finesse.verify(credentials) : REFUSED;
    if (scheme !== 'bearer') return REFUSED;
    if (credentials.startsWith(API_KEY_PREFIX)) {
      const principal = this.options.apiKeys ? await this.apiKeys?.principalOf(credentials) : undefined;
      return principal ? { ok: true, principal } : REFUSED;
    }
    if (JWT_SHAPE.test(credentials)) {
      for (const verifier of this.jwt.filter((candidate) => candidate.issues(credentials))) {
        const result = await verifier.verify(credentials);
        if (result) return result;
      }
    }
    if (this.options.token !== undefined && sameSecret(credentials, this.options.token)) return { ok: true, principal: this.local };
    return REFUSED;
  }
}
