import { ContextProvider } from '@lit/context';
import { LitElement, html } from 'lit';
import { fieldSetsContext } from '../../src/contexts/field-sets-context.js';
import { NO_SENSITIVE_ACCESS, sensitiveAccessContext, type SensitiveAccess } from '../../src/contexts/sensitive-access-context.js';
import { DEFAULT_SETTINGS, settingsContext, type GadgetSettings } from '../../src/contexts/settings-context.js';
import type { FieldSetRegistry } from '../../src/model/index.js';

/**
 * Provides what `<cc-customer-context>` provides its parts (settings, the field sets in force and
 * the reveal grant), so that a story or a test can show one part on its own.
 */
export class PartProviders extends LitElement {
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
if (!customElements.get('cc-part-providers')) customElements.define('cc-part-providers', PartProviders);
