/**
 * The Finesse gadget bundle: registers `<cc-customer-context>` and mounts it. Everything heavy
 * (the model's schemas, the IndexedDB store, phone metadata, the parts, French) loads as separate
 * chunks after the first render.
 */
import './components/customer-context/customer-context.js';
import type { CcCustomerContext } from './components/customer-context/customer-context.js';
import { finessePresent } from './finesse/present.js';

export { CcCustomerContext } from './components/customer-context/customer-context.js';

export interface GadgetOptions {
  /** The customer whose journey to show first. */
  readonly customerId?: string;
  /** The built-in store's database name. */
  readonly databaseName?: string;
  /** A shared backend's address (see `backend-url` on `<cc-customer-context>`); the built-in store when absent. */
  readonly backendUrl?: string;
  /** Per-operation timeout in ms, 200–15000 (values outside are clamped). */
  readonly timeout?: string;
  /** Lab mode: delete actions exist. */
  readonly labMode?: boolean;
  /** BCP 47 locale of the text. */
  readonly locale?: string;
  /** 'auto', 'light' or 'dark'. */
  readonly theme?: string;
  /** The organisation's field set JSON, by address (see `field-sets-url` on `<cc-customer-context>`). */
  readonly fieldSetsUrl?: string;
  /** This agent may reveal sensitive fields (recorded under `agentId`). */
  readonly revealSensitive?: boolean;
  /** The agent using the gadget, and their name, for the record of reveals. */
  readonly agentId?: string;
  readonly agentName?: string;
}

/** Replaces `container`'s content with the gadget; returns it. */
export function mountGadget(container: Element, options: GadgetOptions = {}): CcCustomerContext {
  const gadget = document.createElement('cc-customer-context');
  if (options.databaseName) gadget.databaseName = options.databaseName;
  if (options.backendUrl) gadget.backendUrl = options.backendUrl;
  if (options.customerId) gadget.customerId = options.customerId;
  // Given as attributes, so the gadget validates them exactly as it does markup.
  if (options.timeout) gadget.setAttribute('timeout', options.timeout);
  if (options.labMode) gadget.labMode = true;
  if (options.locale) gadget.locale = options.locale;
  if (options.theme) gadget.setAttribute('theme', options.theme);
  if (options.fieldSetsUrl) gadget.setAttribute('field-sets-url', options.fieldSetsUrl);
  if (options.revealSensitive) gadget.setAttribute('reveal-sensitive', '');
  if (options.agentId) gadget.setAttribute('agent-id', options.agentId);
  if (options.agentName) gadget.setAttribute('agent-name', options.agentName);
  container.replaceChildren(gadget);
  return gadget;
}

/**
 * A setting from the container's data attributes, else from the page's query (a gadget's URL
 * parameters), else from the query of the gadget spec's own URL, which Finesse passes as `url`
 * (a layout's `ContextService.xml?backend-url=…`). The gadget validates whatever comes.
 */
function setting(container: HTMLElement, name: string): string | undefined {
  const key = name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const page = new URLSearchParams(location.search);
  return container.dataset[key] ?? page.get(name) ?? specQuery(page.get('url'))?.get(name) ?? undefined;
}

function specQuery(url: string | null): URLSearchParams | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, location.href).searchParams;
  } catch {
    return undefined;
  }
}

// A page that only includes the script mounts the gadget where it says:
// <div data-cc-gadget data-customer-id="…" data-database-name="…" data-timeout="2000"></div>
// (also data-backend-url, -locale, -theme, -lab-mode, -field-sets-url, -reveal-sensitive, -agent-id, -agent-name)
for (const container of document.querySelectorAll<HTMLElement>('[data-cc-gadget]')) {
  const options: Record<string, string | boolean> = {};
  for (const name of ['customer-id', 'database-name', 'backend-url', 'timeout', 'locale', 'theme', 'field-sets-url', 'agent-id', 'agent-name'] as const) {
    const value = setting(container, name);
    if (value) options[name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value;
  }
  for (const [name, key] of [['lab-mode', 'labMode'], ['reveal-sensitive', 'revealSensitive']] as const) {
    const value = setting(container, name);
    if (value !== undefined && value !== 'false') options[key] = true;
  }
  const gadget = mountGadget(container, options as GadgetOptions);
  // Inside Finesse: follow the agent's calls. Loaded on demand, so other pages never download it.
  if (finessePresent()) void import('./finesse/bridge.js').then(({ startFinesseBridge }) => startFinesseBridge(gadget));
}
