import { expect } from '@open-wc/testing';
// @ts-expect-error: a build script, plain JavaScript without types.
import { squeezeMarkup, squeezeStyles } from '../../scripts/template-whitespace.js';

const squeezeCss = squeezeStyles as (css: string) => string;
const squeezeHtml = squeezeMarkup as (html: string) => string;
const EXPRESSION = '@TEMPLATE_EXPRESSION();';

/** The rules a style sheet holds once the browser has read it: what the page gets. */
function rules(css: string): string[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  return [...sheet.cssRules].map((rule) => rule.cssText);
}

describe('template whitespace', () => {
  const styles = `
    :host {
      --_gap: ${EXPRESSION};
      display: block;
    }

    /* A comment, with ; and { } inside. */
    .toggle  >  .label ,
    .row:hover {
      padding: ${EXPRESSION} ${EXPRESSION};
      margin: 0 0 ${EXPRESSION};
      inline-size: calc(100% - 2 * ${EXPRESSION});
    }

    .chip::after {
      content: ' · ';
      font-family: "Segoe UI",  sans-serif;
    }

    @media (min-width: 40rem) {
      .row { display: grid; }
    }
  `;

  it('leaves styles the browser reads the same', () => {
    const filled = (css: string) => css.replaceAll(EXPRESSION, '4px');
    const squeezed = squeezeCss(styles);
    expect(rules(filled(squeezed))).to.deep.equal(rules(filled(styles)));
    expect(squeezed.length).to.be.below(styles.length * 0.7);
    expect(squeezed).not.to.include('comment');
    expect(squeezed).not.to.include('\n');
  });

  it('keeps what touches an expression and what is quoted', () => {
    const squeezed = squeezeCss(styles);
    expect(squeezed).to.include(`padding: ${EXPRESSION} ${EXPRESSION};`);
    expect(squeezed).to.include(`calc(100% - 2 * ${EXPRESSION})`);
    expect(squeezed).to.include("content: ' · ';");
    expect(squeezed.split(EXPRESSION)).to.have.length(styles.split(EXPRESSION).length);
  });

  it('turns a line break and its indent in markup into one space, and no more', () => {
    const markup = `
      <p class="meta">
        <span>${EXPRESSION}</span>
        <span>Due: ${EXPRESSION}</span>
      </p>`;
    const squeezed = squeezeHtml(markup);
    expect(squeezed).to.equal(` <p class="meta"> <span>${EXPRESSION}</span> <span>Due: ${EXPRESSION}</span> </p>`);
    const read = (html: string) => {
      const host = document.createElement('div');
      host.innerHTML = html.replaceAll(EXPRESSION, 'x');
      document.body.append(host);
      const text = host.innerText;
      host.remove();
      return text;
    };
    expect(read(squeezed)).to.equal(read(markup));
  });
});
