/**
 * Customers, activities and requests over the REST API (docs/openapi.yaml), from one table: each
 * kind of record has its collection path, read with GET `{path}/{id}`, created with POST `{path}`,
 * changed with PATCH and deleted with DELETE `{path}/{id}`. What is sent is checked first with the
 * model's schemas; what comes back is checked with the record's schema.
 */
import type * as z from 'zod/mini';
import {
  activityInputSchema,
  activityPatchSchema,
  activitySchema,
  assertIdText,
  customerInputSchema,
  customerPatchSchema,
  customerSchema,
  parseOrThrow,
  requestInputSchema,
  requestSchema,
  type Activity,
  type Customer,
  type Request,
} from '../model/index.js';
import { assertDataElementLengths } from './http-schemas.js';
import { parseResponse } from './http-transport.js';
import type { Send } from './merges/http.js';

/** One kind of record's routes and schemas, and how an invalid answer of each route is named. */
export interface RecordRoutes<T> {
  readonly kind: 'customer' | 'activity' | 'request';
  readonly path: string;
  readonly schema: z.ZodMiniType<T>;
  readonly input: z.ZodMiniType;
  readonly answers: { readonly read: string; readonly created: string };
}

/** A kind of record that can be changed. */
export interface PatchableRoutes<T> extends RecordRoutes<T> {
  readonly patch: z.ZodMiniType;
  readonly answers: { readonly read: string; readonly created: string; readonly updated: string };
}

type Key = { idempotencyKey?: string };

export const RECORDS: { readonly customer: PatchableRoutes<Customer>; readonly activity: PatchableRoutes<Activity>; readonly request: RecordRoutes<Request> } = {
  customer: {
    kind: 'customer',
    path: '/v1/customers',
    schema: customerSchema,
    input: customerInputSchema,
    patch: customerPatchSchema,
    answers: { read: 'a customer', created: 'a new customer', updated: 'an updated customer' },
  },
  activity: {
    kind: 'activity',
    path: '/v1/activities',
    schema: activitySchema,
    input: activityInputSchema,
    patch: activityPatchSchema,
    answers: { read: 'an activity', created: 'a new activity', updated: 'an updated activity' },
  },
  request: {
    kind: 'request',
    path: '/v1/requests',
    schema: requestSchema,
    input: requestInputSchema,
    answers: { read: 'a request', created: 'a new request' },
  },
};

function recordPath(routes: RecordRoutes<unknown>, id: string): string {
  return `${routes.path}/${encodeURIComponent(id)}`;
}

export async function getRecord<T>(send: Send, routes: RecordRoutes<T>, id: string): Promise<T> {
  assertIdText(id, routes.kind);
  const body = await send({ method: 'GET', path: recordPath(routes, id), subject: { kind: routes.kind, id } });
  return parseResponse(routes.schema, body, routes.answers.read);
}

export async function createRecord<T>(send: Send, routes: RecordRoutes<T>, input: unknown, key: Key): Promise<T> {
  parseOrThrow(routes.input, input);
  assertDataElementLengths(input);
  const body = await send({ method: 'POST', path: routes.path, body: input, current: routes.schema, ...key });
  return parseResponse(routes.schema, body, routes.answers.created);
}

export async function updateRecord<T>(send: Send, routes: PatchableRoutes<T>, id: string, patch: unknown, key: Key): Promise<T> {
  assertIdText(id, routes.kind);
  parseOrThrow(routes.patch, patch);
  assertDataElementLengths(patch);
  const body = await send({ method: 'PATCH', path: recordPath(routes, id), body: patch, subject: { kind: routes.kind, id }, current: routes.schema, ...key });
  return parseResponse(routes.schema, body, routes.answers.updated);
}

export async function deleteRecord(send: Send, routes: RecordRoutes<unknown>, id: string, key: Key): Promise<void> {
  assertIdText(id, routes.kind);
  await send({ method: 'DELETE', path: recordPath(routes, id), subject: { kind: routes.kind, id }, ...key });
}
