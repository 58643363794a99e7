// cc-layout: the layout library on the command line. `run` has no side effects beyond the
// `io` it is given, so bin/cc-layout.js decides how it is loaded and how it exits.
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  GADGET_URL_PRESETS,
  ROLES,
  TAB_STYLES,
  addContextTab,
  checkContextTabOptions,
  checkLayout,
  contextTabSnippet,
  removeContextTab,
  type ContextTabOptions,
  type Finding,
  type LayoutCheck,
  type Role,
  type TabStyle,
} from '../layout/index.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Everything on standard input, or undefined when it is a terminal. */
  readonly stdin: () => Promise<string | undefined>;
}

export const USAGE = `Usage: cc-layout <command> [options] [FILE|-]

Adds the Customer Context tab to a Cisco Finesse desktop layout, removes it, or checks a
layout. FILE is the layout XML; - or no FILE reads standard input. The new layout goes to
standard output; findings go to standard error as file:line:column: severity: message.

Commands
  add [FILE|-]       add the tab (adding twice changes nothing)
  remove [FILE|-]    remove the tab again (for a deregistered component)
  check FILE|-       check the layout and list what is wrong
  snippet            print the tab alone, to paste by hand

Options for add and snippet
  --role ROLE            Agent (default), Supervisor or all; may be repeated
  --tab-id ID            tab id (default manageCustomer)
  --label KEY            label: an i18n key or text (default per role:
                         finesse.container.tabs.agent.manageCustomerLabel,
                         finesse.container.tabs.supervisor.manageCustomerLabel)
  --gadget-url URL       gadget URL (default ${GADGET_URL_PRESETS.contextService})
  --preset NAME          contextService, customerContext, thirdParty
                         (${GADGET_URL_PRESETS.thirdParty()}) or
                         thirdParty:FOLDER (${GADGET_URL_PRESETS.thirdParty('FOLDER')})
  --param KEY=VALUE      query parameter for the gadget; may be repeated
  --after TAB            place the tab after this tab (default last)
  --icon NAME            tab icon (default manage_customer where the other tabs have icons)
  --no-icon              never add an icon
  --gadget-id ID         id attribute of the gadget
  --hidden               hidden="true" on the gadget
  --alternate-hosts H    alternateHosts attribute (absolute gadget URLs only)
  --max-rows N           maxRows attribute
  --style STYLE          snippet only: gadgets (default) or columns
  --indent N             snippet only: spaces per level (default 4), or "tab"

Options for remove
  --tab-id ID            tab to remove (default manageCustomer)
  --role ROLE            only from this role's layout (default every layout)

  -h, --help             show this help

Exit status: 0 done, 1 the layout or the options have errors, 2 bad usage.
`;

const OPTIONS = {
  role: { type: 'string', multiple: true },
  'tab-id': { type: 'string' },
  label: { type: 'string' },
  'gadget-url': { type: 'string' },
  preset: { type: 'string' },
  param: { type: 'string', multiple: true },
  after: { type: 'string' },
  icon: { type: 'string' },
  'no-icon': { type: 'boolean' },
  'gadget-id': { type: 'string' },
  hidden: { type: 'boolean' },
  'alternate-hosts': { type: 'string' },
  'max-rows': { type: 'string' },
  style: { type: 'string' },
  indent: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const COMMAND_OPTIONS: Readonly<Record<string, readonly (keyof typeof OPTIONS)[]>> = {
  add: ['role', 'tab-id', 'label', 'gadget-url', 'preset', 'param', 'after', 'icon', 'no-icon', 'gadget-id', 'hidden', 'alternate-hosts', 'max-rows'],
  snippet: ['role', 'tab-id', 'label', 'gadget-url', 'preset', 'param', 'icon', 'no-icon', 'gadget-id', 'hidden', 'alternate-hosts', 'max-rows', 'style', 'indent'],
  remove: ['role', 'tab-id'],
  check: [],
};

class UsageError extends Error {}

function roles(values: readonly string[] | undefined): readonly Role[] | 'all' | undefined {
  if (!values?.length) return undefined;
  if (values.some((value) => value.toLowerCase() === 'all')) return 'all';
  return values.map((value) => {
    const role = ROLES.find((r) => r.toLowerCase() === value.toLowerCase());
    if (!role) throw new UsageError(`--role must be Agent, Supervisor or all, not "${value}"`);
    return role;
  });
}

function tabOptions(values: Values): ContextTabOptions {
  const options: ContextTabOptions = {};
  const chosenRoles = roles(values.role);
  if (chosenRoles) options.roles = chosenRoles;
  if (values['tab-id'] !== undefined) options.tabId = values['tab-id'];
  if (values.label !== undefined) options.label = values.label;
  if (values.after !== undefined) options.after = values.after;
  if (values['gadget-url'] !== undefined && values.preset !== undefined) throw new UsageError('give --gadget-url or --preset, not both');
  if (values['gadget-url'] !== undefined) options.gadgetUrl = values['gadget-url'];
  if (values.preset !== undefined) {
    const [name, ...rest] = values.preset.split(':');
    if (name === 'contextService' && !rest.length) options.gadgetUrl = GADGET_URL_PRESETS.contextService;
    else if (name === 'customerContext' && !rest.length) options.gadgetUrl = GADGET_URL_PRESETS.customerContext;
    else if (name === 'thirdParty' && !rest.length) options.gadgetUrl = GADGET_URL_PRESETS.thirdParty();
    else if (name === 'thirdParty' && rest.join(':').trim()) options.gadgetUrl = GADGET_URL_PRESETS.thirdParty(rest.join(':'));
    else throw new UsageError(`--preset must be contextService, customerContext, thirdParty or thirdParty:FOLDER, not "${values.preset}"`);
  }
  if (values.param?.length) {
    const params: Record<string, string> = {};
    for (const pair of values.param) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new UsageError(`--param takes KEY=VALUE, not "${pair}"`);
      params[pair.slice(0, at)] = pair.slice(at + 1);
    }
    options.params = params;
  }
  if (values.icon !== undefined && values['no-icon']) throw new UsageError('give --icon or --no-icon, not both');
  if (values.icon !== undefined) options.icon = values.icon;
  if (values['no-icon']) options.icon = false;
  const gadget: NonNullable<ContextTabOptions['gadget']> = {};
  if (values['gadget-id'] !== undefined) gadget.id = values['gadget-id'];
  if (values.hidden) gadget.hidden = true;
  if (values['alternate-hosts'] !== undefined) gadget.alternateHosts = values['alternate-hosts'];
  if (values['max-rows'] !== undefined) {
    if (!/^\d+$/.test(values['max-rows'])) throw new UsageError(`--max-rows takes a whole number, not "${values['max-rows']}"`);
    gadget.maxRows = Number(values['max-rows']);
  }
  if (Object.keys(gadget).length) options.gadget = gadget;
  return options;
}

/** `file:line:column: severity: message`; findings about options carry no position. */
export function formatFinding(file: string, finding: Finding): string {
  const where = finding.where ? ` (${finding.where})` : '';
  const place = finding.line > 0 ? `${file}:${finding.line}:${finding.column}` : 'cc-layout';
  return `${place}: ${finding.severity}: ${finding.message}${where}\n`;
}

async function readLayout(file: string | undefined, io: CliIo): Promise<{ name: string; text: string }> {
  if (file === undefined || file === '-') {
    const text = await io.stdin();
    if (text === undefined) throw new UsageError('no layout given: name a FILE, or pipe the layout in and use -');
    return { name: '<stdin>', text };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { name: file, text: decode(bytes, file) };
}

function decode(bytes: Uint8Array, name: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UsageError(`${name} is saved as UTF-16; save it as UTF-8 and try again`);
  }
  // Keep a byte order mark: the output must match the input outside the change.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

function report(io: CliIo, name: string, result: LayoutCheck, severity?: Finding['severity']): void {
  for (const finding of result.findings) {
    if (!severity || finding.severity === severity) io.stderr(formatFinding(name, finding));
  }
}

export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`cc-layout: ${(error as Error).message.split('. ')[0]!.replace(/\.$/, '')}\nTry cc-layout --help.\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  const [command, ...files] = positionals;
  if (values.help || command === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (command === undefined) throw new UsageError('name a command: add, remove, check or snippet');
  const allowed = COMMAND_OPTIONS[command];
  if (!allowed) throw new UsageError(`unknown command "${command}"`);
  for (const key of Object.keys(values) as (keyof typeof OPTIONS)[]) {
    if (key !== 'help' && !allowed.includes(key)) throw new UsageError(`${command} does not take --${key}`);
  }
  const maxFiles = command === 'snippet' ? 0 : 1;
  if (files.length > maxFiles) throw new UsageError(maxFiles ? `${command} takes one layout file` : 'snippet reads no file');

  if (command === 'snippet') {
    const options = tabOptions(values);
    if (values.style !== undefined && !(TAB_STYLES as readonly string[]).includes(values.style)) {
      throw new UsageError(`--style must be gadgets or columns, not "${values.style}"`);
    }
    let indent: string | undefined;
    if (values.indent !== undefined) {
      if (values.indent === 'tab') indent = '\t';
      else if (/^\d+$/.test(values.indent) && Number(values.indent) <= 16) indent = ' '.repeat(Number(values.indent));
      else throw new UsageError(`--indent takes a number of spaces (0-16) or "tab", not "${values.indent}"`);
    }
    const findings = checkContextTabOptions(options);
    if (findings.some((f) => f.severity === 'error')) {
      report(io, 'cc-layout', { findings, ok: false, roles: [] });
      return EXIT_FINDINGS;
    }
    const style = values.style as TabStyle | undefined;
    io.stdout(`${contextTabSnippet({ ...options, ...(style ? { style } : {}), ...(indent !== undefined ? { indent } : {}) })}\n`);
    return EXIT_OK;
  }

  if (command === 'check' && !files.length) throw new UsageError('check needs a FILE, or - for standard input');
  const options = command === 'add' ? tabOptions(values) : undefined;
  const removeRoles = command === 'remove' ? roles(values.role) : undefined;
  const { name, text } = await readLayout(files[0], io);

  if (command === 'check') {
    const result = checkLayout(text);
    report(io, name, result);
    if (!result.ok) return EXIT_FINDINGS;
    const warnings = result.findings.length;
    io.stdout(
      `${name}: ok: version ${result.version ?? '?'}, layouts for ${result.roles.join(', ') || 'no role'}` +
        `${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}\n`,
    );
    return EXIT_OK;
  }
  const result =
    command === 'add'
      ? addContextTab(text, options)
      : removeContextTab(text, {
          ...(values['tab-id'] !== undefined ? { tabId: values['tab-id'] } : {}),
          ...(removeRoles ? { roles: removeRoles } : {}),
        });
  if (!result.ok || result.xml === undefined) {
    report(io, name, result, 'error');
    return EXIT_FINDINGS;
  }
  report(io, name, result, 'warning');
  io.stdout(result.xml);
  return EXIT_OK;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: async () => {
      if (process.stdin.isTTY) return undefined;
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return decode(Buffer.concat(chunks), '<stdin>');
    },
  };
}
