/**
 * What changes a customer's identities and merges customers, beside the stored shape of
 * identities (src/model/identities.ts): the inputs of `CustomerMerging`, the merge record, how an
 * identity is read, and the journey activity that records a merge. Pure, as the model is; kept
 * out of src/model/ so that the gadget's first look at a customer never loads it (the built-in
 * store, the HTTP adapter and the server import it when a change is made).
 */
import * as z from 'zod/mini';
import {
  EMAIL_FIELDS,
  IDENTITY_KINDS,
  InvalidInputError,
  LIMITS,
  PHONE_FIELDS,
  contributorSchema,
  idSchema,
  identityKey,
  isEmailAddress,
  timestampSchema,
  type Activity,
  type ActivityInput,
  type Contributor,
  type Identity,
  type IdentityKind,
  type PhoneNormaliser,
} from '../../model/index.js';

/** What `addIdentity` and `removeIdentity` take: the identity, and the customer's version the caller read. */
export const identityChangeSchema = z.strictObject({
  expectedVersion: z.int().check(z.minimum(1)),
  kind: z.enum(IDENTITY_KINDS),
  value: z.string().check(z.maxLength(LIMITS.fieldValueLength, `Must be at most ${LIMITS.fieldValueLength} characters`)),
  contributor: z.optional(contributorSchema),
});
export type IdentityChange = z.input<typeof identityChangeSchema>;

/** What `mergeCustomers` takes: the versions of both customers the supervisor looked at. */
export const mergeVersionsSchema = z.strictObject({
  keptVersion: z.int().check(z.minimum(1)),
  mergedVersion: z.int().check(z.minimum(1)),
  contributor: z.optional(contributorSchema),
});
export type MergeVersions = z.input<typeof mergeVersionsSchema>;

/** One merge, as both stores keep it: the merged id leads to the kept customer from then on. */
export const customerMergeSchema = z.strictObject({
  keptId: idSchema,
  mergedId: idSchema,
  mergedBy: z.optional(contributorSchema),
  mergedAt: timestampSchema,
});
export type CustomerMerge = z.infer<typeof customerMergeSchema>;

/**
 * `value` read as an identity of `kind`: a phone in E.164 (its plan must be prepared), an email
 * or external id trimmed. Refused as invalid input at `value` otherwise.
 */
export function readIdentity(kind: IdentityKind, value: string, phone: PhoneNormaliser): Identity {
  const text = value.trim();
  const refuse = (message: string): never => {
    throw new InvalidInputError([{ path: 'value', message }]);
  };
  if (!text) return refuse('Must not be empty');
  switch (kind) {
    case 'phone':
      return { kind, value: phone.toE164(text) ?? refuse('Not a valid phone number') };
    case 'email':
      return isEmailAddress(text) ? { kind, value: text } : refuse('Not a valid email address');
    case 'externalId':
      return { kind, value: text };
  }
}

type Identified = { readonly dataElements: Readonly<Record<string, unknown>>; readonly identities?: readonly Identity[] | undefined };

function fieldText(customer: Identified, field: string): string | undefined {
  const value = customer.dataElements[field];
  return typeof value === 'string' && value ? value : undefined;
}

/** The base field that holds `identity` on this customer, if one does. */
export function identityField(customer: Identified, identity: Identity): string | undefined {
  const fields: readonly string[] = identity.kind === 'phone' ? PHONE_FIELDS : identity.kind === 'email' ? EMAIL_FIELDS : ['Context_Customer_External_ID'];
  const key = identityKey(identity);
  return fields.find((field) => {
    const value = fieldText(customer, field);
    return value !== undefined && identityKey({ kind: identity.kind, value }) === key;
  });
}

/** Whether the customer lists `identity` (beside its base fields). */
export function listsIdentity(customer: Identified, identity: Identity): boolean {
  const key = identityKey(identity);
  return (customer.identities ?? []).some((listed) => identityKey(listed) === key);
}

/** Every identity of a customer: those its base fields hold, then those it lists. */
export function identitiesOf(customer: Identified): Identity[] {
  const fromFields: Identity[] = [
    ...PHONE_FIELDS.map((field) => fieldText(customer, field)).filter((value): value is string => value !== undefined).map((value) => ({ kind: 'phone' as const, value })),
    ...EMAIL_FIELDS.map((field) => fieldText(customer, field)).filter((value): value is string => value !== undefined).map((value) => ({ kind: 'email' as const, value })),
  ];
  const external = fieldText(customer, 'Context_Customer_External_ID');
  if (external) fromFields.push({ kind: 'externalId', value: external });
  return [...fromFields, ...(customer.identities ?? [])];
}

/** The tag of every merge's journey activity, so that merges can be listed together. */
export const MERGE_TAG = 'customer-merge';

export interface MergeAudit {
  readonly keptId: string;
  readonly mergedId: string;
  readonly mergedBy?: Contributor | undefined;
}

const MERGED_CUSTOMER = ' merged customer ';
const INTO_THIS_CUSTOMER = ' into this customer: its activities, requests and identities are here now.';

/**
 * The merged id a merge's journey activity (`mergeAuditActivity`) names, when `activity` reads as
 * one: how a client that hears the activity in a change feed learns which customer went. Only a
 * hint (any writer may tag an activity so): confirm it with the backend before acting on it.
 */
export function mergedIdOf(activity: Pick<Activity, 'tags' | 'message'>): string | undefined {
  const message = activity.message ?? '';
  if (!activity.tags.includes(MERGE_TAG) || !message.endsWith(INTO_THIS_CUSTOMER)) return undefined;
  const named = message.slice(0, -INTO_THIS_CUSTOMER.length);
  const start = named.lastIndexOf(MERGED_CUSTOMER);
  const id = start < 0 ? '' : named.slice(start + MERGED_CUSTOMER.length);
  return z.safeParse(idSchema, id).success ? id : undefined;
}

/**
 * The journey activity that records a merge on the kept customer: who merged which customer into
 * it (by id). No field values: the merged customer's name, phones and emails are not repeated.
 */
export function mergeAuditActivity(audit: MergeAudit): ActivityInput {
  const agent = audit.mergedBy;
  const who = agent ? (agent.name ? `${agent.name} (${agent.id})` : agent.id) : 'Someone';
  return {
    customerId: audit.keptId,
    mediaType: 'event',
    direction: 'internal',
    state: 'closed',
    title: 'Customers merged',
    message: `${who}${MERGED_CUSTOMER}${audit.mergedId}${INTO_THIS_CUSTOMER}`,
    source: 'Customer Context',
    tags: [MERGE_TAG],
    ...(agent ? { contributor: agent } : {}),
  };
}
