import { BuiltInStore } from '../../../src/backend/index.js';
import type { SensitiveAccess } from '../../../src/contexts/sensitive-access-context.js';
import { DEMO_FIELD_SETS, ensureDemoRiderFields } from '../../../src/demo/field-sets.js';
import { seedDemoJourney } from '../../../src/demo/journey.js';
import { BASE_FIELD_SETS, FieldSetRegistry, parseOrganisationFieldSets } from '../../../src/model/index.js';

// The element the parts are tested inside: <cc-part-providers>, shared with the stories.
import '../../../stories/support/part-providers.js';

/** The base field sets with the demo's rider set (a motorcycle VIN, a sensitive date of birth), and any others. */
export function riderRegistry(...documents: unknown[]): FieldSetRegistry {
  return new FieldSetRegistry([...BASE_FIELD_SETS, ...[DEMO_FIELD_SETS, ...documents].flatMap((document) => parseOrganisationFieldSets(document))]);
}

export const AGENT = { id: 'agent-042', name: 'Sam Rivera' } as const;
export const MAY_REVEAL: SensitiveAccess = { canReveal: true, agent: AGENT };

/** A built-in store that knows `fieldSets`, seeded with the demo journey and Jordan's rider fields. */
export async function riderStore(name: string, fieldSets = riderRegistry(), options: { labMode?: boolean } = {}): Promise<BuiltInStore> {
  const store = await BuiltInStore.open({ databaseName: `cc-test-${name}-${crypto.randomUUID()}`, timeoutMs: 15_000, fieldSets, ...options });
  await seedDemoJourney(store, new Date(2026, 10, 20, 11, 0));
  await ensureDemoRiderFields(store);
  return store;
}
