/**
 * Finesse agents sign in with their own Finesse credentials (`Authorization: Basic
 * base64(agentId:password)`, what `finesse.gadget.Config.authorization` holds). The server asks
 * the Finesse it is configured for, never a host named by the request:
 * `GET {baseUrl}/finesse/api/User/{id}` with those credentials answers 200 and the agent's
 * `<User>` for valid ones. Verdicts, positive and negative, are cached for a short time, keyed by
 * a keyed hash of the credentials; the password itself is never kept.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { SaxesParser } from 'saxes';
import { isLoopback } from './config.js';
import { REFUSED, NO_ROLE, type AuthResult, type Role } from './principal.js';

export interface FinesseAuthOptions {
  /** The Finesse server, e.g. `https://finesse.example.com:8445`. */
  readonly baseUrl: string;
  /** The tenant every agent of this Finesse belongs to. */
  readonly tenant: string;
  /** How long a verdict is reused (default 60 s). */
  readonly cacheMs?: number;
  /** How long the server waits for Finesse (default 5 s). */
  readonly timeoutMs?: number;
}

export interface FinesseUser {
  readonly loginId?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly roles: readonly string[];
}

/** Reads a Finesse `<User>` document; throws on anything that is not well-formed XML with a User root. */
export function parseFinesseUser(xml: string): FinesseUser {
  const parser = new SaxesParser();
  const path: string[] = [];
  const fields: Record<string, string> = {};
  const roles: string[] = [];
  let text = '';
  let root: string | undefined;
  parser.on('opentag', (tag) => {
    root ??= tag.name;
    path.push(tag.name);
    text = '';
  });
  parser.on('text', (chunk) => {
    text += chunk;
  });
  parser.on('closetag', () => {
    const where = path.join('/');
    if (where === 'User/roles/role') roles.push(text.trim());
    else if (path.length === 2) fields[path[1]!] = text.trim();
    path.pop();
    text = '';
  });
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();
  if (root !== 'User') throw new Error('Not a Finesse User document');
  return {
    roles,
    ...(fields['loginId'] ? { loginId: fields['loginId'] } : {}),
    ...(fields['firstName'] ? { firstName: fields['firstName'] } : {}),
    ...(fields['lastName'] ? { lastName: fields['lastName'] } : {}),
  };
}

const FINESSE_ROLES: Readonly<Record<string, Role>> = { Agent: 'agent', Supervisor: 'supervisor' };

/** Finesse ids are digits or login names; nothing that could leave the User path (no `/`, no `.` or `..` segment). */
const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const MAX_CACHED = 10_000;

export class FinesseAuthenticator {
  private readonly base: string;
  private readonly cache = new Map<string, { readonly until: number; readonly result: AuthResult }>();
  /** Keys the cache's hashes, so that a memory dump does not let anyone test guesses offline. */
  private readonly secret = randomBytes(32);

  constructor(
    private readonly options: FinesseAuthOptions,
    private readonly now: () => number,
  ) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && !isLoopback(url.hostname)) {
      throw new Error('The Finesse address must be https (http only on loopback)');
    }
    if (!options.tenant) throw new Error('Finesse sign-in needs the tenant of its agents');
    this.base = url.origin;
  }

  async verify(credentials: string): Promise<AuthResult> {
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(credentials) ? Buffer.from(credentials, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const id = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    if (colon < 1 || !AGENT_ID.test(id) || !password) return REFUSED;
    const key = createHmac('sha256', this.secret).update(`${id}\u0000${password}`).digest('base64');
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.result;
    this.cache.delete(key);
    const result = await this.ask(id, credentials);
    // An unreachable Finesse is not a verdict on the credentials: asked again next time.
    if (result.ok || result.status !== 503) {
      if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, { until: now + (this.options.cacheMs ?? 60_000), result });
    }
    return result;
  }

  private async ask(id: string, credentials: string): Promise<AuthResult> {
    let response: Response;
    try {
      response = await fetch(`${this.base}/finesse/api/User/${encodeURIComponent(id)}`, {
        headers: { Authorization: `Basic ${credentials}`, Accept: 'application/xml' },
        // A redirect would carry the credentials somewhere else.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch {
      return { ok: false, status: 503, detail: 'Finesse could not be reached to check the credentials' };
    }
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      await response.body?.cancel();
      return REFUSED;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      return { ok: false, status: 503, detail: 'Finesse could not check the credentials' };
    }
    let user: FinesseUser;
    try {
      user = parseFinesseUser(await response.text());
    } catch {
      return { ok: false, status: 503, detail: 'Finesse answered something that is not a User' };
    }
    // The document must be the agent asked about, not whoever Finesse answers for.
    if (user.loginId !== undefined && user.loginId !== id) return REFUSED;
    const roles = [...new Set(user.roles.map((role) => FINESSE_ROLES[role]).filter((role): role is Role => role !== undefined))];
    if (!roles.length) return NO_ROLE;
    const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.loginId || id;
    return { ok: true, principal: { id, name, tenant: this.options.tenant, roles, via: 'finesse' } };
  }
}
