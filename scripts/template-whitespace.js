/** How the gadget build squeezes template text (see template-whitespace-plugin.js); no Node here, so the tests run it in the browser. */

/** An expression's place in the text a strategy is given. */
const PLACEHOLDER = /(@TEMPLATE_EXPRESSION_*\(\);)/;
const QUOTED = /('[^'\n]*'|"[^"\n]*")/;

/** `squeeze` applied to each stretch of text between expressions (and outside quotes): what touches an expression stays. */
function between(text, boundary, squeeze) {
  return text
    .split(boundary)
    .map((piece, index) => (index % 2 ? piece : squeeze(piece)))
    .join('');
}

/**
 * Markup: a run of white space that holds a line break renders as one space, so it becomes one.
 * (No template puts such a run inside pre-formatted text: the elements that keep line breaks
 * hold an expression alone.)
 */
export function squeezeMarkup(html) {
  return between(html, PLACEHOLDER, (text) => text.replace(/[ \t]*\n\s*/g, ' '));
}

/** Styles: comments go, white space shrinks to one space, and none stays beside `{ } ; , >`. */
export function squeezeStyles(css) {
  return between(css, PLACEHOLDER, (text) =>
    between(text.replace(/\/\*[\s\S]*?\*\//g, ''), QUOTED, (plain) => plain.replace(/\s+/g, ' ').replace(/ ?([{};,>]) ?/g, '$1')),
  );
}
