import { ID_PATTERN, firstNameFirst } from './constants.js';
import type { Activity } from './activity.js';
import type { Customer } from './customer.js';
import type { Identity } from './identities.js';
import { customerEmails, customerPhones } from './customer-display.js';
import { looksLikePhone, type PhoneNormaliser } from './phone.js';

/** The keys a customer can be found by; a match says which one it was. */
export const LOOKUP_KEYS = ['id', 'phone', 'email', 'name', 'externalId'] as const;
export type LookupKey = (typeof LOOKUP_KEYS)[number];

/**
 * Case-folded, accent-free, single-spaced: how names and emails are compared. Lower-, upper-
 * then lower-casing folds what lower-casing alone keeps apart (ẞ, ß and SS; ᾀ and ἈΙ), and
 * runs before the marks go because some marks have case (the Greek iota subscript). Marks are
 * accents; format characters are the invisible ones: direction marks pasted with right-to-left
 * names, zero-width joiners, soft hyphens. Greek final sigma is σ.
 */
export function foldForMatch(value: string): string {
  return value
    .normalize('NFKD')
    .toLocaleLowerCase('und')
    .toLocaleUpperCase('und')
    .toLocaleLowerCase('und')
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .replace(/ς/g, 'σ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** One index entry: `kind` and the folded value, joined so that one index answers every kind. */
export function lookupIndexKey(kind: LookupKey, value: string): string {
  return `${kind}:${value}`;
}

/** The index entry of one identity: a phone as it is (E.164), an email or external id case-folded. */
export function identityKey(identity: Identity): string {
  return lookupIndexKey(identity.kind, identity.kind === 'phone' ? identity.value : foldForMatch(identity.value));
}

/**
 * Every index entry for a customer: phones (E.164), emails and names case-folded, each name word,
 * and the identities it lists beside its fields.
 */
export function customerLookupKeys(customer: Pick<Customer, 'id' | 'dataElements' | 'identities'>): string[] {
  const keys = new Set<string>();
  for (const phone of customerPhones(customer)) keys.add(lookupIndexKey('phone', phone));
  for (const email of customerEmails(customer)) keys.add(lookupIndexKey('email', foldForMatch(email)));
  const first = customer.dataElements['Context_First_Name'];
  const last = customer.dataElements['Context_Last_Name'];
  const words = [first, last]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .map(foldForMatch)
    .join(' ');
  if (words) {
    keys.add(lookupIndexKey('name', words));
    for (const word of words.split(' ')) keys.add(lookupIndexKey('name', word));
  }
  const external = customer.dataElements['Context_Customer_External_ID'];
  if (typeof external === 'string' && external) keys.add(lookupIndexKey('externalId', foldForMatch(external)));
  for (const identity of customer.identities ?? []) keys.add(identityKey(identity));
  return [...keys];
}

/** One way to read what the agent typed; a query can be read several ways (digits: an id or a phone). */
export interface LookupProbe {
  readonly key: LookupKey;
  /** The normalised value to look for. */
  readonly value: string;
  /** Whether a name probe also matches names that start with `value`. */
  readonly prefix: boolean;
}

/** Reads a search query as the probes worth trying, most specific first. */
export function lookupProbes(query: string, phone: PhoneNormaliser): LookupProbe[] {
  const trimmed = query.trim();
  if (!trimmed) return [];
  const probes: LookupProbe[] = [];
  if (ID_PATTERN.test(trimmed) && trimmed.length <= 128) probes.push({ key: 'id', value: trimmed, prefix: false });
  if (trimmed.includes('@')) {
    probes.push({ key: 'email', value: foldForMatch(trimmed), prefix: false });
    return probes;
  }
  if (looksLikePhone(trimmed)) {
    const e164 = phone.toE164(trimmed);
    if (e164) probes.push({ key: 'phone', value: e164, prefix: false });
  }
  const folded = foldForMatch(trimmed);
  probes.push({ key: 'externalId', value: folded, prefix: false });
  // Emoji count as name characters: a customer may be saved under one. A name may come last name first.
  const name = foldForMatch(firstNameFirst(folded));
  if (/[\p{L}\p{Extended_Pictographic}]/u.test(name)) probes.push({ key: 'name', value: name, prefix: true });
  return probes;
}

/** How well a match fits: exact keys first, then whole names, then name prefixes. */
export function matchScore(key: LookupKey, exact: boolean): number {
  switch (key) {
    case 'id':
      return 1;
    case 'phone':
    case 'email':
    case 'externalId':
      return 0.95;
    case 'name':
      return exact ? 0.8 : 0.5;
  }
}

/** The words of a text filter, folded as the text they are looked for in. */
export function searchWords(text: string): string[] {
  return foldForMatch(text).split(' ').filter(Boolean);
}

/** Whether every word occurs in what the agent reads of an activity: title, message, notes, pages visited, source. */
export function activityHasWords(
  activity: Pick<Activity, 'title' | 'message' | 'dataElements' | 'breadcrumbs' | 'source'>,
  words: readonly string[],
): boolean {
  if (words.length === 0) return true;
  const notes = activity.dataElements['Context_Notes'];
  const text = foldForMatch(
    [activity.title, activity.message, typeof notes === 'string' ? notes : undefined, ...(activity.breadcrumbs ?? []), activity.source]
      .filter(Boolean)
      .join(' '),
  );
  return words.every((word) => text.includes(word));
}
