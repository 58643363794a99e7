// A position-aware XML reader on top of saxes. It keeps the offsets of every element in the
// original string, so edits are spliced into the text and everything outside them stays byte
// for byte (comments, quoting, entities, CDATA, line endings). No DOM: it runs in the browser
// and in Node alike.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { Finding } from './types.js';

export interface XmlElement {
  /** Local name, without prefix. */
  readonly name: string;
  /** The name as written, prefix included. */
  readonly qname: string;
  readonly prefix: string;
  readonly uri: string;
  /** Attribute values by the name as written. */
  readonly attributes: ReadonlyMap<string, string>;
  /** Offset of `<` of the start tag. */
  readonly start: number;
  /** Offset just after the start tag's `>`. */
  openEnd: number;
  /** Offset of `</` of the end tag (equals `end` for `<x/>`). */
  closeStart: number;
  /** Offset just after the element. */
  end: number;
  selfClosing: boolean;
  readonly children: XmlElement[];
  /** Direct text and CDATA content, entities resolved. */
  text: string;
  readonly parent: XmlElement | undefined;
}

export interface ParsedXml {
  readonly source: string;
  readonly root: XmlElement | undefined;
  /** The encoding the XML declaration names, if any. */
  readonly encoding: string | undefined;
  /** At most one: reading stops at the first well-formedness error. */
  readonly findings: readonly Finding[];
  position(offset: number): { line: number; column: number };
}

/** Offsets at which each line starts; `\r\n`, `\n` and a lone `\r` each end a line. */
function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 10) starts.push(i + 1);
    else if (code === 13) {
      if (source.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

class Stop extends Error {}

const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();
/** Elements whose text is a value; elsewhere only text other than whitespace is kept. */
const VALUE_ELEMENTS = new Set(['version', 'role', 'id', 'icon', 'label', 'gadget', 'url']);
const BLANK = /^[ \t\r\n]*$/;

const MARKUP_OR_AMPERSAND = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|&(?!(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z_:][-\w.:]*);)/g;

/**
 * saxes reads a bare `&` as the start of an entity and only fails much later; find the
 * first one up to where it failed so the finding points at it.
 */
function bareAmpersand(source: string, until: number): number | undefined {
  MARKUP_OR_AMPERSAND.lastIndex = 0;
  for (let match = MARKUP_OR_AMPERSAND.exec(source); match && match.index <= until; match = MARKUP_OR_AMPERSAND.exec(source)) {
    if (match[0] === '&') return match.index;
  }
  return undefined;
}

/** Turns saxes' terse messages into words an administrator can act on. */
function explain(message: string): string {
  const text = message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, '').replace(/\.$/, '');
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^unclosed tag: (.*)$/, (m) => `the element <${m[1]}> is opened but never closed`],
    [/^unmatched closing tag: (.*)$/, (m) => `the closing tag </${m[1]}> does not match the element that is open here`],
    [/^undefined entity/, () => 'it uses an entity (&name;) that XML does not define; write a plain & as &amp;'],
    [/^unbound namespace prefix: "?([^"]*)"?$/, (m) => `the prefix "${m[1]}" is not declared`],
    [/^disallowed character/, () => 'a character that XML does not allow appears here'],
    [/^document must contain a root element/, () => 'the text holds no XML element at all'],
    [/^text data outside of root node/, () => 'there is text after the end of the layout'],
    [/^unexpected end/, () => 'the layout ends before it is complete (is part of it missing?)'],
    [/^unexpected close tag/, () => 'there is a closing tag for an element that was never opened'],
    [/^documents may contain only one root/, () => 'there is a second element after the end of the layout'],
    [/^unquoted attribute value|^value must be quoted/, () => 'an attribute value needs quotes around it'],
    [/^malformed comment/, () => 'a comment is malformed (a comment may not hold -- and ends with -->)'],
    [/^duplicate attribute: (.*)$/, (m) => `the attribute ${m[1]} appears twice on the same element`],
  ];
  for (const [pattern, say] of rules) {
    const match = text.match(pattern);
    if (match) return `The XML is not well-formed: ${say(match)}.`;
  }
  return `The XML is not well-formed: ${text}.`;
}

export function parseXml(source: string): ParsedXml {
  let starts: number[] | undefined;
  const position = (offset: number) => {
    starts ??= lineStarts(source);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
  const findings: Finding[] = [];
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let tagStart = 0;
  const parser = new SaxesParser({ xmlns: true, position: true });

  const fail = (finding: Finding) => {
    findings.push(finding);
    throw new Stop();
  };
  parser.on('error', (error) => {
    const ampersand = bareAmpersand(source, parser.position);
    if (ampersand !== undefined) {
      fail({
        severity: 'error',
        code: 'xml',
        message: 'The XML is not well-formed: a plain & must be written &amp; (in gadget URLs too: ?a=1&amp;b=2).',
        ...position(ampersand),
      });
    }
    fail({ severity: 'error', code: 'xml', message: explain(error.message), line: parser.line, column: Math.max(parser.column, 1) });
  });
  parser.on('doctype', () => {
    const at = position(Math.max(source.indexOf('<!DOCTYPE'), 0));
    fail({
      severity: 'error',
      code: 'doctype',
      message:
        'The layout has a DOCTYPE declaration. Finesse layouts never have one, and it can hide entity tricks; remove it.',
      ...at,
    });
  });
  let encoding: string | undefined;
  parser.on('xmldecl', (declaration) => {
    encoding = declaration.encoding;
  });
  parser.on('opentagstart', () => {
    tagStart = source.lastIndexOf('<', parser.position - 1);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    let attributes = NO_ATTRIBUTES;
    for (const name in tag.attributes) {
      if (attributes === NO_ATTRIBUTES) attributes = new Map();
      (attributes as Map<string, string>).set(name, tag.attributes[name]!.value);
    }
    const parent = stack[stack.length - 1];
    const element: XmlElement = {
      name: tag.local,
      qname: tag.name,
      prefix: tag.prefix,
      uri: tag.uri,
      attributes,
      start: tagStart,
      openEnd: parser.position,
      closeStart: parser.position,
      end: parser.position,
      selfClosing: tag.isSelfClosing,
      children: [],
      text: '',
      parent,
    };
    if (parent) parent.children.push(element);
    else root ??= element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    const element = stack.pop();
    if (!element) return;
    element.end = parser.position;
    element.closeStart = element.selfClosing ? element.end : source.lastIndexOf('</', parser.position - 1);
  });
  const addText = (text: string) => {
    const element = stack[stack.length - 1];
    // Indentation between elements would only cost memory on a large layout.
    if (element && (VALUE_ELEMENTS.has(element.name) || !BLANK.test(text))) element.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  try {
    parser.write(source).close();
  } catch (error) {
    if (!(error instanceof Stop)) {
      findings.push({ severity: 'error', code: 'xml', message: explain(String((error as Error).message ?? error)), line: parser.line, column: Math.max(parser.column, 1) });
    }
  }
  return { source, root: findings.length ? undefined : root, encoding, findings, position };
}
