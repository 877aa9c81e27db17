import { describe, expect, it } from 'vitest';
import { maskAccessKeyId, scrubSecrets, showValue } from './redact';

describe('maskAccessKeyId', () => {
  it('keeps the prefix and the last four characters only', () => {
    expect(maskAccessKeyId('ASIAIOSFODNN7EXAMPLE')).toBe('ASIA…MPLE');
  });

  it('hides short values completely', () => {
    expect(maskAccessKeyId('AKIA1234')).toBe('…');
  });
});

describe('showValue', () => {
  it('quotes strings and prints numbers and objects as JSON', () => {
    expect(showValue('a b')).toBe('"a b"');
    expect(showValue(12)).toBe('12');
    expect(showValue({ a: 1 })).toBe('{"a":1}');
    expect(showValue(undefined)).toBe('undefined');
    expect(showValue(() => 1)).toBe('a function');
  });

  it('shortens long values', () => {
    const shown = showValue('x'.repeat(500));
    expect(shown).toHaveLength(120);
    expect(shown.endsWith('...')).toBe(true);
  });

  it('survives values JSON cannot print', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(showValue(cyclic)).toBe('[object Object]');
    expect(showValue(10n)).toBe('10');
    expect(showValue(Symbol('s'))).toBe('Symbol(s)');
  });
});

describe('scrubSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(scrubSecrets('a s3cret b s3cret c tok3n', ['s3cret', 'tok3n', undefined])).toBe(
      'a [REDACTED] b [REDACTED] c [REDACTED]',
    );
  });

  it('ignores values too short to be secrets', () => {
    expect(scrubSecrets('a b c', ['a'])).toBe('a b c');
  });
});
