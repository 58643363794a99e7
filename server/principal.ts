/** Who is calling, as every authenticator answers it (server/auth.ts), and the roles of the authorisation matrix (server/authz.ts). */

export const ROLES = ['agent', 'supervisor', 'admin', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly via: 'jwt' | 'finesse' | 'api-key' | 'token';
}

/** Who `--token` (and a server with no authentication at all) acts as: the operator on their own machine. */
export const LOCAL_PRINCIPAL: Principal = Object.freeze({
  id: 'local',
  name: 'Local operator',
  tenant: 'default',
  roles: Object.freeze(['admin', 'supervisor', 'agent'] as const),
  via: 'token',
});

export type AuthResult =
  | { readonly ok: true; readonly principal: Principal }
  /** 401: no or bad credentials; 403: valid credentials without any role here; 503: the identity provider could not be asked. */
  | { readonly ok: false; readonly status: 401 | 403 | 503; readonly detail: string };

export const REFUSED: AuthResult = { ok: false, status: 401, detail: 'The credentials are missing or not accepted' };
export const NO_ROLE: AuthResult = { ok: false, status: 403, detail: 'This identity has no role on this service' };

/** Known role names of a claim's value (a list, or one space-separated string), lower-cased; the rest ignored. */
export function knownRoles(value: unknown): Role[] {
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : [];
  const roles = new Set<Role>();
  for (const name of names) {
    if (typeof name !== 'string') continue;
    const lower = name.toLowerCase();
    if ((ROLES as readonly string[]).includes(lower)) roles.add(lower as Role);
  }
  return [...roles];
}

export const API_KEY_PREFIX = 'cck_';
