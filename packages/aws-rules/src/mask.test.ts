import { describe, expect, it } from 'vitest';
import { maskAccessKeyId } from './mask';

describe('maskAccessKeyId', () => {
  it('keeps the type prefix and the last four characters', () => {
    expect(maskAccessKeyId('ASIAY34FZKBOKMUTWXYZ')).toBe('ASIA…WXYZ');
    expect(maskAccessKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…MPLE');
    expect(maskAccessKeyId('AKIA567890123456')).toBe('AKIA…3456');
  });

  it('hides ids shorter than 16 characters completely instead of showing most of them', () => {
    expect(maskAccessKeyId('AKIA56789012345')).toBe('…');
    expect(maskAccessKeyId('AKIA1234')).toBe('…');
    expect(maskAccessKeyId('AKIDEXAMPLE')).toBe('…');
    expect(maskAccessKeyId('')).toBe('…');
  });
});
