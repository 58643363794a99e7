import * as z from 'zod/mini';
import { InvalidInputError, type FieldIssue } from './errors.js';
import { LIMITS, byteSize } from './common.js';
import {
  BASE_FIELD_SETS,
  BASE_FIELD_SET_REGISTRY,
  FIELD_TYPE_STORAGE,
  fieldRulesOf,
  fromOrganisationFieldSet,
  organisationFieldSetsSchema,
  type DataElements,
  type FieldDefinition,
  type FieldSetDefinition,
  type FieldSetRegistry,
  type FieldValue,
} from './field-sets.js';
import { MASK } from './masking.js';
import type { PhoneNormaliser } from './phone.js';

/** What parsing user input needs beyond the schemas: phone metadata and the known field sets. */
export interface ParseContext {
  readonly phone: PhoneNormaliser;
  readonly fieldSets?: FieldSetRegistry;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** zod/mini ships no messages (every default reads "Invalid input"), so the common ones are worded here. */
function messageOf(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined ? 'Required' : `Must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `Must be one of: ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return `Must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `Must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    default:
      return issue.message || 'Invalid input';
  }
}

/** Parses `input` with `schema`, or throws an InvalidInputError naming every bad field. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = [];
  for (const issue of result.error.issues) {
    const path = [prefix, pathOf(issue.path)].filter(Boolean).join('.');
    // An unknown property is reported at its own path, so a form can show it beside the field.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [path, key].filter(Boolean).join('.'), message: `Unknown property "${key}"` });
    } else {
      issues.push({ path, message: messageOf(issue, input) });
    }
  }
  throw new InvalidInputError(issues);
}

/** One local part, then a domain of dot-separated, non-empty labels. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@(?:[^\s@<>()[\]\\,;:".]+\.)+[^\s@<>()[\]\\,;:".]+$/;

/** Whether `text` is an email address as the email fields accept it. */
export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text);
}

/** How phones are stored: E.164. */
const E164 = /^\+[1-9]\d{1,14}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why a value does not fit its field; worded by `problemMessage` here and by the gadget in the agent's language. */
export type FieldProblem =
  | { readonly kind: 'required' }
  | { readonly kind: 'type'; readonly expected: 'text' | 'number' | 'whole-number' | 'boolean' }
  | { readonly kind: 'too-long'; readonly max: number }
  | { readonly kind: 'date' }
  | { readonly kind: 'url' }
  | { readonly kind: 'email' }
  | { readonly kind: 'phone' }
  | { readonly kind: 'language' }
  | { readonly kind: 'option'; readonly options: readonly string[] };

/** The longest text a field takes: its own maximum, never more than Context Service's 2000. */
export function maxLengthOf(definition: Pick<FieldDefinition, 'maxLength'>): number {
  return Math.min(definition.maxLength ?? LIMITS.fieldValueLength, LIMITS.fieldValueLength);
}

/** `2024-02-29` is a date; `2023-02-29` and `2024-13-01` are not. */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isWebAddress(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** An enum value as its option is spelled, matched without regard to case. */
function optionOf(definition: Pick<FieldDefinition, 'options'>, text: string): string | undefined {
  const options = definition.options ?? [];
  return options.find((option) => option === text) ?? options.find((option) => option.toLowerCase() === text.toLowerCase());
}

/** The English message for a problem. A sensitive field's value is never quoted: messages reach logs and screens. */
export function problemMessage(problem: FieldProblem, definition: Pick<FieldDefinition, 'sensitive'>, value?: string): string {
  const quoted = value !== undefined && !definition.sensitive ? `: "${value.slice(0, 40)}"` : '';
  switch (problem.kind) {
    case 'required':
      return 'Required';
    case 'type':
      return problem.expected === 'text'
        ? 'Must be text'
        : problem.expected === 'number'
          ? 'Must be a number'
          : problem.expected === 'whole-number'
            ? 'Must be a whole number'
            : 'Must be true or false';
    case 'too-long':
      return `Must be at most ${problem.max} characters`;
    case 'date':
      return `Not a date${quoted} (use one such as 1990-04-17)`;
    case 'url':
      return `Not a web address${quoted} (use one starting with https://)`;
    case 'email':
      return `Not a valid email address${quoted}`;
    case 'phone':
      return `Not a valid phone number${quoted}`;
    case 'language':
      return `Not a language tag${quoted} (use one such as en-US)`;
    case 'option':
      return `Must be one of: ${problem.options.join(', ')}`;
  }
}

/** A typed value's problem, or the trimmed text to read further. */
function typeProblem(definition: FieldDefinition, value: unknown): FieldProblem | string | FieldValue {
  switch (definition.dataType) {
    case 'boolean':
      return typeof value === 'boolean' ? value : { kind: 'type', expected: 'boolean' };
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : { kind: 'type', expected: 'whole-number' };
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? value : { kind: 'type', expected: 'number' };
    case 'string':
      return typeof value === 'string' ? value : { kind: 'type', expected: 'text' };
  }
}

function isProblem(value: unknown): value is FieldProblem {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

/** `phone` absent: a phone is kept as typed, for the store to read in its region. */
function normaliseValue(definition: FieldDefinition, value: unknown, phone: PhoneNormaliser | undefined): FieldValue | FieldProblem {
  const typed = typeProblem(definition, value);
  if (isProblem(typed) || typeof typed !== 'string' || definition.dataType !== 'string') return typed;
  const text = typed.trim();
  const max = maxLengthOf(definition);
  if (text.length > max) return { kind: 'too-long', max };
  switch (definition.format) {
    case 'phone':
      return phone ? (phone.toE164(text) ?? { kind: 'phone' }) : text;
    case 'email':
      return EMAIL.test(text) ? text : { kind: 'email' };
    case 'language':
      try {
        return Intl.getCanonicalLocales(text)[0] ?? { kind: 'language' };
      } catch {
        return { kind: 'language' };
      }
    case 'date':
      return isCalendarDate(text) ? text : { kind: 'date' };
    case 'url':
      return isWebAddress(text) ? text : { kind: 'url' };
    case 'enum':
      return optionOf(definition, text) ?? { kind: 'option', options: definition.options ?? [] };
    case 'text':
      return text;
  }
}

/**
 * What is wrong with a value as stored (or as a backend sent it), without normalising it: the
 * gadget shows such values as they are, marked, instead of dropping them. Phones must be E.164.
 */
export function storedValueProblem(definition: FieldDefinition, value: unknown): FieldProblem | undefined {
  const typed = typeProblem(definition, value);
  if (isProblem(typed)) return typed;
  if (typeof typed !== 'string' || definition.dataType !== 'string') return undefined;
  if (typed.length > maxLengthOf(definition)) return { kind: 'too-long', max: maxLengthOf(definition) };
  switch (definition.format) {
    case 'phone':
      return E164.test(typed) ? undefined : { kind: 'phone' };
    case 'email':
      return EMAIL.test(typed) ? undefined : { kind: 'email' };
    case 'date':
      return isCalendarDate(typed) ? undefined : { kind: 'date' };
    case 'url':
      return isWebAddress(typed) ? undefined : { kind: 'url' };
    case 'enum':
      return definition.options?.includes(typed) ? undefined : { kind: 'option', options: definition.options ?? [] };
    case 'language':
    case 'text':
      return undefined;
  }
}

/**
 * What an agent typed into a field's input, as the value to send: a number for a number field,
 * true or false for a yes/no one, text otherwise (phones are left for the store to read in its
 * region); `null` for an empty input. A problem when the text cannot be that value. Checks what
 * can be checked without the phone engine: required, length, dates, web addresses, emails, options.
 */
export function readFieldInput(definition: FieldDefinition, input: string): FieldValue | null | FieldProblem {
  const text = input.trim();
  if (text === '') return definition.required ? { kind: 'required' } : null;
  switch (definition.dataType) {
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : { kind: 'type', expected: 'boolean' };
    case 'integer': {
      const number = Number(text);
      return Number.isSafeInteger(number) ? number : { kind: 'type', expected: 'whole-number' };
    }
    case 'double': {
      const number = Number(text.replace(',', '.'));
      return /^[-+]?(\d+([.,]\d*)?|[.,]\d+)(e[-+]?\d+)?$/i.test(text) && Number.isFinite(number) ? number : { kind: 'type', expected: 'number' };
    }
    case 'string':
      break;
  }
  return normaliseValue(definition, text, undefined);
}

export function isFieldProblem(value: unknown): value is FieldProblem {
  return isProblem(value);
}

/** How one data element stands against the object's field sets. */
export interface InspectedElement {
  readonly key: string;
  readonly value: unknown;
  /** Absent when none of the object's field sets declares the key. */
  readonly definition?: FieldDefinition;
  /** Why the value does not fit its field, when it does not. */
  readonly problem?: FieldProblem;
}

/**
 * Every data element of an object, each with its field and what (if anything) is wrong with it.
 * Never throws and never leaves one out: what a backend sent is shown, marked when it is not
 * what the field sets say.
 */
export function inspectDataElements(fieldsets: readonly string[], dataElements: unknown, registry: FieldSetRegistry = BASE_FIELD_SET_REGISTRY): InspectedElement[] {
  if (typeof dataElements !== 'object' || dataElements === null || Array.isArray(dataElements)) return [];
  const sets = Array.isArray(fieldsets) ? fieldsets.filter((id): id is string => typeof id === 'string') : [];
  return Object.entries(dataElements as Record<string, unknown>).map(([key, value]) => {
    const definition = registry.findField(sets, key);
    if (!definition) return { key, value };
    // A shared backend masks sensitive values in every answer: the mask is no wrong value.
    if (definition.sensitive && value === MASK) return { key, value, definition };
    const problem = storedValueProblem(definition, value);
    return { key, value, definition, ...(problem ? { problem } : {}) };
  });
}

/**
 * Checks each data element against the object's field sets and normalises it (E.164 phones,
 * canonical language tags, trimmed text, enum options as spelled). Empty strings and `null` drop
 * the field. Unknown fields are refused: values must come from the object's field sets.
 *
 * Without `base` (a new object, or one whose field sets changed) every required field must be
 * present; with it (a patch), a required field may not be removed, while one an older record
 * never had is left for the agent to fill in later rather than blocking every other change.
 */
export function normaliseDataElements(
  fieldsets: readonly string[],
  input: Readonly<Record<string, unknown>>,
  context: ParseContext,
  base?: DataElements,
): DataElements {
  const registry = context.fieldSets ?? BASE_FIELD_SET_REGISTRY;
  const issues: FieldIssue[] = [];
  for (const setId of fieldsets) {
    if (!registry.get(setId)) issues.push({ path: 'fieldsets', message: `Unknown field set "${setId}"` });
  }
  const result: DataElements = { ...base };
  for (const [key, value] of Object.entries(input)) {
    const path = `dataElements.${key}`;
    const definition = registry.findField(fieldsets, key);
    if (!definition) {
      issues.push({ path, message: `Unknown field "${key}": it is in none of the field sets ${fieldsets.join(', ')}` });
      continue;
    }
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      delete result[key];
      continue;
    }
    const normalised = normaliseValue(definition, value, context.phone);
    if (isProblem(normalised)) issues.push({ path, message: problemMessage(normalised, definition, typeof value === 'string' ? value.trim() : undefined) });
    else result[key] = normalised;
  }
  for (const { field } of registry.fieldsOf(fieldsets)) {
    if (!field.required || result[field.id] !== undefined) continue;
    if (base !== undefined && !Object.hasOwn(input, field.id)) continue;
    if (issues.some((issue) => issue.path === `dataElements.${field.id}`)) continue;
    issues.push({ path: `dataElements.${field.id}`, message: 'Required' });
  }
  if (issues.length) throw new InvalidInputError(issues);
  return result;
}

/**
 * An organisation's field set JSON, checked: each set and field by the schema, then what only the
 * whole document can say (a set id used twice, a field that would hide a base field). Returns the
 * definitions to register beside the base sets; throws an InvalidInputError naming every problem.
 */
export function parseOrganisationFieldSets(input: unknown): FieldSetDefinition[] {
  const document = parseOrThrow(organisationFieldSetsSchema, input);
  const issues: FieldIssue[] = [];
  const setIds = new Set<string>();
  const baseFields = new Set(BASE_FIELD_SETS.flatMap((set) => set.fields.map((field) => field.id)));
  document.fieldSets.forEach((set, setIndex) => {
    if (setIds.has(set.id)) issues.push({ path: `fieldSets.${setIndex}.id`, message: `Field set "${set.id}" is defined twice` });
    setIds.add(set.id);
    const fieldIds = new Set<string>();
    set.fields.forEach((field, fieldIndex) => {
      const path = `fieldSets.${setIndex}.fields.${fieldIndex}`;
      if (fieldIds.has(field.id)) issues.push({ path: `${path}.id`, message: `Field "${field.id}" is defined twice in this set` });
      fieldIds.add(field.id);
      if (baseFields.has(field.id)) issues.push({ path: `${path}.id`, message: `"${field.id}" is a base field; give the organisation's field its own id` });
      const definition = FIELD_TYPE_STORAGE[field.type];
      for (const rule of fieldRulesOf({ ...definition, maxLength: field.maxLength, options: field.options })) {
        issues.push({ path: `${path}.${rule.path === 'format' ? 'type' : rule.path}`, message: rule.message });
      }
    });
  });
  if (issues.length) throw new InvalidInputError(issues);
  return document.fieldSets.map(fromOrganisationFieldSet);
}

/** Refuses an object over Context Service's 256 KB limit. */
export function assertWithinSize(value: unknown): void {
  const size = byteSize(value);
  if (size > LIMITS.objectBytes) {
    throw new InvalidInputError([
      { path: '', message: `The object is ${Math.ceil(size / 1024)} KB; at most ${LIMITS.objectBytes / 1024} KB is stored` },
    ]);
  }
}
