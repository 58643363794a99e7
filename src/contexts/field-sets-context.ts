import { createContext } from '@lit/context';
import type { FieldSetRegistry } from '../model/field-sets.js';

/**
 * The field sets in force: the base ones and the organisation's. Components render and check
 * data elements by them; without a provider they use the base field sets.
 */
export const fieldSetsContext = createContext<FieldSetRegistry>(Symbol('cc-field-sets'));
