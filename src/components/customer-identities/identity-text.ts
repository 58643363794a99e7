import { msg, str } from '@lit/localize';
import { identitiesOf } from '../../backend/merges/identities.js';
import { LIMITS, identityKey, isEmailAddress, loadPhoneNormaliser, looksLikePhone, type Customer, type Identity, type IdentityKind } from '../../model/index.js';

/** The kinds in the order the add form offers them. */
export const KIND_CHOICES: readonly IdentityKind[] = ['phone', 'email', 'externalId'];

/** The kind of an identity as the agent reads it. */
export function kindLabel(kind: IdentityKind): string {
  switch (kind) {
    case 'phone':
      return msg('Phone');
    case 'email':
      return msg('Email');
    case 'externalId':
      return msg('External id');
  }
}

/** Said when the backend refuses an identity because another customer is found by it. */
export function takenText(kind: IdentityKind): string {
  switch (kind) {
    case 'phone':
      return msg('This phone number already belongs to another customer.');
    case 'email':
      return msg('This email address already belongs to another customer.');
    case 'externalId':
      return msg('This external id already belongs to another customer.');
  }
}

export function alreadyListedText(): string {
  return msg('The customer has this identity already.');
}

export function phoneProblemText(): string {
  return msg('Must be a phone number.');
}

/**
 * What is wrong with `input` as a new identity of `kind` for `customer`, checked with the model's
 * rules as the backend will check it, or undefined. A phone written with its country code is read
 * here; one without is read by the backend in its own region, so only its shape is checked here.
 */
export async function identityProblem(customer: Customer, kind: IdentityKind, input: string): Promise<string | undefined> {
  const text = input.trim();
  if (!text) return msg('Required.');
  if (text.length > LIMITS.fieldValueLength) return msg(str`At most ${LIMITS.fieldValueLength} characters.`);
  let identity: Identity = { kind, value: text };
  if (kind === 'email' && !isEmailAddress(text)) return msg('Must be an email address.');
  if (kind === 'phone') {
    if (!looksLikePhone(text)) return phoneProblemText();
    if (/^[+＋]/.test(text)) {
      const phone = await loadPhoneNormaliser('US');
      await phone.prepare(text);
      const e164 = phone.toE164(text);
      if (!e164) return phoneProblemText();
      identity = { kind, value: e164 };
    } else {
      return undefined;
    }
  }
  const key = identityKey(identity);
  return identitiesOf(customer).some((known) => known.kind === kind && identityKey(known) === key) ? alreadyListedText() : undefined;
}
