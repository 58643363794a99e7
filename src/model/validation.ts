import * as z from 'zod/mini';
import { InvalidInputError, type FieldIssue } from './errors.js';
import { LIMITS, byteSize } from './common.js';
import { BASE_FIELD_SET_REGISTRY, type DataElements, type FieldDefinition, type FieldSetRegistry, type FieldValue } from './field-sets.js';
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

function normaliseValue(definition: FieldDefinition, value: unknown, context: ParseContext): FieldValue | Error {
  switch (definition.dataType) {
    case 'boolean':
      return typeof value === 'boolean' ? value : new Error('Must be true or false');
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : new Error('Must be a whole number');
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? value : new Error('Must be a number');
    case 'string':
      break;
  }
  if (typeof value !== 'string') return new Error('Must be text');
  const text = value.trim();
  if (text.length > LIMITS.fieldValueLength) return new Error(`Must be at most ${LIMITS.fieldValueLength} characters`);
  switch (definition.format) {
    case 'phone':
      return context.phone.toE164(text) ?? new Error(`Not a valid phone number: "${text.slice(0, 40)}"`);
    case 'email':
      return EMAIL.test(text) ? text : new Error(`Not a valid email address: "${text.slice(0, 40)}"`);
    case 'language':
      try {
        const [canonical] = Intl.getCanonicalLocales(text);
        return canonical ?? new Error('Must be a language tag such as en-US');
      } catch {
        return new Error(`Not a language tag: "${text.slice(0, 40)}" (use one such as en-US)`);
      }
    case 'text':
      return text;
  }
}

/**
 * Checks each data element against the object's field sets and normalises it (E.164 phones,
 * canonical language tags, trimmed text). Empty strings and `null` drop the field. Unknown
 * fields are refused: values must come from the object's field sets.
 */
export function normaliseDataElements(
  fieldsets: readonly string[],
  input: Readonly<Record<string, unknown>>,
  context: ParseContext,
  base: DataElements = {},
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
    const normalised = normaliseValue(definition, value, context);
    if (normalised instanceof Error) issues.push({ path, message: normalised.message });
    else result[key] = normalised;
  }
  if (issues.length) throw new InvalidInputError(issues);
  return result;
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
