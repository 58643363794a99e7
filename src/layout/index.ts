// Finesse Desktop Layout XML: check a layout, add or remove the Customer Context tab, show the
// change. Pure functions on strings, the same in the browser and in Node.
export {
  LAYOUT_NAMESPACE,
  ROLES,
  LAYOUT_ROLES,
  SEVERITIES,
  TAB_STYLES,
  type Severity,
  type Finding,
  type Role,
  type TabStyle,
  type GadgetOptions,
  type ContextTabOptions,
  type LayoutCheck,
  type LayoutResult,
  type DiffRow,
} from './types.js';
export { checkLayout, inReadingOrder, majorVersion, TAB_ID_PATTERN, GADGET_ID_PATTERN } from './check.js';
export { addContextTab, removeContextTab } from './edit.js';
export {
  contextTabSnippet,
  checkContextTabOptions,
  GADGET_URL_PRESETS,
  THIRD_PARTY_FOLDER,
  DEFAULT_TAB_ID,
  DEFAULT_LABELS,
  DEFAULT_ICON,
} from './snippet.js';
export { diffLines } from './diff.js';
export { STOCK_LAYOUT } from './stock.js';
