import * as z from 'zod/mini';
import { LIMITS } from './common.js';

export const FIELD_DATA_TYPES = ['string', 'integer', 'double', 'boolean'] as const;
export type FieldDataType = (typeof FIELD_DATA_TYPES)[number];

export const FIELD_CLASSIFICATIONS = ['PII', 'ENCRYPTED', 'UNENCRYPTED'] as const;
export type FieldClassification = (typeof FIELD_CLASSIFICATIONS)[number];

/** How a string field's value is read beyond trimming. */
export const FIELD_FORMATS = ['text', 'phone', 'email', 'language', 'date', 'url', 'enum'] as const;
export type FieldFormat = (typeof FIELD_FORMATS)[number];

/** The objects a field set can be meant for: the gadget offers a set's fields on objects of that kind. */
export const FIELD_SET_TARGETS = ['customer', 'activity', 'request'] as const;
export type FieldSetTarget = (typeof FIELD_SET_TARGETS)[number];

/**
 * The types an organisation gives its fields in its field set JSON. Each is a stored data type
 * with a format (`date` is text such as `1990-04-17`); see `FIELD_TYPE_STORAGE`.
 */
export const FIELD_TYPES = ['string', 'number', 'boolean', 'date', 'enum', 'phone', 'email', 'url'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FIELD_TYPE_STORAGE: Readonly<Record<FieldType, { readonly dataType: FieldDataType; readonly format: FieldFormat }>> = {
  string: { dataType: 'string', format: 'text' },
  number: { dataType: 'double', format: 'text' },
  boolean: { dataType: 'boolean', format: 'text' },
  date: { dataType: 'string', format: 'date' },
  enum: { dataType: 'string', format: 'enum' },
  phone: { dataType: 'string', format: 'phone' },
  email: { dataType: 'string', format: 'email' },
  url: { dataType: 'string', format: 'url' },
};

const fieldIdSchema = z.string().check(
  z.maxLength(LIMITS.idLength, `Must be at most ${LIMITS.idLength} characters`),
  z.regex(/^[A-Za-z][A-Za-z0-9_.]*$/, 'Field ids start with a letter and hold only letters, digits, "_" and "."'),
);
const fieldSetIdSchema = z.string().check(
  z.maxLength(LIMITS.idLength, `Must be at most ${LIMITS.idLength} characters`),
  z.regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'Field set ids start with a letter'),
);

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** Labels by language tag (`en-US`, `fr`), as Context Service's translations. */
export const labelsSchema = z.record(
  z.string().check(z.refine(isLanguageTag, 'Must be a language tag such as en-US or fr')),
  z.string().check(z.trim(), z.minLength(1, 'Must not be empty'), z.maxLength(LIMITS.titleLength, `Must be at most ${LIMITS.titleLength} characters`)),
);
export type Labels = z.infer<typeof labelsSchema>;

const optionsSchema = z.array(z.string().check(z.trim(), z.minLength(1, 'Must not be empty'), z.maxLength(LIMITS.titleLength))).check(
  z.minLength(1, 'An enum needs at least one option'),
  z.maxLength(200, 'At most 200 options'),
  z.refine((options) => new Set(options).size === options.length, 'Options must be unique'),
);

/** The rules between a field's properties that no single property can state. */
export function fieldRulesOf(field: { dataType: FieldDataType; format: FieldFormat; maxLength?: number | undefined; options?: readonly string[] | undefined }): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (field.format === 'enum' && !field.options) issues.push({ path: 'options', message: 'An enum field lists its options' });
  if (field.format !== 'enum' && field.options) issues.push({ path: 'options', message: 'Only an enum field has options' });
  if (field.maxLength !== undefined && field.dataType !== 'string') issues.push({ path: 'maxLength', message: 'Only a text field has a maximum length' });
  if (field.format !== 'text' && field.dataType !== 'string') issues.push({ path: 'format', message: 'Only a string field has a format' });
  return issues;
}

export const fieldDefinitionSchema = z
  .strictObject({
    id: fieldIdSchema,
    dataType: z.enum(FIELD_DATA_TYPES),
    classification: z.enum(FIELD_CLASSIFICATIONS),
    searchable: z._default(z.boolean(), true),
    format: z._default(z.enum(FIELD_FORMATS), 'text'),
    /** Labels by locale (`en-US`), as Context Service's translations. */
    label: z.record(z.string(), z.string()),
    /** A value must be present whenever the object is created or the field is changed. */
    required: z._default(z.boolean(), false),
    /** At most this many characters (text fields; never more than the 2000 Context Service allowed). */
    maxLength: z.optional(z.int().check(z.minimum(1, 'Must be at least 1'), z.maximum(LIMITS.fieldValueLength, `Must be at most ${LIMITS.fieldValueLength}`))),
    /** Masked in the gadget until an agent allowed to reveals it; never written to logs or diagnostics. */
    sensitive: z._default(z.boolean(), false),
    /** The values an enum field accepts. */
    options: z.optional(optionsSchema),
  })
  .check(
    z.superRefine((field, context) => {
      for (const issue of fieldRulesOf(field)) context.addIssue({ code: 'custom', path: [issue.path], message: issue.message, input: field });
    }),
  );
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>;

export const fieldSetDefinitionSchema = z
  .strictObject({
    id: fieldSetIdSchema,
    fields: z.array(fieldDefinitionSchema).check(z.minLength(1)),
    /** What kind of object the gadget offers this set's fields on; absent for sets given explicitly. */
    appliesTo: z.optional(z.enum(FIELD_SET_TARGETS)),
    /** The set's name by language tag, shown as the heading of its fields. */
    label: z.optional(labelsSchema),
  })
  .check(
    z.superRefine((set, context) => {
      const seen = new Set<string>();
      set.fields.forEach((field, index) => {
        if (seen.has(field.id)) context.addIssue({ code: 'custom', path: ['fields', index, 'id'], message: `Field "${field.id}" is defined twice`, input: set });
        seen.add(field.id);
      });
    }),
  );
export type FieldSetDefinition = z.infer<typeof fieldSetDefinitionSchema>;
/** A definition as written, before defaults are filled in. */
export type FieldSetDefinitionInput = z.input<typeof fieldSetDefinitionSchema>;

/** One field as an organisation writes it in its field set JSON. */
export const organisationFieldSchema = z.strictObject({
  id: fieldIdSchema,
  type: z.enum(FIELD_TYPES),
  label: labelsSchema.check(z.refine((labels) => Object.keys(labels).length > 0, 'Give the field a label in at least one language')),
  required: z.optional(z.boolean()),
  maxLength: z.optional(z.int().check(z.minimum(1, 'Must be at least 1'), z.maximum(LIMITS.fieldValueLength, `Must be at most ${LIMITS.fieldValueLength}`))),
  sensitive: z.optional(z.boolean()),
  searchable: z.optional(z.boolean()),
  options: z.optional(optionsSchema),
});
export type OrganisationField = z.infer<typeof organisationFieldSchema>;

export const organisationFieldSetSchema = z.strictObject({
  id: fieldSetIdSchema.check(z.refine((id) => !id.startsWith('cisco.'), 'Ids starting with "cisco." are reserved for the base field sets')),
  appliesTo: z.enum(FIELD_SET_TARGETS),
  label: z.optional(labelsSchema),
  fields: z.array(organisationFieldSchema).check(z.minLength(1, 'A field set has at least one field'), z.maxLength(200, 'At most 200 fields')),
});
export type OrganisationFieldSet = z.infer<typeof organisationFieldSetSchema>;

/** An organisation's field set JSON: its own sets, used beside the base ones. */
export const organisationFieldSetsSchema = z.strictObject({
  fieldSets: z.array(organisationFieldSetSchema).check(z.maxLength(50, 'At most 50 field sets')),
});
export type OrganisationFieldSets = z.infer<typeof organisationFieldSetsSchema>;

/** A value of one field: what Context Service accepted as a data element. */
export const fieldValueSchema = z.union([
  z.string().check(z.maxLength(LIMITS.fieldValueLength, `Must be at most ${LIMITS.fieldValueLength} characters`)),
  z.number().check(z.refine(Number.isFinite, 'Must be a finite number')),
  z.boolean(),
]);
export type FieldValue = z.infer<typeof fieldValueSchema>;

export const dataElementsSchema = z.record(z.string().check(z.minLength(1)), fieldValueSchema);
export type DataElements = z.infer<typeof dataElementsSchema>;

function field(
  id: string,
  label: string,
  classification: FieldClassification,
  format: FieldFormat = 'text',
  dataType: FieldDataType = 'string',
): FieldDefinition {
  return { id, dataType, classification, searchable: true, format, label: { 'en-US': label }, required: false, sensitive: false };
}

export const CUSTOMER_FIELD_SET = 'cisco.base.customer';
export const REQUEST_FIELD_SET = 'cisco.base.request';
export const POD_FIELD_SET = 'cisco.base.pod';
export const COMMENT_FIELD_SET = 'cisco.base.comment';
export const RATING_FIELD_SET = 'cisco.base.rating';

/** The base field sets Context Service shipped, with its `Context_*` field ids. */
export const BASE_FIELD_SETS: readonly FieldSetDefinition[] = [
  {
    id: CUSTOMER_FIELD_SET,
    fields: [
      field('Context_First_Name', 'First name', 'PII'),
      field('Context_Last_Name', 'Last name', 'PII'),
      field('Context_Work_Email', 'Work email', 'PII', 'email'),
      field('Context_Home_Email', 'Home email', 'PII', 'email'),
      field('Context_Mobile_Phone', 'Mobile phone', 'PII', 'phone'),
      field('Context_Home_Phone', 'Home phone', 'PII', 'phone'),
      field('Context_Work_Phone', 'Work phone', 'PII', 'phone'),
      field('Context_Street_Address_1', 'Street address', 'PII'),
      field('Context_Street_Address_2', 'Street address line 2', 'PII'),
      field('Context_City', 'City', 'PII'),
      field('Context_State', 'State', 'PII'),
      field('Context_Country', 'Country', 'PII'),
      field('Context_ZIP', 'ZIP code', 'PII'),
      field('Context_Preferred_Language', 'Preferred language', 'UNENCRYPTED', 'language'),
      field('Context_Customer_External_ID', 'External id', 'UNENCRYPTED'),
    ],
  },
  {
    id: REQUEST_FIELD_SET,
    fields: [field('Context_Title', 'Title', 'ENCRYPTED'), field('Context_Description', 'Description', 'ENCRYPTED')],
  },
  {
    id: POD_FIELD_SET,
    fields: [
      field('Context_Notes', 'Notes', 'ENCRYPTED'),
      field('Context_POD_Activity_Link', 'Activity link', 'UNENCRYPTED'),
      field('Context_POD_Source_Cust_Name', 'Source customer name', 'PII'),
      field('Context_POD_Source_Phone', 'Source phone', 'PII', 'phone'),
      field('Context_POD_Source_Email', 'Source email', 'PII', 'email'),
    ],
  },
  {
    id: COMMENT_FIELD_SET,
    fields: [
      field('Context_Comment', 'Comment', 'ENCRYPTED'),
      field('Context_Visible', 'Visible', 'UNENCRYPTED', 'text', 'boolean'),
      field('Context_DisplayName', 'Display name', 'UNENCRYPTED'),
    ],
  },
  {
    id: RATING_FIELD_SET,
    fields: [
      field('cccRatingComments', 'Rating comments', 'ENCRYPTED'),
      field('cccRatingPoints', 'Rating points', 'UNENCRYPTED', 'text', 'integer'),
    ],
  },
];

/** A field as its organisation wrote it: the inverse of `fromOrganisationField`, for export and the editor. */
export function fieldTypeOf(field: Pick<FieldDefinition, 'dataType' | 'format'>): FieldType {
  switch (field.dataType) {
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'double':
      return 'number';
    case 'string':
      break;
  }
  switch (field.format) {
    case 'date':
    case 'enum':
    case 'phone':
    case 'email':
    case 'url':
      return field.format;
    case 'text':
    case 'language':
      return 'string';
  }
}

/** A sensitive field is PII in Context Service's terms: encrypted, found only by exact match. */
export function fromOrganisationField(field: OrganisationField): FieldDefinition {
  const { dataType, format } = FIELD_TYPE_STORAGE[field.type];
  const sensitive = field.sensitive ?? false;
  return {
    id: field.id,
    dataType,
    format,
    classification: sensitive ? 'PII' : 'UNENCRYPTED',
    searchable: field.searchable ?? !sensitive,
    label: { ...field.label },
    required: field.required ?? false,
    sensitive,
    ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
    ...(field.options ? { options: [...field.options] } : {}),
  };
}

export function fromOrganisationFieldSet(set: OrganisationFieldSet): FieldSetDefinition {
  return { id: set.id, appliesTo: set.appliesTo, ...(set.label ? { label: { ...set.label } } : {}), fields: set.fields.map(fromOrganisationField) };
}

/** A field set as an organisation's JSON writes it (defaults left out), for export. */
export function toOrganisationFieldSet(set: FieldSetDefinition): OrganisationFieldSet {
  return {
    id: set.id,
    appliesTo: set.appliesTo ?? 'customer',
    ...(set.label ? { label: { ...set.label } } : {}),
    fields: set.fields.map((field) => {
      const type = fieldTypeOf(field);
      return {
        id: field.id,
        type,
        label: { ...field.label },
        ...(field.required ? { required: true } : {}),
        ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
        ...(field.sensitive ? { sensitive: true } : {}),
        ...(field.searchable !== !field.sensitive ? { searchable: field.searchable } : {}),
        ...(field.options ? { options: [...field.options] } : {}),
      };
    }),
  };
}

/**
 * The label in the closest language: the exact tag, else the same language (`fr` for `fr-CA`,
 * `fr-FR` for `fr`), else English, else any; the id when there is none.
 */
export function localisedLabel(labels: Readonly<Record<string, string>> | undefined, locale: string | undefined, fallback: string): string {
  if (!labels) return fallback;
  const entries = Object.entries(labels).filter(([, text]) => text.trim() !== '');
  if (!entries.length) return fallback;
  const language = (tag: string) => tag.toLowerCase().split('-')[0];
  const wanted = (locale ?? 'en').toLowerCase();
  const pick =
    entries.find(([tag]) => tag.toLowerCase() === wanted) ??
    entries.find(([tag]) => tag.toLowerCase() === language(wanted)) ??
    entries.find(([tag]) => language(tag) === language(wanted)) ??
    entries.find(([tag]) => language(tag) === 'en') ??
    entries[0]!;
  return pick[1];
}

/** The field sets a store knows: the base ones plus any an organisation defines. */
export class FieldSetRegistry {
  private readonly sets = new Map<string, FieldSetDefinition>();

  /** Definitions are checked, and their defaults filled in (`required` and `sensitive` false, `format` text). */
  constructor(definitions: readonly FieldSetDefinitionInput[] = BASE_FIELD_SETS) {
    for (const definition of definitions) this.define(definition);
  }

  define(definition: FieldSetDefinitionInput): void {
    this.sets.set(definition.id, fieldSetDefinitionSchema.parse(definition));
  }

  get(id: string): FieldSetDefinition | undefined {
    return this.sets.get(id);
  }

  /** Every set known, base ones first, in the order they were defined. */
  all(): FieldSetDefinition[] {
    return [...this.sets.values()];
  }

  /** The field sets an object of `target` carries beyond its own: the organisation's sets for that kind of object. */
  setsFor(target: FieldSetTarget): FieldSetDefinition[] {
    return this.all().filter((set) => set.appliesTo === target);
  }

  /** The fields of `fieldSetIds` in order, each once (the first set that declares a field wins). */
  fieldsOf(fieldSetIds: readonly string[]): { readonly set: FieldSetDefinition; readonly field: FieldDefinition }[] {
    const seen = new Set<string>();
    const fields: { set: FieldSetDefinition; field: FieldDefinition }[] = [];
    for (const setId of fieldSetIds) {
      const set = this.sets.get(setId);
      for (const field of set?.fields ?? []) {
        if (seen.has(field.id)) continue;
        seen.add(field.id);
        fields.push({ set: set!, field });
      }
    }
    return fields;
  }

  /** The field definition for `fieldId` among `fieldSetIds`, if one of them declares it. */
  findField(fieldSetIds: readonly string[], fieldId: string): FieldDefinition | undefined {
    for (const setId of fieldSetIds) {
      const found = this.sets.get(setId)?.fields.find((candidate) => candidate.id === fieldId);
      if (found) return found;
    }
    return undefined;
  }
}

export const BASE_FIELD_SET_REGISTRY = new FieldSetRegistry();
