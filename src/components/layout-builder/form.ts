import { msg, str } from '@lit/localize';
import type { LayoutBuilderMode } from '../../events/layout-result-event.js';
import {
  DEFAULT_TAB_ID,
  GADGET_ID_PATTERN,
  GADGET_URL_PRESETS,
  ROLES,
  TAB_ID_PATTERN,
  THIRD_PARTY_FOLDER,
  type ContextTabOptions,
  type Role,
} from '../../layout/index.js';

export const GADGET_CHOICES = ['contextService', 'customerContext', 'thirdParty', 'custom'] as const;
/** Where the tab's gadget comes from: the two stock gadgets, ours uploaded as a third-party gadget, or any URL. */
export type GadgetChoice = (typeof GADGET_CHOICES)[number];

export const SNIPPET_STYLES = ['gadgets', 'columns'] as const;
export type SnippetStyle = (typeof SNIPPET_STYLES)[number];

export interface ParamRow {
  readonly id: number;
  readonly key: string;
  readonly value: string;
}

/** The options typed in a text field of their own. */
export type TextField = 'tabId' | 'label' | 'folder' | 'customUrl' | 'gadgetId' | 'alternateHosts' | 'maxRows';

/** Where a problem with the options shows: beside the field (or the parameter row) it is about. */
export type Field = 'roles' | TextField | `param-${number}`;

/** The options as the person set them in the form, text as typed. */
export interface LayoutForm {
  readonly roles: readonly Role[];
  readonly tabId: string;
  readonly label: string;
  readonly gadget: GadgetChoice;
  readonly folder: string;
  readonly customUrl: string;
  readonly params: readonly ParamRow[];
  readonly afterTab: string;
  readonly gadgetId: string;
  readonly gadgetHidden: boolean;
  readonly alternateHosts: string;
  readonly maxRows: string;
  readonly snippetStyle: SnippetStyle;
}

export const DEFAULT_FORM: LayoutForm = {
  roles: ['Agent'],
  tabId: DEFAULT_TAB_ID,
  label: '',
  gadget: 'contextService',
  folder: THIRD_PARTY_FOLDER,
  customUrl: '',
  params: [],
  afterTab: '',
  gadgetId: '',
  gadgetHidden: false,
  alternateHosts: '',
  maxRows: '',
  snippetStyle: 'gadgets',
};

/** Problems with the options themselves, shown beside their fields; any of them holds the result back. */
export function optionProblems(form: LayoutForm, mode: LayoutBuilderMode): Map<Field, string> {
  const problems = new Map<Field, string>();
  if (!form.roles.length) problems.set('roles', msg('Choose at least one role.'));
  const tabId = form.tabId.trim();
  if (!tabId) problems.set('tabId', msg('Enter a tab id.'));
  else if (!TAB_ID_PATTERN.test(tabId)) problems.set('tabId', msg('A tab id starts with a letter and has only letters, digits, -, _, : and .'));
  if (mode === 'remove') return problems;
  if (/[\r\n]/.test(form.label)) problems.set('label', msg('A label cannot have line breaks.'));
  if (form.gadget === 'thirdParty') {
    const folder = form.folder.trim();
    if (!folder) problems.set('folder', msg('Enter the folder name.'));
  }
  if (form.gadget === 'custom') {
    const url = form.customUrl.trim();
    if (!url) problems.set('customUrl', msg('Enter the gadget URL.'));
    else if (/\s/.test(url)) problems.set('customUrl', msg('A gadget URL cannot contain spaces.'));
  }
  const gadgetId = form.gadgetId.trim();
  if (gadgetId && !GADGET_ID_PATTERN.test(gadgetId)) {
    problems.set('gadgetId', msg('A gadget id starts with a letter and has only letters, digits, - and _.'));
  }
  const maxRows = form.maxRows.trim();
  if (maxRows && !/^[1-9][0-9]*$/.test(maxRows)) problems.set('maxRows', msg('Enter a whole number of rows, 1 or more.'));
  const seen = new Set<string>();
  for (const row of form.params) {
    const key = row.key.trim();
    if (!key && row.value.trim()) problems.set(`param-${row.id}`, msg('Give this parameter a name.'));
    else if (key && seen.has(key)) problems.set(`param-${row.id}`, msg(str`Parameter ${key} is already set above.`));
    if (key) seen.add(key);
  }
  return problems;
}

/** The options for the library, from the form. */
export function tabOptions(form: LayoutForm): ContextTabOptions {
  const params: Record<string, string> = {};
  for (const row of form.params) {
    const key = row.key.trim();
    if (key) params[key] = row.value;
  }
  const gadgetUrl =
    form.gadget === 'contextService'
      ? GADGET_URL_PRESETS.contextService
      : form.gadget === 'customerContext'
        ? GADGET_URL_PRESETS.customerContext
        : form.gadget === 'thirdParty'
          ? GADGET_URL_PRESETS.thirdParty(form.folder.trim())
          : form.customUrl.trim();
  const gadget: NonNullable<ContextTabOptions['gadget']> = {
    ...(form.gadgetId.trim() ? { id: form.gadgetId.trim() } : {}),
    ...(form.gadgetHidden ? { hidden: true } : {}),
    ...(form.alternateHosts.trim() ? { alternateHosts: form.alternateHosts.trim() } : {}),
    ...(form.maxRows.trim() ? { maxRows: Number(form.maxRows.trim()) } : {}),
  };
  return {
    roles: form.roles,
    tabId: form.tabId.trim(),
    ...(form.label.trim() ? { label: form.label.trim() } : {}),
    gadgetUrl,
    ...(Object.keys(params).length ? { params } : {}),
    ...(form.afterTab ? { after: form.afterTab } : {}),
    ...(Object.keys(gadget).length ? { gadget } : {}),
  };
}

/** The roles with `role` chosen or not, in the library's order. */
export function withRole(roles: readonly Role[], role: Role, checked: boolean): Role[] {
  const chosen = new Set(roles);
  if (checked) chosen.add(role);
  else chosen.delete(role);
  return ROLES.filter((known) => chosen.has(known));
}
