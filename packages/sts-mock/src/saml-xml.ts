// A small XML reader for the SAML responses AssumeRoleWithSAML receives: elements, attributes, text and the
// five predefined and numeric character references. DOCTYPE (so no entity expansion), comments, CDATA and
// processing instructions other than the XML declaration are refused. Every limit is fixed (size, depth,
// elements, attributes); the scanner moves forward with indexOf and anchored patterns without nested
// quantifiers, so time is linear in the input. Attributes are kept in Maps: no name reaches a prototype.

/** One element: its local name (prefix dropped), attributes by local name, children, own text and offsets. */
export interface XmlElement {
  /** The qualified name as written, e.g. `saml:Assertion`. */
  readonly qualifiedName: string;
  /** The local name, e.g. `Assertion`. */
  readonly name: string;
  /** Attributes by local name, namespace declarations (`xmlns`, `xmlns:*`) left out. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The element's own text (character data between its children), entities decoded. */
  readonly text: string;
  /** Offset of its `<` in the source. */
  readonly start: number;
  /** Offset just past its end tag (or `/>`). */
  readonly end: number;
}

/** The document is not XML the reader accepts; the message never quotes the input. */
export class SamlXmlError extends Error {
  override readonly name = 'SamlXmlError';
}

/** The bounds of a document the reader accepts. */
export const xmlLimits = { maxLength: 150_000, maxDepth: 32, maxElements: 4096, maxAttributes: 64 } as const;

const namePattern = /^[A-Za-z_][\w.-]{0,127}(?::[A-Za-z_][\w.-]{0,127})?$/;
const predefined: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);
const decimalReference = /^#\d{1,7}$/;
const hexReference = /^#x[0-9A-Fa-f]{1,6}$/;

interface Building {
  qualifiedName: string;
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  text: string;
  start: number;
}

function localName(qualifiedName: string): string {
  const colon = qualifiedName.indexOf(':');
  return colon === -1 ? qualifiedName : qualifiedName.slice(colon + 1);
}

/** Character data with its references decoded; a reference the reader does not know is an error. */
function decodeText(raw: string): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let from = 0;
  for (;;) {
    const amp = raw.indexOf('&', from);
    if (amp === -1) return out + raw.slice(from);
    const semi = raw.indexOf(';', amp);
    if (semi === -1 || semi - amp > 10) throw new SamlXmlError('an unterminated character reference');
    const reference = raw.slice(amp + 1, semi);
    let char = predefined.get(reference);
    if (char === undefined && (decimalReference.test(reference) || hexReference.test(reference))) {
      const code =
        reference[1] === 'x'
          ? Number.parseInt(reference.slice(2), 16)
          : Number.parseInt(reference.slice(1), 10);
      if (code > 0x10ffff || code === 0 || (code >= 0xd800 && code <= 0xdfff)) {
        throw new SamlXmlError('a character reference outside Unicode');
      }
      char = String.fromCodePoint(code);
    }
    if (char === undefined) throw new SamlXmlError('an unknown entity reference');
    out += raw.slice(from, amp) + char;
    from = semi + 1;
  }
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

/** Parses `source` into its root element, or throws {@link SamlXmlError}. */
export function parseXml(source: string): XmlElement {
  if (source.length > xmlLimits.maxLength) {
    throw new SamlXmlError(`the document is longer than ${xmlLimits.maxLength} characters`);
  }
  let pos = source.startsWith('\uFEFF') ? 1 : 0;
  const skipSpace = (): void => {
    while (isSpace(source[pos])) pos++;
  };
  skipSpace();
  if (source.startsWith('<?xml', pos)) {
    const close = source.indexOf('?>', pos);
    if (close === -1) throw new SamlXmlError('an unterminated XML declaration');
    pos = close + 2;
    skipSpace();
  }
  const stack: Building[] = [];
  let elements = 0;
  let root: XmlElement | undefined;

  while (root === undefined) {
    if (pos >= source.length) throw new SamlXmlError('the document ends inside an element');
    const lt = source.indexOf('<', pos);
    const top = stack.at(-1);
    if (lt === -1) throw new SamlXmlError('the document ends inside an element');
    if (lt > pos) {
      const raw = source.slice(pos, lt);
      if (top === undefined) throw new SamlXmlError('text outside the root element');
      if (raw.includes('>')) throw new SamlXmlError("a '>' in character data");
      top.text += decodeText(raw);
    }
    pos = lt;
    const next = source[pos + 1];
    if (next === '!' || next === '?') {
      throw new SamlXmlError('a DOCTYPE, comment, CDATA section or processing instruction');
    }
    if (next === '/') {
      const gt = source.indexOf('>', pos);
      if (gt === -1) throw new SamlXmlError('an unterminated end tag');
      const closing = source.slice(pos + 2, gt).trimEnd();
      if (top === undefined || closing !== top.qualifiedName) throw new SamlXmlError('mismatched end tag');
      stack.pop();
      pos = gt + 1;
      const element = finish(top, pos);
      const parent = stack.at(-1);
      if (parent === undefined) root = element;
      else parent.children.push(element);
      continue;
    }
    // A start tag.
    if (stack.length === 0 && elements > 0) throw new SamlXmlError('more than one root element');
    if (stack.length >= xmlLimits.maxDepth) {
      throw new SamlXmlError(`elements nested more than ${xmlLimits.maxDepth} deep`);
    }
    if (++elements > xmlLimits.maxElements) {
      throw new SamlXmlError(`more than ${xmlLimits.maxElements} elements`);
    }
    const start = pos;
    pos++;
    let nameEnd = pos;
    while (
      nameEnd < source.length &&
      !isSpace(source[nameEnd]) &&
      source[nameEnd] !== '>' &&
      source[nameEnd] !== '/'
    ) {
      nameEnd++;
    }
    const qualifiedName = source.slice(pos, nameEnd);
    if (!namePattern.test(qualifiedName)) throw new SamlXmlError('an element name that is not an XML name');
    pos = nameEnd;
    const building: Building = {
      qualifiedName,
      name: localName(qualifiedName),
      attributes: new Map(),
      children: [],
      text: '',
      start,
    };
    const seen = new Set<string>();
    let selfClosing = false;
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', pos)) {
        selfClosing = true;
        pos += 2;
        break;
      }
      if (source[pos] === '>') {
        pos++;
        break;
      }
      if (pos >= source.length) throw new SamlXmlError('an unterminated start tag');
      const eq = source.indexOf('=', pos);
      if (eq === -1) throw new SamlXmlError('an attribute without a value');
      const attributeName = source.slice(pos, eq).trimEnd();
      if (!namePattern.test(attributeName))
        throw new SamlXmlError('an attribute name that is not an XML name');
      pos = eq + 1;
      skipSpace();
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") throw new SamlXmlError('an attribute value without quotes');
      const close = source.indexOf(quote, pos + 1);
      if (close === -1) throw new SamlXmlError('an unterminated attribute value');
      const raw = source.slice(pos + 1, close);
      if (raw.includes('<')) throw new SamlXmlError("a '<' in an attribute value");
      pos = close + 1;
      if (seen.has(attributeName)) throw new SamlXmlError('a repeated attribute');
      seen.add(attributeName);
      if (seen.size > xmlLimits.maxAttributes) {
        throw new SamlXmlError(`more than ${xmlLimits.maxAttributes} attributes on an element`);
      }
      if (attributeName === 'xmlns' || attributeName.startsWith('xmlns:')) continue;
      const local = localName(attributeName);
      if (building.attributes.has(local)) throw new SamlXmlError('a repeated attribute');
      building.attributes.set(local, decodeText(raw));
    }
    if (selfClosing) {
      const element = finish(building, pos);
      const parent = stack.at(-1);
      if (parent === undefined) root = element;
      else parent.children.push(element);
    } else {
      stack.push(building);
    }
  }
  skipSpace();
  if (pos !== source.length) throw new SamlXmlError('content after the root element');
  return root;
}

function finish(building: Building, end: number): XmlElement {
  return {
    qualifiedName: building.qualifiedName,
    name: building.name,
    attributes: building.attributes,
    children: building.children,
    text: building.text,
    start: building.start,
    end,
  };
}

/** The direct children of `element` named `name` (local name). */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The one direct child named `name`, or `undefined` when there is none or more than one. */
export function onlyChild(element: XmlElement | undefined, name: string): XmlElement | undefined {
  if (element === undefined) return undefined;
  const found = childrenNamed(element, name);
  return found.length === 1 ? found[0] : undefined;
}
