import { describe, expect, it } from 'vitest';
import { isExternalId, isSessionName, isTagKey, isTagValue } from './sts-limits';

describe('isSessionName', () => {
  it('accepts 2–64 characters of [\\w+=,.@-] and nothing else', () => {
    expect(isSessionName('ci-42')).toBe(true);
    expect(isSessionName('a+b=c,d.e@f_g-h')).toBe(true);
    expect(isSessionName('x'.repeat(64))).toBe(true);
    expect(isSessionName('x')).toBe(false);
    expect(isSessionName('x'.repeat(65))).toBe(false);
    expect(isSessionName('a b')).toBe(false);
    expect(isSessionName('a/b')).toBe(false);
    expect(isSessionName(42)).toBe(false);
  });
});

describe('isExternalId', () => {
  it('accepts 2–1224 characters of [\\w+=,.@:/-]', () => {
    expect(isExternalId('tenant:42/x')).toBe(true);
    expect(isExternalId('e'.repeat(1224))).toBe(true);
    expect(isExternalId('e'.repeat(1225))).toBe(false);
    expect(isExternalId('e')).toBe(false);
    expect(isExternalId('a b')).toBe(false);
    expect(isExternalId(undefined)).toBe(false);
  });
});

describe('tags', () => {
  it('accepts letters of any script, digits, spaces and _.:/=+-@', () => {
    expect(isTagKey('Team Name')).toBe(true);
    expect(isTagKey('équipe:nom')).toBe(true);
    expect(isTagKey('')).toBe(false);
    expect(isTagKey('k'.repeat(129))).toBe(false);
    expect(isTagKey('a*b')).toBe(false);
    expect(isTagValue('')).toBe(true);
    expect(isTagValue('v'.repeat(256))).toBe(true);
    expect(isTagValue('v'.repeat(257))).toBe(false);
    expect(isTagValue('a;b')).toBe(false);
    expect(isTagValue(1)).toBe(false);
  });
});
