import { describe, expect, it } from 'vitest';
import { kindOf, redacted, showValue } from './show-value';

describe('showValue', () => {
  it('quotes strings and prints numbers and plain objects like JSON', () => {
    expect(showValue('a b')).toBe('"a b"');
    expect(showValue(12)).toBe('12');
    expect(showValue(Number.NaN)).toBe('NaN');
    expect(showValue({ a: 1, b: [true, null] })).toBe('{"a":1,"b":[true,null]}');
    expect(showValue(undefined)).toBe('undefined');
    expect(showValue(() => 1)).toBe('a function');
    expect(showValue(10n)).toBe('10n');
    expect(showValue(Symbol('s'))).toBe('Symbol("s")');
    expect(showValue(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });

  it('shortens long values to 120 characters', () => {
    const shown = showValue('x'.repeat(500));
    expect(shown).toHaveLength(120);
    expect(shown.endsWith('...')).toBe(true);
    expect(showValue(Array.from({ length: 1_000_000 }, (_, i) => i))).toBe('[0,1,2,3,4,5,6,7,…999992 more]');
  });

  it('survives values JSON cannot print, and runs none of their code', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(showValue(cyclic)).toBe('{"self":{"self":{"self":{…}}}}');
    let ran = false;
    const getter = {
      get secret() {
        ran = true;
        return 'x';
      },
      toJSON() {
        ran = true;
        return 'x';
      },
    };
    expect(showValue(getter)).toBe('{"secret":[getter],"toJSON":a function}');
    expect(ran).toBe(false);
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
        getPrototypeOf() {
          throw new Error('trap');
        },
      },
    );
    expect(showValue(hostile)).toBe('an object');
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(showValue(proxy)).toBe('an object');
  });
});

describe('redacted', () => {
  it('shows the marker and the kind of a secret value, never the value', () => {
    expect(redacted('wJalrXUtnFEMI/K7MDENG')).toBe('[REDACTED] (a string)');
    expect(redacted({ secretAccessKey: 'x' })).toBe('[REDACTED] (an object)');
    expect(kindOf([1])).toBe('an array');
    expect(kindOf(null)).toBe('null');
    expect(kindOf(1n)).toBe('a bigint');
  });
});
