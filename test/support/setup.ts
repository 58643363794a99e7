// Loaded before every test file (web-test-runner.config.js): one seed for every fast-check
// property, so a run is repeatable. A failing property prints its seed and path; set CC_SEED to
// that seed to replay it (`CC_SEED=123 npm test`), or to another number to explore other cases.
import * as fc from 'fast-check';

declare global {
  interface Window {
    /** Set by the test page from CC_SEED. */
    ccTestSeed?: number;
  }
}

fc.configureGlobal({ seed: window.ccTestSeed ?? 20_261_202 });
