import { msg, str } from '@lit/localize';
import type { FieldIssue } from '../../model/errors.js';
import type { FieldSetTarget, FieldType, OrganisationField, OrganisationFieldSet, OrganisationFieldSets } from '../../model/field-sets.js';
import { parseOrganisationFieldSets } from '../../model/validation.js';

/** One field as the editor holds it: what the inputs show, with a key that survives reordering. */
export interface DraftField {
  readonly key: number;
  readonly id: string;
  readonly type: FieldType;
  readonly labels: Readonly<Record<string, string>>;
  readonly required: boolean;
  readonly sensitive: boolean;
  readonly maxLength: string;
  /** Enum options, one a line. */
  readonly options: string;
  /** As a loaded JSON said; the editor has no control for it and keeps it. */
  readonly searchable?: boolean;
}

export interface DraftSet {
  readonly id: string;
  readonly appliesTo: FieldSetTarget;
  readonly labels: Readonly<Record<string, string>>;
  readonly fields: readonly DraftField[];
}

/** The set the editor starts from, and what an empty JSON loads. */
export const EMPTY_DRAFT: DraftSet = { id: 'acme.customer', appliesTo: 'customer', labels: {}, fields: [] };

/** The JSON as it stands, and what keeps it from being used. */
export interface CheckedDraft {
  readonly document: OrganisationFieldSets;
  readonly issues: readonly FieldIssue[];
}

/** What the field is called in the editor: its label, else its id, else its place. */
export function fieldName(field: DraftField, index: number): string {
  return field.labels['en']?.trim() || field.labels['fr']?.trim() || field.id.trim() || msg(str`Field ${index + 1}`);
}

/** The problem found at `path` (a field's label: in any language). */
export function issueAt(issues: readonly FieldIssue[], path: string): FieldIssue | undefined {
  return issues.find((issue) => issue.path === path || (path.endsWith('.label') && issue.path.startsWith(`${path}.`)));
}

/** Non-empty labels only: an empty input means no label in that language. */
function cleanLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([, text]) => text.trim() !== '').map(([tag, text]) => [tag, text.trim()]));
}

/** The field set JSON the draft makes, with the loaded JSON's `others` sets after it, unchanged. */
function toDocument(draft: DraftSet, others: readonly OrganisationFieldSet[]): OrganisationFieldSets {
  const set: OrganisationFieldSet = {
    id: draft.id.trim(),
    appliesTo: draft.appliesTo,
    ...(Object.keys(cleanLabels(draft.labels)).length ? { label: cleanLabels(draft.labels) } : {}),
    fields: draft.fields.map((field): OrganisationField => {
      const maxLength = field.maxLength.trim();
      const options = field.options
        .split('\n')
        .map((option) => option.trim())
        .filter(Boolean);
      return {
        id: field.id.trim(),
        type: field.type,
        label: cleanLabels(field.labels),
        ...(field.required ? { required: true } : {}),
        ...(field.type === 'string' && maxLength ? { maxLength: Number(maxLength) } : {}),
        ...(field.sensitive ? { sensitive: true } : {}),
        ...(field.searchable !== undefined ? { searchable: field.searchable } : {}),
        ...(field.type === 'enum' ? { options } : {}),
      };
    }),
  };
  return { fieldSets: [set, ...others] };
}

/** The JSON the draft makes, checked as the gadget checks it. */
export function checkDraft(draft: DraftSet, others: readonly OrganisationFieldSet[]): CheckedDraft {
  const document = toDocument(draft, others);
  const issues: FieldIssue[] = [];
  draft.fields.forEach((field, index) => {
    const maxLength = field.maxLength.trim();
    if (field.type === 'string' && maxLength && !/^\d+$/.test(maxLength)) {
      issues.push({ path: `fieldSets.0.fields.${index}.maxLength`, message: msg('Must be a whole number.') });
    }
  });
  if (!issues.length) {
    try {
      parseOrganisationFieldSets(document);
    } catch (error) {
      issues.push(...((error as { issues?: readonly FieldIssue[] }).issues ?? [{ path: '', message: String(error) }]));
    }
  }
  return { document, issues };
}

/** A field set as the editor holds it; `nextKey` gives each field its key. */
export function draftOf(set: OrganisationFieldSet | undefined, nextKey: () => number): DraftSet {
  if (!set) return { ...EMPTY_DRAFT };
  return {
    id: set.id,
    appliesTo: set.appliesTo,
    labels: { ...set.label },
    fields: set.fields.map((field) => ({
      key: nextKey(),
      id: field.id,
      type: field.type,
      labels: { ...field.label },
      required: field.required ?? false,
      sensitive: field.sensitive ?? false,
      maxLength: field.maxLength === undefined ? '' : String(field.maxLength),
      options: (field.options ?? []).join('\n'),
      ...(field.searchable !== undefined ? { searchable: field.searchable } : {}),
    })),
  };
}

/** A new, empty text field with `key`. */
export function emptyField(key: number): DraftField {
  return { key, id: '', type: 'string', labels: {}, required: false, sensitive: false, maxLength: '', options: '' };
}
