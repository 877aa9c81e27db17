import { describe, expect, it } from 'vitest';
import { maskAccessKeyId, redactText } from './mask';

describe('maskAccessKeyId', () => {
  it('keeps the type prefix and the last four characters', () => {
    expect(maskAccessKeyId('ASIAY34FZKBOKMUTWXYZ')).toBe('ASIA…WXYZ');
    expect(maskAccessKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…MPLE');
  });

  it('hides short ids completely instead of revealing most of them', () => {
    expect(maskAccessKeyId('AKIDEXAMPLE')).toBe('…');
    expect(maskAccessKeyId('')).toBe('…');
  });
});

describe('redactText', () => {
  it('masks access key ids wherever they appear', () => {
    expect(
      redactText('https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101', []),
    ).toBe('https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA…MPLE%2F20260101');
  });

  it('replaces each given secret, including ones that are not shaped like keys', () => {
    const token = 'IQoJb3JpZ2luX2VjE+abc/def==';
    expect(redactText(`token ${token} and secret s3cr3t/KEY end`, [token, 's3cr3t/KEY', undefined, ''])).toBe(
      'token [redacted] and secret [redacted] end',
    );
  });

  it('removes input values that AWS echoes back in validation messages', () => {
    const message =
      "1 validation error detected: Value '123456' at 'tokenCode' failed to satisfy constraint: Member must have length 6";
    expect(redactText(message, [])).toBe(
      "1 validation error detected: Value '[redacted]' at 'tokenCode' failed to satisfy constraint: Member must have length 6",
    );
  });

  it('bounds the length of what it returns, without letting a secret cut in half escape', () => {
    const secret = 'S'.repeat(40);
    const out = redactText(`${'x'.repeat(1010)}${secret}${'y'.repeat(4000)}`, [secret]);
    expect(out.length).toBeLessThan(1100);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toContain('SSSS');
  });

  it('leaves ordinary messages untouched', () => {
    const message =
      'User: arn:aws:sts::111111111111:assumed-role/reader/ci is not authorized to perform: s3:GetObject';
    expect(redactText(message, ['unrelated-secret'])).toBe(message);
  });
});
