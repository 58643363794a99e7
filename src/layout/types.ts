export const LAYOUT_NAMESPACE = 'http://www.cisco.com/vtg/finesse';

export const SEVERITIES = ['error', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  readonly severity: Severity;
  /** Stable, for programs: `xml`, `doctype`, `namespace`, `tab-id-duplicate`… */
  readonly code: string;
  /** For an administrator, plain words. */
  readonly message: string;
  /** 1-based; 0 when the finding is about an option rather than the layout. */
  readonly line: number;
  readonly column: number;
  /** e.g. 'Agent layout > tab "home"' */
  readonly where?: string;
}

/** The roles the Customer Context tab can be added for. */
export const ROLES = ['Agent', 'Supervisor'] as const;
export type Role = (typeof ROLES)[number];

/** Every role a layout may have a `<layout>` for. */
export const LAYOUT_ROLES = ['Agent', 'Supervisor', 'Admin'] as const;

export const TAB_STYLES = ['gadgets', 'columns'] as const;
/** `gadgets`: `<gadgets>` directly in the tab; `columns`: `<columns><column><gadgets>`. */
export type TabStyle = (typeof TAB_STYLES)[number];

export interface GadgetOptions {
  /** Must match `[a-zA-Z]([-_a-zA-Z0-9])*` and be unique across gadgets and header components. */
  id?: string;
  hidden?: boolean;
  /** Comma-separated hosts; only for absolute gadget URLs. */
  alternateHosts?: string;
  maxRows?: number;
}

export interface ContextTabOptions {
  /** Default `['Agent']`; `'all'` is every Agent and Supervisor layout in the file. */
  roles?: readonly Role[] | 'all';
  /** Default `manageCustomer`. */
  tabId?: string;
  /** Default per role: `finesse.container.tabs.agent.manageCustomerLabel` / `…supervisor.manageCustomerLabel`. */
  label?: string;
  /** Default `/desktop/gadgets/ContextService.xml`. */
  gadgetUrl?: string;
  /** Appended to the gadget URL as a query string (`&amp;` in the XML). */
  params?: Readonly<Record<string, string>>;
  /** Id of the tab to place the new one after; default last. */
  after?: string;
  /**
   * `<icon>` of the new tab. Default: `manage_customer` where the role's other tabs have
   * icons, none otherwise; `false` never adds one.
   */
  icon?: string | false;
  gadget?: GadgetOptions;
}

export interface LayoutCheck {
  readonly findings: readonly Finding[];
  /** No errors. */
  readonly ok: boolean;
  readonly version?: string;
  readonly roles: readonly string[];
}

export interface LayoutResult extends LayoutCheck {
  /** Absent when the input or the options have errors. */
  readonly xml?: string;
  readonly changed: boolean;
}

export interface DiffRow {
  readonly kind: 'same' | 'added' | 'removed';
  readonly before?: { line: number; text: string };
  readonly after?: { line: number; text: string };
}
