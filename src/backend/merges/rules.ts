/**
 * The rules of identities and merges, applied the same way by the built-in store and the
 * reference server (server/merges.ts): pure functions over records, no storage.
 */
import {
  ConflictError,
  InvalidInputError,
  MAX_IDENTITIES,
  NotFoundError,
  assertWithinSize,
  identityKey,
  type Activity,
  type Contributor,
  type Customer,
  type Identity,
  type Request,
} from '../../model/index.js';
import { identitiesOf, identityField, listsIdentity } from './identities.js';
import { closedError, withContributor } from '../record-rules.js';

function assertVersion(current: Customer, expectedVersion: number): void {
  if (current.version !== expectedVersion) {
    throw new ConflictError(`The customer changed since version ${expectedVersion}: it is now at version ${current.version}`, current);
  }
}

function touched(current: Customer, identities: readonly Identity[], contributor: Contributor | undefined, at: string): Customer {
  const { identities: _previous, ...rest } = current;
  const next: Customer = {
    ...rest,
    ...(identities.length ? { identities: [...identities] } : {}),
    contributors: withContributor(current.contributors, contributor),
    lastUpdated: at,
    version: current.version + 1,
  };
  assertWithinSize(next);
  return next;
}

/** The customer with `identity` listed, or refused: a stale version, a closed customer, an identity it has already. */
export function withIdentity(current: Customer, identity: Identity, expectedVersion: number, contributor: Contributor | undefined, at: string): Customer {
  assertVersion(current, expectedVersion);
  if (current.state === 'closed') throw closedError('customer');
  const key = identityKey(identity);
  if (identitiesOf(current).some((known) => identityKey(known) === key)) {
    throw new InvalidInputError([{ path: 'value', message: 'The customer has this identity already' }]);
  }
  const listed = current.identities ?? [];
  if (listed.length >= MAX_IDENTITIES) throw new InvalidInputError([{ path: 'value', message: `A customer lists at most ${MAX_IDENTITIES} identities` }]);
  return touched(current, [...listed, identity], contributor, at);
}

/** The customer without the listed `identity`; one a base field holds is changed with that field. */
export function withoutIdentity(current: Customer, identity: Identity, expectedVersion: number, contributor: Contributor | undefined, at: string): Customer {
  assertVersion(current, expectedVersion);
  if (current.state === 'closed') throw closedError('customer');
  if (!listsIdentity(current, identity)) {
    const field = identityField(current, identity);
    if (field) throw new InvalidInputError([{ path: 'value', message: `The field ${field} holds this identity: change the field instead` }]);
    throw new NotFoundError('identity', identity.value);
  }
  const key = identityKey(identity);
  return touched(current, (current.identities ?? []).filter((listed) => identityKey(listed) !== key), contributor, at);
}

/** Refuses a merge before anything is read: a customer cannot be merged into itself. */
export function assertDistinct(keptId: string, mergedId: string): void {
  if (keptId === mergedId) throw new InvalidInputError([{ path: 'mergedId', message: 'A customer cannot be merged into itself' }]);
}

/**
 * The kept customer after the merge: the merged customer's identities (base fields and listed)
 * join its list, those it has already once. Refused when either changed since the versions given,
 * or when the kept customer is closed.
 */
export function mergedCustomer(
  kept: Customer,
  merged: Customer,
  versions: { readonly keptVersion: number; readonly mergedVersion: number },
  contributor: Contributor | undefined,
  at: string,
): Customer {
  assertVersion(kept, versions.keptVersion);
  assertVersion(merged, versions.mergedVersion);
  if (kept.state === 'closed') throw closedError('customer');
  const known = new Set(identitiesOf(kept).map(identityKey));
  const listed = [...(kept.identities ?? [])];
  for (const identity of identitiesOf(merged)) {
    const key = identityKey(identity);
    if (known.has(key)) continue;
    known.add(key);
    listed.push(identity);
  }
  if (listed.length > MAX_IDENTITIES) {
    throw new InvalidInputError([{ path: 'mergedId', message: `Together the customers have more than ${MAX_IDENTITIES} identities` }]);
  }
  return touched(kept, listed, contributor, at);
}

/** An activity or request of the merged customer, moved to the kept one: a new version, so that caches take it. */
export function movedRecord<T extends Activity | Request>(record: T, keptId: string, at: string): T {
  return { ...record, customerId: keptId, lastUpdated: at, version: record.version + 1 };
}
