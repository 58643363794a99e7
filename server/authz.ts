/**
 * The authorisation matrix: which roles may run each operation of the API. One table, read by
 * the routes (`allow(op)`), by docs/server.md and by the tests; a principal may run an operation
 * when any of its roles is listed for it.
 */
import type { MiddlewareHandler } from 'hono';
import { ForbiddenError } from '../src/model/index.js';
import type { Principal, Role } from './principal.js';

const READERS = ['agent', 'supervisor', 'admin'] as const;
const WRITERS = ['agent', 'supervisor', 'admin'] as const;

export const MATRIX = {
  'status.read': ['agent', 'supervisor', 'admin', 'ingest'],
  'customers.find': READERS,
  'customers.read': READERS,
  'customers.create': [...WRITERS, 'ingest'],
  'customers.update': WRITERS,
  'customers.delete': ['admin'],
  'customers.reveal': ['supervisor', 'admin'],
  // Identities are edited as the customer is; a merge moves a whole journey and cannot be undone.
  'customers.identities': WRITERS,
  'customers.merge': ['supervisor'],
  // A subject-access export holds every value, sensitive ones unmasked; erasure cannot be undone.
  'customers.export': ['admin'],
  'customers.erase': ['admin'],
  'erasures.read': ['admin'],
  'activities.read': READERS,
  'activities.create': [...WRITERS, 'ingest'],
  'activities.update': WRITERS,
  'activities.delete': ['admin'],
  'requests.read': READERS,
  'requests.create': WRITERS,
  'requests.update': WRITERS,
  'requests.delete': ['admin'],
  'changes.read': READERS,
  'events.ingest': ['ingest', 'admin'],
  'events.unmatched.read': READERS,
  'events.unmatched.attach': WRITERS,
  'field-sets.read': ['agent', 'supervisor', 'admin', 'ingest'],
  'field-sets.write': ['admin'],
  // How long a tenant's activities and change feed are kept: deleting by age cannot be undone.
  'retention.read': ['admin'],
  'retention.write': ['admin'],
  'api-keys.manage': ['admin'],
  'faults.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Operation = keyof typeof MATRIX;

export function can(principal: Principal | undefined, operation: Operation): boolean {
  const allowed: readonly Role[] = MATRIX[operation];
  return principal !== undefined && principal.roles.some((role) => allowed.includes(role));
}

/** Whether this caller may reveal sensitive values (through the audited reveal: every other answer masks them). */
export function mayReveal(principal: Principal | undefined): boolean {
  return can(principal, 'customers.reveal');
}

/** Route middleware: refuses (403 `forbidden`) a caller whose roles do not allow `operation`. */
export function allow(operation: Operation): MiddlewareHandler<{ Variables: { principal: Principal } }> {
  return async (c, next) => {
    if (!can(c.get('principal'), operation)) {
      throw new ForbiddenError(`Your role does not allow this operation (${operation})`);
    }
    await next();
  };
}
