import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseXml, SamlXmlError, xmlLimits } from './saml-xml';

// Whatever text arrives, the reader returns an element tree or throws SamlXmlError, never touches
// Object.prototype, and stays linear: hostile shapes (deep nesting, many ampersands, unterminated tags,
// repeated attributes) are refused quickly.

const prototypeNames = Object.getOwnPropertyNames(Object.prototype);
const piece = fc.constantFrom(
  '<',
  '>',
  '/>',
  '</',
  '<a',
  '</a>',
  '<saml:Assertion',
  '</saml:Assertion>',
  ' ID="x"',
  " __proto__='y'",
  ' constructor="z"',
  ' xmlns:ds="u"',
  '=',
  '"',
  "'",
  '&amp;',
  '&#x41;',
  '&#0;',
  '&bogus;',
  '&',
  ';',
  '<!DOCTYPE',
  '<!--',
  '<![CDATA[',
  '<?xml version="1.0"?>',
  'text',
  ' ',
  '\n',
);
const document = fc.oneof(
  fc.array(piece, { maxLength: 60 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 200 }),
);

function outcome(source: string): 'parsed' | 'refused' {
  try {
    parseXml(source);
    return 'parsed';
  } catch (error) {
    expect(error).toBeInstanceOf(SamlXmlError);
    return 'refused';
  }
}

describe('parseXml on hostile input', () => {
  test('only SamlXmlError escapes and Object.prototype is untouched', () => {
    fc.assert(
      fc.property(document, (source) => {
        outcome(source);
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
      }),
    );
  });

  test('attribute names such as __proto__ are data in a Map', () => {
    const root = parseXml('<a __proto__="x" constructor="y" toString="z"/>');
    expect([...root.attributes]).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
      ['toString', 'z'],
    ]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  test('well-formed trees round-trip their text and entities', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (value) => {
        const clean = Array.from(value)
          .filter((char) => {
            const code = char.codePointAt(0) ?? 0;
            const control = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
            return !control && !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff;
          })
          .join('');
        const escaped = clean
          .replaceAll('&', '&amp;')
          .replaceAll('<', '&lt;')
          .replaceAll('>', '&gt;')
          .replaceAll('"', '&quot;');
        const root = parseXml(`<r a="${escaped}"><c>${escaped}</c></r>`);
        expect(root.attributes.get('a')).toBe(clean);
        expect(root.children[0]?.text).toBe(clean);
      }),
    );
  });

  test('size, depth and element count are bounded, and huge hostile inputs are refused fast', () => {
    const deep = '<a>'.repeat(xmlLimits.maxDepth + 1) + '</a>'.repeat(xmlLimits.maxDepth + 1);
    expect(() => parseXml(deep)).toThrow(
      new SamlXmlError(`elements nested more than ${xmlLimits.maxDepth} deep`),
    );
    const many = `<r>${'<a/>'.repeat(xmlLimits.maxElements)}</r>`;
    expect(() => parseXml(many)).toThrow(new SamlXmlError(`more than ${xmlLimits.maxElements} elements`));
    expect(() => parseXml('x'.repeat(xmlLimits.maxLength + 1))).toThrow(SamlXmlError);
    for (const hostile of [
      `<r>${'&'.repeat(140_000)}</r>`,
      `<r a${'='.repeat(140_000)}`,
      `<r>${'&amp'.repeat(35_000)}</r>`,
      '<a b="c"'.repeat(17_000),
      `<r>${'<a></b>'.repeat(20_000)}</r>`,
    ]) {
      // ~140 KB each: a linear scan takes milliseconds, a quadratic one minutes (past the test's timeout).
      expect(outcome(hostile)).toBe('refused');
    }
  });
});
