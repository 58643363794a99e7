import { msg } from '@lit/localize';
import { DEFAULT_CUSTOMER_FIELD_SETS, type CustomerInput } from '../../model/customer.js';
import type { FieldIssue } from '../../model/errors.js';
import { CUSTOMER_FIELD_SET, type FieldDefinition, type FieldSetRegistry, localisedLabel } from '../../model/field-sets.js';

/** The form's key for the tags, beside the field ids. */
export const TAGS = 'tags';

export const NAME_FIELDS = ['Context_First_Name', 'Context_Last_Name'] as const;

export const ADDRESS_FIELDS = [
  'Context_Street_Address_1',
  'Context_Street_Address_2',
  'Context_City',
  'Context_State',
  'Context_ZIP',
  'Context_Country',
] as const;

/** One group of the form: the base customer fields in the groups agents know, then each other field set. */
export interface FieldGroup {
  readonly legend: string;
  readonly fields: readonly (FieldDefinition | typeof TAGS)[];
}

/** The field sets in force for `customer` (or a new one): its own, then the organisation's sets for customers. */
export function setIdsFor(registry: FieldSetRegistry, customer: Pick<CustomerInput, 'fieldsets'> | undefined): string[] {
  const own = Array.isArray(customer?.fieldsets) ? customer.fieldsets : [...DEFAULT_CUSTOMER_FIELD_SETS];
  const organisation = registry.setsFor('customer').map((set) => set.id);
  return [...new Set([...own, ...organisation])];
}

/** The form's fields: the base customer fields as agents know them, then each other set's, in its order; set legends in `locale`. */
export function groupsFor(registry: FieldSetRegistry, setIds: readonly string[], locale: string | undefined): FieldGroup[] {
  const groups: FieldGroup[] = [];
  const placed = new Set<string>();
  const take = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const field = registry.findField(setIds, id);
      if (!field || placed.has(id)) return [];
      placed.add(id);
      return [field];
    });
  const base = setIds.includes(CUSTOMER_FIELD_SET) ? registry.get(CUSTOMER_FIELD_SET) : undefined;
  if (base) {
    const ofFormat = (format: FieldDefinition['format']) => base.fields.filter((field) => field.format === format).map((field) => field.id);
    groups.push({ legend: msg('Name'), fields: take(NAME_FIELDS) });
    groups.push({ legend: msg('Phone'), fields: take(ofFormat('phone')) });
    groups.push({ legend: msg('Email'), fields: take(ofFormat('email')) });
    groups.push({ legend: msg('Address'), fields: take(ADDRESS_FIELDS) });
    groups.push({ legend: msg('Preferences'), fields: [...take(base.fields.map((field) => field.id)), TAGS] });
  }
  for (const setId of setIds) {
    const set = registry.get(setId);
    if (!set || set.id === CUSTOMER_FIELD_SET) continue;
    const fields = take(set.fields.map((field) => field.id));
    if (fields.length) groups.push({ legend: localisedLabel(set.label, locale, set.id), fields });
  }
  if (!base) groups.push({ legend: msg('Preferences'), fields: [TAGS] });
  return groups.filter((group) => group.fields.length);
}

/** The groups' data fields, in form order. */
export function dataFieldsOf(groups: readonly FieldGroup[]): FieldDefinition[] {
  return groups.flatMap((group) => group.fields.filter((field): field is FieldDefinition => field !== TAGS));
}

/** The form input an issue belongs to (`dataElements.Context_City`, `tags.2`), if the form shows it among `fields`. */
export function issueInput(issue: FieldIssue, fields: readonly FieldDefinition[]): string | undefined {
  const [head, ...rest] = issue.path.split('.');
  if (head === TAGS) return TAGS;
  const key = rest.join('.');
  if (head === 'dataElements' && fields.some((field) => field.id === key)) return key;
  return undefined;
}
