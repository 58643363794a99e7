import * as z from 'zod/mini';
import { contributorsSchema, fieldSetIdsSchema, tagsSchema, timestampSchema } from './common.js';
import { dataElementsSchema } from './field-sets.js';

/**
 * The fields every stored activity and request ends with, in this order: its tags, who touched it,
 * its field sets and their values, and its times and version. (A customer's are the same, with its
 * identities among them.)
 */
export const storedRecordFields = {
  tags: tagsSchema,
  contributors: contributorsSchema,
  fieldsets: fieldSetIdsSchema,
  dataElements: dataElementsSchema,
  created: timestampSchema,
  lastUpdated: timestampSchema,
  version: z.int().check(z.minimum(1)),
};
