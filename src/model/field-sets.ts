import * as z from 'zod/mini';
import { LIMITS } from './common.js';

export const FIELD_DATA_TYPES = ['string', 'integer', 'double', 'boolean'] as const;
export type FieldDataType = (typeof FIELD_DATA_TYPES)[number];

export const FIELD_CLASSIFICATIONS = ['PII', 'ENCRYPTED', 'UNENCRYPTED'] as const;
export type FieldClassification = (typeof FIELD_CLASSIFICATIONS)[number];

/** How a string field's value is normalised beyond trimming. */
export const FIELD_FORMATS = ['text', 'phone', 'email', 'language'] as const;
export type FieldFormat = (typeof FIELD_FORMATS)[number];

export const fieldDefinitionSchema = z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_.]*$/, 'Field ids start with a letter')),
  dataType: z.enum(FIELD_DATA_TYPES),
  classification: z.enum(FIELD_CLASSIFICATIONS),
  searchable: z._default(z.boolean(), true),
  format: z._default(z.enum(FIELD_FORMATS), 'text'),
  /** Labels by locale (`en-US`), as Context Service's translations. */
  label: z.record(z.string(), z.string()),
});
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>;

export const fieldSetDefinitionSchema = z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'Field set ids start with a letter')),
  fields: z.array(fieldDefinitionSchema).check(z.minLength(1)),
});
export type FieldSetDefinition = z.infer<typeof fieldSetDefinitionSchema>;

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
  return { id, dataType, classification, searchable: true, format, label: { 'en-US': label } };
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

/** The field sets a store knows: the base ones plus any an organisation defines. */
export class FieldSetRegistry {
  private readonly sets = new Map<string, FieldSetDefinition>();

  constructor(definitions: readonly FieldSetDefinition[] = BASE_FIELD_SETS) {
    for (const definition of definitions) this.define(definition);
  }

  define(definition: FieldSetDefinition): void {
    this.sets.set(definition.id, fieldSetDefinitionSchema.parse(definition));
  }

  get(id: string): FieldSetDefinition | undefined {
    return this.sets.get(id);
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
