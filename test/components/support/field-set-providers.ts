import { ContextProvider } from '@lit/context';
import { LitElement, html } from 'lit';
import { BuiltInStore } from '../../../src/backend/index.js';
import { fieldSetsContext } from '../../../src/contexts/field-sets-context.js';
import { NO_SENSITIVE_ACCESS, sensitiveAccessContext, type SensitiveAccess } from '../../../src/contexts/sensitive-access-context.js';
import { DEFAULT_SETTINGS, settingsContext, type GadgetSettings } from '../../../src/contexts/settings-context.js';
import { DEMO_FIELD_SETS, ensureDemoRiderFields } from '../../../src/demo/field-sets.js';
import { seedDemoJourney } from '../../../src/demo/journey.js';
import { BASE_FIELD_SETS, FieldSetRegistry, parseOrganisationFieldSets } from '../../../src/model/index.js';

/** Provides what `<cc-customer-context>` provides its parts: settings, the field sets in force, and the reveal grant. */
export class TestProviders extends LitElement {
  private readonly settingsProvider = new ContextProvider(this, { context: settingsContext, initialValue: DEFAULT_SETTINGS });
  private readonly fieldSetsProvider = new ContextProvider(this, { context: fieldSetsContext });
  private readonly accessProvider = new ContextProvider(this, { context: sensitiveAccessContext, initialValue: NO_SENSITIVE_ACCESS });

  set settings(value: GadgetSettings) {
    this.settingsProvider.setValue(value);
  }

  set fieldSets(value: FieldSetRegistry | undefined) {
    if (value) this.fieldSetsProvider.setValue(value);
  }

  set access(value: SensitiveAccess) {
    this.accessProvider.setValue(value);
  }

  override render() {
    return html`<slot></slot>`;
  }
}
if (!customElements.get('cc-test-providers')) customElements.define('cc-test-providers', TestProviders);

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
