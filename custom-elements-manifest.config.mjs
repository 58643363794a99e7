// The custom-elements manifest (dist/custom-elements.json): every element's properties, events,
// slots, parts and CSS properties, read from the classes' decorators and JSDoc, for integrators'
// editors and Storybook's docs pages. `npm run manifest` writes it; `npm run build` does too;
// test/build/custom-elements-manifest.test.mjs checks it against the sources.

/**
 * Public API only. Events come from each element's `@fires` lines. The analyzer also reads `dispatchEvent(new
 * XEvent(value))` calls, and since our events carry their name inside their class it names those
 * after the argument (`activity`) or not at all: such entries are dropped.
 */
function publicApiOnly() {
  return {
    name: 'cc-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules ?? []) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.events) declaration.events = declaration.events.filter((event) => /^cc-[a-z]+(-[a-z]+)*$/.test(event.name ?? ''));
          // The manifest is the public API: private and protected members (state, handlers) are not in it.
          if (declaration.members) declaration.members = declaration.members.filter((member) => member.privacy !== 'private' && member.privacy !== 'protected' && !member.name.startsWith('#'));
        }
      }
    },
  };
}

export default {
  globs: ['src/components/**/*.ts'],
  // Style sheets hold no element.
  exclude: ['src/components/**/*.styles.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json names the manifest itself; the analyzer would otherwise rewrite it on each run.
  packagejson: false,
  plugins: [publicApiOnly()],
};
