import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kindOf, redacted, showValue } from './show-value';

describe('showValue (property)', () => {
  it('never throws and never renders more than 120 characters', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withDate: true, withMap: true, withTypedArray: true }),
        (value) => {
          const shown = showValue(value);
          expect(shown.length).toBeLessThanOrEqual(120);
        },
      ),
    );
  });

  it('renders a secret field by its kind only', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8 }), (secret) => {
        expect(redacted(secret)).not.toContain(secret);
        expect(redacted({ secret })).not.toContain(secret);
        expect(kindOf([secret])).toBe('an array');
      }),
    );
  });
});
