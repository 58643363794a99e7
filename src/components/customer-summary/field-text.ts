import { msg, str } from '@lit/localize';
import { localisedLabel, type FieldDefinition } from '../../model/field-sets.js';
import type { FieldProblem } from '../../model/validation.js';

/** The base fields' labels in the agent's language; other fields carry their own translations. */
function baseLabel(id: string): string | undefined {
  switch (id) {
    case 'Context_First_Name':
      return msg('First name');
    case 'Context_Last_Name':
      return msg('Last name');
    case 'Context_Mobile_Phone':
      return msg('Mobile phone');
    case 'Context_Home_Phone':
      return msg('Home phone');
    case 'Context_Work_Phone':
      return msg('Work phone');
    case 'Context_Work_Email':
      return msg('Work email');
    case 'Context_Home_Email':
      return msg('Home email');
    case 'Context_Street_Address_1':
      return msg('Street address');
    case 'Context_Street_Address_2':
      return msg('Street address line 2');
    case 'Context_City':
      return msg('City');
    case 'Context_State':
      return msg('State');
    case 'Context_ZIP':
      return msg('ZIP code');
    case 'Context_Country':
      return msg('Country');
    case 'Context_Preferred_Language':
      return msg('Preferred language');
    case 'Context_Customer_External_ID':
      return msg('External id');
    case 'Context_Notes':
      return msg('Notes');
    case 'Context_POD_Activity_Link':
      return msg('Linked activity');
    case 'Context_POD_Source_Cust_Name':
      return msg('Source name');
    case 'Context_POD_Source_Phone':
      return msg('Source phone');
    case 'Context_POD_Source_Email':
      return msg('Source email');
    default:
      return undefined;
  }
}

/** A field's label: the base fields' own, else the field set's translation closest to `locale`, else its id made readable. */
export function fieldLabel(key: string, definition: FieldDefinition | undefined, locale: string | undefined): string {
  return baseLabel(key) ?? localisedLabel(definition?.label, locale, key.replace(/^Context_/, '').replace(/_/g, ' '));
}

/** The label in English, for records read by others than this agent (a reveal's audit). */
export function englishLabel(key: string, definition: FieldDefinition | undefined): string {
  return localisedLabel(definition?.label, 'en', key.replace(/^Context_/, '').replace(/_/g, ' '));
}

function typeText(expected: Extract<FieldProblem, { kind: 'type' }>['expected']): string {
  switch (expected) {
    case 'text':
      return msg('Must be text.');
    case 'number':
      return msg('Must be a number.');
    case 'whole-number':
      return msg('Must be a whole number.');
    case 'boolean':
      return msg('Must be yes or no.');
  }
}

/** Why a value does not fit its field, in the agent's language. Never quotes the value. */
export function problemText(problem: FieldProblem): string {
  switch (problem.kind) {
    case 'required':
      return msg('Required.');
    case 'type':
      return typeText(problem.expected);
    case 'too-long':
      return msg(str`At most ${problem.max} characters.`);
    case 'date':
      return msg('Must be a date, such as 1990-04-17.');
    case 'url':
      return msg('Must be a web address starting with https://.');
    case 'email':
      return msg('Must be an email address.');
    case 'phone':
      return msg('Must be a phone number.');
    case 'language':
      return msg('Must be a language tag, such as en-US.');
    case 'option':
      return msg(str`Must be one of: ${problem.options.join(', ')}.`);
  }
}

/**
 * A stored value as the agent reads it: dates and numbers in their locale, yes or no. A value
 * that does not fit its field is shown as it is.
 */
export function displayValue(value: unknown, definition: FieldDefinition | undefined, locale: string | undefined, fits = true): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  if (!definition || !fits) return String(value);
  if (definition.dataType === 'boolean') return value ? msg('Yes') : msg('No');
  if (typeof value === 'number') {
    try {
      return new Intl.NumberFormat(locale).format(value);
    } catch {
      return String(value);
    }
  }
  if (definition.format === 'date' && typeof value === 'string') {
    try {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
    } catch {
      return value;
    }
  }
  return String(value);
}
