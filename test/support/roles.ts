/**
 * Finding elements as a screen-reader user names them, through shadow roots: by role and
 * accessible name. Covers what these tests' elements use, not the whole of ARIA.
 */

export const normalise = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

/** The accessible name: aria-labelledby, aria-label, label[for], a wrapping label, a table's caption, else the content. */
export function nameOf(element: Element): string {
  const root = element.getRootNode() as ShadowRoot | Document;
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) return normalise(labelledBy.split(' ').map((id) => root.getElementById(id)?.textContent).join(' '));
  const ariaLabel = element.getAttribute('aria-label');
  if (ariaLabel) return normalise(ariaLabel);
  if (element.id) {
    const label = root.querySelector(`label[for="${element.id}"]`);
    if (label) return normalise(label.textContent);
  }
  const wrapping = element.closest('label');
  if (wrapping) return normalise(wrapping.textContent);
  if (element instanceof HTMLTableElement) return normalise(element.caption?.textContent);
  return normalise(element.textContent);
}

/** The elements that carry each role, implicitly or explicitly; any other role is looked up as `[role=…]`. */
const ROLE_SELECTORS: Record<string, string> = {
  region: 'section[aria-labelledby], section[aria-label], [role="region"]',
  // A form is a landmark once it has a name.
  form: 'form[aria-labelledby], form[aria-label], [role="form"]',
  button: 'button, [role="button"]',
  radio: 'input[type="radio"]',
  checkbox: 'input[type="checkbox"]',
  textbox: 'textarea, input:not([type]), input[type="text"], input[type="url"], input[type="tel"], input[type="email"]',
  combobox: 'select, input[list], [role="combobox"]',
  table: 'table',
  columnheader: 'th[scope="col"]',
  rowheader: 'th[scope="row"]',
  row: 'tr',
  status: '[role="status"]',
  alert: '[role="alert"]',
  heading: 'h1, h2, h3, [role="heading"]',
  list: 'ul, ol, [role="list"]',
  listitem: 'li, [role="listitem"]',
};

/** Every element with the role whose accessible name matches, inside `root` and its shadow trees. */
export function allByRole(root: Element | ShadowRoot, role: string, name?: string | RegExp): HTMLElement[] {
  const found: HTMLElement[] = [];
  const visit = (scope: Element | ShadowRoot) => {
    for (const element of scope.querySelectorAll<HTMLElement>(ROLE_SELECTORS[role] ?? `[role="${role}"]`)) {
      const accessible = nameOf(element);
      if (name === undefined || (typeof name === 'string' ? accessible === name : name.test(accessible))) found.push(element);
    }
    for (const host of scope.querySelectorAll('*')) if (host.shadowRoot) visit(host.shadowRoot);
  };
  visit(root instanceof Element && root.shadowRoot ? root.shadowRoot : root);
  return found;
}

/** The first such element; throws when there is none. */
export function byRole<T extends HTMLElement = HTMLElement>(root: Element | ShadowRoot, role: string, name?: string | RegExp): T {
  const [found] = allByRole(root, role, name);
  if (!found) throw new Error(`No ${role} named ${String(name)}`);
  return found as T;
}

/** The element that has the focus, through shadow roots. */
export function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The first such element, or undefined. */
export function queryByRole(root: Element | ShadowRoot, role: string, name?: string | RegExp): HTMLElement | undefined {
  return allByRole(root, role, name)[0];
}
