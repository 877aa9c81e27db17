import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskAccessKeyId } from './mask';

describe('maskAccessKeyId (property)', () => {
  it('never shows more than 8 characters of a key id, nor more than half of it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (id) => {
        const shown = maskAccessKeyId(id).replace('…', '');
        expect(shown.length).toBeLessThanOrEqual(8);
        expect(shown.length).toBeLessThanOrEqual(id.length / 2);
      }),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(maskAccessKeyId(value as string)).toBe('…');
      }),
      { examples: [[undefined], [null], [{ length: 100 }], [['AKIAIOSFODNN7EXAMPLE']]] },
    );
  });
});
