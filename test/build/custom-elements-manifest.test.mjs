// The custom-elements manifest against the sources, in Node (node:test; `npm test` runs it before the
// browser suite): it generates the manifest afresh with the project's config, as `npm run build`
// does, then reads every element in src/components by its own means (the `@customElement` tag, the
// class's `@fires`, `@csspart` and `@cssprop` lines, its `@property` fields) and checks that the
// manifest lists each. An element, event, part, CSS property or property the manifest misses fails.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = 'custom-elements-manifest.config.mjs';

/** Every TypeScript file under `dir`, relative to the repository's root. */
function sourceFiles(dir) {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).replaceAll('\\', '/'))
    .sort();
}

/** The JSDoc lines `@<tag> name` in `doc`, by name. */
function docNames(doc, tag) {
  return [...doc.matchAll(new RegExp(`^\\s*\\*\\s*@${tag}\\s+(?:\\{[^}]*\\}\\s+)?([\\w-]+)`, 'gm'))].map((match) => match[1]);
}

/** What each element's source declares, read without the analyzer. */
function elementsInSources() {
  const elements = [];
  for (const path of sourceFiles('src/components')) {
    const text = readFileSync(join(root, path), 'utf8');
    const found = [...text.matchAll(/@customElement\(\s*['"]([^'"]+)['"]\s*\)/g)];
    for (const [index, match] of found.entries()) {
      const before = text.slice(0, match.index);
      const doc = before.slice(before.lastIndexOf('/**'));
      // The class body: up to the next element, or the file's end.
      const body = text.slice(match.index, found[index + 1]?.index ?? text.length);
      const properties = [...body.matchAll(/@property\([^)]*\)\s*(?:declare\s+)?(\w+)/g)].map((property) => property[1]);
      elements.push({
        path,
        tag: match[1],
        events: docNames(doc, 'fires'),
        parts: docNames(doc, 'csspart'),
        cssProperties: docNames(doc, 'cssprop(?:erty)?'),
        properties,
      });
    }
  }
  return elements;
}

describe('custom-elements manifest', () => {
  let dir;
  let manifest;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-manifest-'));
    execFileSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--config', CONFIG, '--outdir', relative(root, dir)], {
      cwd: root,
      stdio: 'pipe',
    });
    manifest = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const elements = elementsInSources();
  /** The manifest's declaration of `tag`. */
  const declared = (tag) => manifest.modules.flatMap((module) => (module.declarations ?? []).map((declaration) => ({ module, declaration }))).find(({ declaration }) => declaration.tagName === tag);

  it('finds the elements in the sources', () => {
    // A reader that found nothing would pass everything below.
    assert.ok(elements.length >= 15, `only ${elements.length} elements found`);
    assert.ok(elements.some((element) => element.events.length > 0 && element.parts.length > 0 && element.cssProperties.length > 0 && element.properties.length > 0));
  });

  for (const element of elements) {
    it(`lists <${element.tag}> with its events, parts, CSS properties and properties`, () => {
      const entry = declared(element.tag);
      assert.ok(entry, `${element.tag} (${element.path}) is missing from the manifest`);
      const { module, declaration } = entry;
      assert.equal(module.path, element.path);
      assert.equal(declaration.customElement, true);
      const names = (list) => (list ?? []).map((item) => item.name).sort();
      assert.deepEqual(names(declaration.events), [...element.events].sort(), `${element.tag}: events`);
      assert.deepEqual(names(declaration.cssParts), [...element.parts].sort(), `${element.tag}: parts`);
      assert.deepEqual(names(declaration.cssProperties), [...element.cssProperties].sort(), `${element.tag}: CSS properties`);
      const fields = names((declaration.members ?? []).filter((member) => member.kind === 'field'));
      for (const property of element.properties) assert.ok(fields.includes(property), `${element.tag}: property ${property} is missing`);
      // An element is defined where the package's entry or its module can reach it.
      const defined = (module.exports ?? []).some((exported) => exported.kind === 'custom-element-definition' && exported.name === element.tag);
      assert.ok(defined, `${element.tag}: no custom-element-definition export`);
    });
  }

  it('lists no element that the sources do not define', () => {
    const tags = manifest.modules.flatMap((module) => (module.declarations ?? []).filter((declaration) => declaration.customElement).map((declaration) => declaration.tagName));
    assert.deepEqual(tags.sort(), elements.map((element) => element.tag).sort());
  });

  it('is what package.json names and ships', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.equal(pkg.customElements, 'dist/custom-elements.json');
    assert.ok(pkg.files.includes('dist'), 'dist/ ships in the package');
    assert.match(pkg.scripts.manifest, new RegExp(CONFIG.replaceAll('.', '\\.')));
  });
});
