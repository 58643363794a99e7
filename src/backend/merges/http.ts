/**
 * Identities and merges over the REST API (docs/server.md): the requests `HttpBackend` sends for
 * them, and their answers checked. Loaded when first used, so that the gadget's bundle never
 * carries it.
 */
import * as z from 'zod/mini';
import { InvalidInputError, NotFoundError, customerSchema, idSchema, parseOrThrow, type Customer } from '../../model/index.js';
import type { CustomerMerging, OperationName, OperationOptions } from '../adapter.js';
import { identityChangeSchema, mergeVersionsSchema, type IdentityChange, type MergeVersions } from './identities.js';
import { parseResponse, type ApiRequest } from '../http-transport.js';

/** Sends one request within the operation's deadline and answers its JSON. */
export type Send = (spec: Omit<ApiRequest, 'deadline' | 'signal'>) => Promise<unknown>;

/** How `HttpBackend` runs an operation (deadline, statistics, faults) and picks its Idempotency-Key. */
export type Call = <T>(name: OperationName, options: OperationOptions | undefined, work: (send: Send) => Promise<T>) => Promise<T>;
type Key = (options: OperationOptions | undefined) => { idempotencyKey?: string };

/** Ids that cannot be stored cannot be found, as the adapter's other operations say. */
function assertId(id: unknown): asserts id is string {
  if (typeof id !== 'string') throw new InvalidInputError([{ path: 'id', message: 'A customer id must be text' }]);
  if (!z.safeParse(idSchema, id).success) throw new NotFoundError('customer', id);
}

/** The HTTP adapter's `CustomerMerging`. */
export function httpMerging(call: Call, key: Key): CustomerMerging {
  return {
    addIdentity: (customerId, change, options) =>
      call('addIdentity', options, (send) => {
        assertId(customerId);
        return addIdentity(send, customerId, change, key(options));
      }),
    removeIdentity: (customerId, change, options) =>
      call('removeIdentity', options, (send) => {
        assertId(customerId);
        return removeIdentity(send, customerId, change, key(options));
      }),
    mergeCustomers: (keptId, mergedId, versions, options) =>
      call('mergeCustomers', options, (send) => {
        assertId(keptId);
        assertId(mergedId);
        return mergeCustomers(send, keptId, mergedId, versions, key(options));
      }),
  };
}

function customerPath(customerId: string): string {
  return `/v1/customers/${encodeURIComponent(customerId)}`;
}

export async function addIdentity(send: Send, customerId: string, change: IdentityChange, key: { idempotencyKey?: string }): Promise<Customer> {
  const body = await send({
    method: 'POST',
    path: `${customerPath(customerId)}/identities`,
    body: parseOrThrow(identityChangeSchema, change),
    subject: { kind: 'customer', id: customerId },
    current: customerSchema,
    ...key,
  });
  return parseResponse(customerSchema, body, 'a customer');
}

/** The identity travels as one path segment, `{kind}:{value}`; the version read as `expectedVersion`. */
export async function removeIdentity(send: Send, customerId: string, change: IdentityChange, key: { idempotencyKey?: string }): Promise<Customer> {
  const { kind, value, expectedVersion } = parseOrThrow(identityChangeSchema, change);
  const body = await send({
    method: 'DELETE',
    path: `${customerPath(customerId)}/identities/${encodeURIComponent(`${kind}:${value}`)}`,
    query: { expectedVersion: String(expectedVersion) },
    subject: { kind: 'customer', id: customerId },
    current: customerSchema,
    ...key,
  });
  return parseResponse(customerSchema, body, 'a customer');
}

/** Who merged is the caller the server authenticated: a `contributor` in `versions` is not sent. */
export async function mergeCustomers(send: Send, keptId: string, mergedId: string, versions: MergeVersions, key: { idempotencyKey?: string }): Promise<Customer> {
  const { keptVersion, mergedVersion } = parseOrThrow(mergeVersionsSchema, versions);
  const body = await send({
    method: 'POST',
    path: `${customerPath(keptId)}/merge`,
    body: { mergedId, keptVersion, mergedVersion },
    subject: { kind: 'customer', id: keptId },
    current: customerSchema,
    ...key,
  });
  return parseResponse(customerSchema, body, 'the kept customer');
}
