import type { ActivityInput, Customer, CustomerInput } from '../../model/index.js';
import type { ContextBackend, ListActivitiesQuery } from '../adapter.js';
import { fail } from './assert.js';

/** A customer input with a name and any other base fields. */
export function person(first: string, last: string, more: Record<string, unknown> = {}): CustomerInput {
  return { dataElements: { Context_First_Name: first, Context_Last_Name: last, ...more } };
}

/** Creates a customer with a name and any other base fields. */
export function createPerson(backend: ContextBackend, first: string, last: string, more: Record<string, unknown> = {}): Promise<Customer> {
  return backend.createCustomer(person(first, last, more));
}

/** A fixed, distinct instant `minutes` after a base time, so that ordering does not depend on the clock. */
export function minutesAfterBase(minutes: number): string {
  return new Date(Date.UTC(2026, 0, 5, 9, 0, 0) + minutes * 60_000).toISOString();
}

/** Creates `count` activities one after another, the i-th created `i` minutes after the base time. */
export async function createActivities(
  backend: ContextBackend,
  customerId: string,
  count: number,
  shape: (index: number) => Partial<ActivityInput> = () => ({}),
): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const activity = await backend.createActivity({
      customerId,
      title: `Activity ${index}`,
      created: minutesAfterBase(index),
      ...shape(index),
    });
    ids.push(activity.id);
  }
  return ids;
}

/** Every page of a customer's journey, following `nextCursor`, with a guard against a cursor that never ends. */
export async function allPages(
  backend: ContextBackend,
  customerId: string,
  query: Omit<ListActivitiesQuery, 'cursor'> = {},
  maxPages = 100,
): Promise<{ ids: string[][]; cursors: (string | undefined)[] }> {
  const ids: string[][] = [];
  const cursors: (string | undefined)[] = [];
  let cursor: string | undefined;
  do {
    const page = await backend.listActivities(customerId, { ...query, ...(cursor ? { cursor } : {}) });
    ids.push(page.activities.map((activity) => activity.id));
    cursors.push(page.nextCursor);
    cursor = page.nextCursor;
    if (ids.length > maxPages) fail(`listActivities kept returning a nextCursor after ${maxPages} pages`);
  } while (cursor);
  return { ids, cursors };
}

/** A string of about one megabyte. */
export const ONE_MEGABYTE = 'x'.repeat(1024 * 1024);
