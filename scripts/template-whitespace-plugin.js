import minifyLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defaultStrategy } from '@lit-labs/rollup-plugin-minify-html-literals/lib/strategy.js';
import { squeezeMarkup, squeezeStyles } from './template-whitespace.js';

/**
 * Squeezes the white space and comments out of the gadget's html`` and css`` templates, which the
 * JS minifier keeps as text. Lit's plugin finds the templates; what it does to them is ours: its
 * own HTML and CSS minifiers eat the space after a colon before an expression ("Due: ${date}"
 * reads "Due:…") and reorder declarations around expressions, so here only white space goes,
 * never next to an expression, and nothing is reordered.
 */
export function templateWhitespacePlugin() {
  return minifyLiterals({
    include: ['src/**/*.ts'],
    failOnError: true,
    options: { strategy: { ...defaultStrategy, minifyHTML: squeezeMarkup, minifyCSS: squeezeStyles } },
  });
}
