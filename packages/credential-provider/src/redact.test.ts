import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { maskAccessKeyId, safeCause, scrubSecrets, showValue } from './redact';

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

describe('safeCause', () => {
  const token = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN';
  const sdkError = Object.assign(new Error(`denied for ${token}`), {
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403, requestId: 'r-1' },
    Code: 'AccessDenied',
    $response: {
      headers: { 'x-amz-security-token': token },
      socket: { writeBuffer: [`authorization: ${token}`] },
    },
  });

  it('keeps the name, the scrubbed message and the SDK metadata, and drops the raw HTTP exchange', () => {
    const cause = safeCause(sdkError, [token]);
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe('AccessDenied');
    expect(cause.message).toBe('denied for [REDACTED]');
    expect(cause).toMatchObject({
      $fault: 'client',
      $metadata: { httpStatusCode: 403, requestId: 'r-1' },
      Code: 'AccessDenied',
    });
    expect('$response' in cause).toBe(false);
    expect(inspect(cause, { showHidden: true, depth: 20 })).not.toContain(token);
  });

  it('keeps a Node error code', () => {
    expect(safeCause(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), [])).toMatchObject({
      code: 'ECONNRESET',
    });
  });

  it('wraps values that are not errors', () => {
    expect(safeCause('plain', []).message).toBe('plain');
    expect(safeCause(42, []).message).toBe('a non-Error value was thrown');
  });
});
