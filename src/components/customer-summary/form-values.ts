import { DEFAULT_CUSTOMER_FIELD_SETS, type Customer, type CustomerInput, type CustomerPatch } from '../../model/customer.js';
import type { FieldIssue } from '../../model/errors.js';
import type { FieldDefinition, FieldSetRegistry, FieldValue } from '../../model/field-sets.js';
import { isFieldProblem, readFieldInput } from '../../model/validation.js';
import { TAGS } from './field-groups.js';
import { problemText } from './field-text.js';

/** Every input of the form, by field id, and the tags (`tags`), as the agent typed them. */
export type FormValues = Readonly<Record<string, string>>;

/** What one run of the save task does. */
export type SaveJob =
  | { readonly kind: 'create'; readonly input: CustomerInput }
  | { readonly kind: 'update'; readonly id: string; readonly patch: CustomerPatch };

/** The draft has problems: they go next to their fields, and nothing is sent. */
export interface InvalidDraft {
  readonly kind: 'invalid';
  readonly issues: readonly FieldIssue[];
}

/** The form as the agent left it. */
export interface Draft {
  /** The form's data fields, in form order. */
  readonly fields: readonly FieldDefinition[];
  readonly values: FormValues;
  /** The field sets in force: a save adds the organisation's sets whose fields it gives. */
  readonly registry: FieldSetRegistry;
}

/** A stored value as the form edits it; a sensitive one starts empty, since the form never shows it. */
function inputText(field: FieldDefinition, value: unknown): string {
  if (value === undefined || value === null || field.sensitive) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function valuesOf(source: Pick<CustomerInput, 'dataElements' | 'tags'> | undefined, fields: readonly FieldDefinition[]): FormValues {
  const tags = Array.isArray(source?.tags) ? source.tags : [];
  const values: Record<string, string> = { [TAGS]: tags.join('\n') };
  const data = (typeof source?.dataElements === 'object' && source.dataElements) || {};
  for (const field of fields) values[field.id] = inputText(field, (data as Record<string, unknown>)[field.id]);
  return values;
}

export function tagsOf(text: string): string[] {
  return text
    .split('\n')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/**
 * The values of the fields the agent changed from `before` (all of them, creating), read by their
 * field definitions, and the problems found. Phones are left for the store, which reads them in its region.
 */
function readDraft(draft: Draft, before: FormValues, all: boolean): { readonly values: Record<string, FieldValue | null>; readonly issues: FieldIssue[] } {
  const values: Record<string, FieldValue | null> = {};
  const issues: FieldIssue[] = [];
  for (const field of draft.fields) {
    // A field the form did not have when editing began (the field sets arrived since) is unchanged.
    const text = draft.values[field.id] ?? before[field.id] ?? '';
    // A sensitive field's input starts empty: left empty, it keeps what is stored.
    if (!all && (text === before[field.id] || (field.sensitive && text.trim() === ''))) continue;
    if (all && field.sensitive && text.trim() === '' && !field.required) continue;
    const read = readFieldInput(field, text);
    if (isFieldProblem(read)) issues.push({ path: `dataElements.${field.id}`, message: problemText(read) });
    else if (read !== null || !all) values[field.id] = read;
  }
  return { values, issues };
}

/** The field sets a save must add so that the store takes values of the organisation's fields. */
function setsToAdd(registry: FieldSetRegistry, current: readonly string[], values: Readonly<Record<string, FieldValue | null>>): string[] {
  const added = new Set<string>();
  for (const [key, value] of Object.entries(values)) {
    if (value === null || registry.findField(current, key)) continue;
    const set = registry.setsFor('customer').find((candidate) => candidate.fields.some((field) => field.id === key));
    if (set) added.add(set.id);
  }
  return [...added];
}

/** The customer the create form describes: the prefill, with what the agent typed over it. */
export function createJob(draft: Draft, prefill: CustomerInput | undefined): SaveJob | InvalidDraft {
  const { values, issues } = readDraft(draft, valuesOf(undefined, draft.fields), true);
  if (issues.length) return { kind: 'invalid', issues };
  const dataElements: Record<string, unknown> = { ...prefill?.dataElements };
  for (const field of draft.fields) {
    const value = values[field.id];
    if (value === undefined || value === null) delete dataElements[field.id];
    else dataElements[field.id] = value;
  }
  const own = prefill?.fieldsets ?? [...DEFAULT_CUSTOMER_FIELD_SETS];
  const added = setsToAdd(draft.registry, own, values);
  const tags = tagsOf(draft.values[TAGS] ?? '');
  return {
    kind: 'create',
    input: { ...prefill, ...(added.length ? { fieldsets: [...own, ...added] } : {}), dataElements, ...(tags.length ? { tags } : {}) },
  };
}

/** What the agent changed from `base`, expecting `expectedVersion`; undefined when they changed nothing. */
export function updateJob(draft: Draft, base: Customer | undefined, expectedVersion: number): SaveJob | InvalidDraft | undefined {
  if (!base) return undefined;
  const before = valuesOf(base, draft.fields);
  const { values, issues } = readDraft(draft, before, false);
  if (issues.length) return { kind: 'invalid', issues };
  const tagsChanged = tagsOf(draft.values[TAGS] ?? '').join('\n') !== tagsOf(before[TAGS] ?? '').join('\n');
  if (!Object.keys(values).length && !tagsChanged) return undefined;
  const added = setsToAdd(draft.registry, base.fieldsets, values);
  return {
    kind: 'update',
    id: base.id,
    patch: {
      expectedVersion,
      ...(added.length ? { fieldsets: [...base.fieldsets, ...added] } : {}),
      ...(Object.keys(values).length ? { dataElements: values } : {}),
      ...(tagsChanged ? { tags: tagsOf(draft.values[TAGS] ?? '') } : {}),
    },
  };
}
