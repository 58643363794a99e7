// fast-check for the test files, on one seed for every property so that a run is repeatable: a
// test file's `import … from 'fast-check'` is served this module (web-test-runner.config.js), so
// no property can run unseeded. A failing property prints its seed and path; set CC_SEED to that
// seed to replay it (`CC_SEED=123 npm test`), or to another number to explore other cases.
// Only the files that use fast-check load it (1.2 MB of script, once set up on every page).
import * as fc from 'fast-check';

declare global {
  interface Window {
    /** Set by the test page from CC_SEED. */
    ccTestSeed?: number;
  }
}

fc.configureGlobal({ seed: window.ccTestSeed ?? 20_261_202 });

export * from 'fast-check';
export default fc.default;
