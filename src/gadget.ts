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
for (const container of document.querySelectorAll<HTMLElement>('[data-cc-gadget]')) {
  const labMode = setting(container, 'lab-mode');
  const options: Record<string, string | boolean> = {};
  for (const name of ['customer-id', 'database-name', 'backend-url', 'timeout', 'locale', 'theme'] as const) {
    const value = setting(container, name);
    if (value) options[name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value;
  }
  if (labMode !== undefined && labMode !== 'false') options['labMode'] = true;
  const gadget = mountGadget(container, options as GadgetOptions);
  // Inside Finesse: follow the agent's calls. Loaded on demand, so other pages never download it.
  if (finessePresent()) void import('./finesse/bridge.js').then(({ startFinesseBridge }) => startFinesseBridge(gadget));
}
