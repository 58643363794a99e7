// A Vite plugin for the Finesse bundle: its translations keep only the text the gadget shows.
// The generated locale modules (src/generated/locales/*.ts) hold every message of the library,
// and about half of those belong to the admin pages (Desktop Layout, field sets, diagnostics)
// and the demo, which the gadget never loads.
//
// Which messages are whose comes from lit-localize's own analysis of the sources (the message
// ids it writes in the XLIFF). After bundling, the plugin checks that no module in the bundle
// says a message its translations left out: a part moved into the gadget fails the build.
import { relative, resolve } from 'node:path';
import ts from 'typescript';
import { extractMessagesFromProgram } from '@lit/localize-tools/lib/program-analysis.js';

/** Sources whose text the gadget never shows: the admin pages and the demo. */
const NOT_IN_GADGET = /^src\/(demo|components\/(layout-builder|layout-diff|field-set-editor|diagnostics))\//;
const LOCALE_MODULE = /[\\/]src[\\/]generated[\\/]locales[\\/][^\\/]+\.ts$/;

const sourcePath = (file) => relative(process.cwd(), resolve(file)).replaceAll('\\', '/');

/** Message id -> the source files (relative paths) that say it. */
function messagesBySource() {
  const config = parseConfig('tsconfig.json');
  const program = ts.createProgram({ rootNames: config.fileNames.filter((file) => sourcePath(file).startsWith('src/')), options: config.options });
  const { messages, errors } = extractMessagesFromProgram(program);
  if (errors.length > 0) throw new Error(`lit-localize could not read the sources' messages: ${ts.formatDiagnostics(errors, ts.createCompilerHost({}))}`);
  const files = new Map();
  for (const message of messages) {
    const set = files.get(message.name) ?? new Set();
    set.add(sourcePath(message.file.fileName));
    files.set(message.name, set);
  }
  return files;
}

function parseConfig(path) {
  const { config, error } = ts.readConfigFile(path, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, process.cwd());
}

/** The locale module's source with only the `templates` entries whose ids `keep` accepts. */
function filterTemplates(code, keep) {
  const file = ts.createSourceFile('locale.ts', code, ts.ScriptTarget.Latest, true);
  let object;
  file.forEachChild(function visit(node) {
    if (ts.isVariableDeclaration(node) && node.name.getText(file) === 'templates' && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
      object = node.initializer;
    }
    node.forEachChild(visit);
  });
  if (!object) throw new Error('A generated locale module has no `templates` object: was it made by lit-localize?');
  const kept = object.properties.filter((property) => keep(property.name.text ?? property.name.getText(file)));
  const body = kept.map((property) => property.getText(file)).join(',\n');
  return { code: `${code.slice(0, object.getStart(file))}{\n${body}\n}${code.slice(object.getEnd())}`, kept: kept.length, of: object.properties.length };
}

export function gadgetTextPlugin() {
  let owners;
  const gadgetSays = (id) => [...(owners.get(id) ?? [])].some((file) => !NOT_IN_GADGET.test(file));
  return {
    name: 'customer-context:gadget-text',
    apply: 'build',
    buildStart() {
      owners = messagesBySource();
    },
    transform(code, id) {
      if (!LOCALE_MODULE.test(id)) return null;
      return { code: filterTemplates(code, gadgetSays).code, map: null };
    },
    generateBundle(_options, bundle) {
      const bundled = new Set();
      for (const output of Object.values(bundle)) if (output.type === 'chunk') for (const id of output.moduleIds) bundled.add(sourcePath(id));
      for (const [id, files] of owners) {
        for (const file of files) {
          if (NOT_IN_GADGET.test(file) && bundled.has(file) && !gadgetSays(id)) {
            this.error(`${file} is in the gadget bundle, but its text (message ${id}) is left out of the gadget's translations: update NOT_IN_GADGET in scripts/gadget-text-plugin.js`);
          }
        }
      }
    },
  };
}
