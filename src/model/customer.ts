import * as z from 'zod/mini';
import {
  contributorSchema,
  contributorsSchema,
  idSchema,
  objectStateSchema,
  tagsSchema,
  timestampSchema,
} from './common.js';
import { CUSTOMER_FIELD_SET, dataElementsSchema } from './field-sets.js';

const fieldSetIdsSchema = z.array(z.string().check(z.minLength(1))).check(z.minLength(1, 'At least one field set'));

/** A person, as stored: base fields live in `dataElements` under their `Context_*` ids. */
export const customerSchema = z.strictObject({
  id: idSchema,
  state: objectStateSchema,
  tags: tagsSchema,
  contributors: contributorsSchema,
  fieldsets: fieldSetIdsSchema,
  dataElements: dataElementsSchema,
  created: timestampSchema,
  lastUpdated: timestampSchema,
  /** Incremented by every write; an update names the version it read. */
  version: z.int().check(z.minimum(1)),
});
export type Customer = z.infer<typeof customerSchema>;

/** What a caller gives to create a customer; the store fills in the rest. */
export const customerInputSchema = z.strictObject({
  id: z.optional(idSchema),
  state: z.optional(objectStateSchema),
  tags: z.optional(tagsSchema),
  fieldsets: z.optional(fieldSetIdsSchema),
  dataElements: z._default(z.record(z.string(), z.unknown()), {}),
  contributor: z.optional(contributorSchema),
  created: z.optional(timestampSchema),
});
export type CustomerInput = z.input<typeof customerInputSchema>;

/** A change to a customer. `dataElements` merge; a null or empty value removes a field. */
export const customerPatchSchema = z.strictObject({
  expectedVersion: z.int().check(z.minimum(1)),
  state: z.optional(objectStateSchema),
  tags: z.optional(tagsSchema),
  fieldsets: z.optional(fieldSetIdsSchema),
  dataElements: z.optional(z.record(z.string(), z.unknown())),
  contributor: z.optional(contributorSchema),
});
export type CustomerPatch = z.input<typeof customerPatchSchema>;

export const DEFAULT_CUSTOMER_FIELD_SETS = [CUSTOMER_FIELD_SET] as const;

export const PHONE_FIELDS = ['Context_Mobile_Phone', 'Context_Home_Phone', 'Context_Work_Phone'] as const;
export const EMAIL_FIELDS = ['Context_Work_Email', 'Context_Home_Email'] as const;

function text(customer: Pick<Customer, 'dataElements'>, key: string): string | undefined {
  const value = customer.dataElements[key];
  return typeof value === 'string' && value ? value : undefined;
}

export function customerName(customer: Pick<Customer, 'dataElements'>): string | undefined {
  const name = [text(customer, 'Context_First_Name'), text(customer, 'Context_Last_Name')].filter(Boolean).join(' ');
  return name || undefined;
}

export function customerPhones(customer: Pick<Customer, 'dataElements'>): string[] {
  return PHONE_FIELDS.map((key) => text(customer, key)).filter((value): value is string => Boolean(value));
}

export function customerEmails(customer: Pick<Customer, 'dataElements'>): string[] {
  return EMAIL_FIELDS.map((key) => text(customer, key)).filter((value): value is string => Boolean(value));
}

/** As Context Service displayed a customer: name, else email, else phone, else "Unknown customer". */
export function customerDisplayName(customer: Pick<Customer, 'dataElements'>): string {
  return customerName(customer) ?? customerEmails(customer)[0] ?? customerPhones(customer)[0] ?? 'Unknown customer';
}
