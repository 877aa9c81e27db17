import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeQuery, listParam, stringParam } from './query';
import type { QueryValue } from './query';

// Whatever names and values a form holds, decoding never throws, never touches Object.prototype, and gives
// objects without a prototype: a name is data, never a path into the process's objects.

const prototypeNames = Object.getOwnPropertyNames(Object.prototype);
const segment = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'member',
    'Tags',
    'Key',
    'Value',
    'toString',
    '1',
    '2',
  ),
  fc.constantFrom('0', '-1', '1e3', '0x2', '01', '4294967295', '9007199254740993', ''),
  fc.string({ maxLength: 8 }),
);
const name = fc.array(segment, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('.'));
const form = fc.array(fc.tuple(name, fc.string({ maxLength: 12 })), { maxLength: 20 });

function everyObject(value: QueryValue, visit: (object: object) => void): void {
  if (typeof value === 'string') return;
  visit(value);
  for (const child of Object.values(value)) everyObject(child, visit);
}

describe('decodeQuery (property)', () => {
  test('never throws, leaves Object.prototype alone, and builds only null-prototype objects and arrays', () => {
    fc.assert(
      fc.property(form, (pairs) => {
        const params = decodeQuery(new URLSearchParams(pairs));
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
        everyObject(params, (object) => {
          if (Array.isArray(object)) {
            expect(Object.getPrototypeOf(object)).toBe(Array.prototype);
            expect(object.every((_, index) => Object.hasOwn(object, index))).toBe(true);
          } else {
            expect(Object.getPrototypeOf(object)).toBeNull();
          }
        });
        for (const key of prototypeNames) {
          const sent = pairs.some(([sentName]) => sentName.split('.')[0] === key);
          if (!sent) {
            expect(stringParam(params, key)).toBeUndefined();
            expect(listParam(params, key)).toBeUndefined();
          }
        }
      }),
    );
  });

  test('a top-level name without dots and a non-empty value comes back as sent', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }).filter((text) => !text.includes('.')),
        fc.string({ minLength: 1, maxLength: 12 }),
        (key, value) => {
          expect(stringParam(decodeQuery(new URLSearchParams([[key, value]])), key)).toBe(value);
        },
      ),
    );
  });

  test('members come back in member-number order, without gaps', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { maxLength: 20 }), (numbers) => {
        const params = decodeQuery(
          new URLSearchParams(numbers.map((n): [string, string] => [`K.member.${n}`, String(n)])),
        );
        const expected = [...numbers].sort((a, b) => a - b).map(String);
        expect(numbers.length === 0 ? undefined : listParam(params, 'K')).toEqual(
          numbers.length === 0 ? undefined : expected,
        );
      }),
    );
  });
});
