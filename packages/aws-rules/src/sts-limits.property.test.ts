import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isExternalId, isSessionName, isTagKey, isTagValue } from './sts-limits';

const sessionChar = fc.constantFrom(...Array.from('abcXYZ019_+=,.@-'));

describe('STS limits (property)', () => {
  it('accept exactly the session names of 2–64 allowed characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: sessionChar, maxLength: 80 }), (name) => {
        expect(isSessionName(name)).toBe(name.length >= 2 && name.length <= 64);
      }),
    );
  });

  it('accept external ids of 2–1224 allowed characters, including : and /', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...Array.from('ab:/09_-')), minLength: 2, maxLength: 1224 }),
        (id) => {
          expect(isExternalId(id)).toBe(true);
        },
      ),
    );
  });

  it('never throw and stay fast, whatever they are given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string({ maxLength: 5000 })), (value) => {
        for (const check of [isSessionName, isExternalId, isTagKey, isTagValue]) {
          expect(typeof check(value)).toBe('boolean');
        }
      }),
    );
  });
});
