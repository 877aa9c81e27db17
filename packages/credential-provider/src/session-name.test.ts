import { describe, expect, it } from 'vitest';
import { SESSION_NAME_PATTERN, sessionNames, shortStableId } from './session-name';

describe('sessionNames', () => {
  it('prefers the given name, then the source identity in force, then rolechain-<id>', () => {
    expect(
      sessionNames(
        [{}, { roleSessionName: 'deploy-42' }, { sourceIdentity: 'alice' }, {}, { roleSessionName: 'x1' }],
        'ab12cd34',
      ),
    ).toEqual(['rolechain-ab12cd34', 'deploy-42', 'alice', 'alice', 'x1']);
  });

  it('derives names STS accepts', () => {
    for (const name of sessionNames([{}, {}], shortStableId())) expect(name).toMatch(SESSION_NAME_PATTERN);
  });
});

describe('shortStableId', () => {
  it('is 8 hex characters and differs between providers', () => {
    const a = shortStableId();
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set(Array.from({ length: 20 }, shortStableId)).size).toBeGreaterThan(1);
  });
});

describe('SESSION_NAME_PATTERN', () => {
  it.each(['ab', 'a'.repeat(64), 'user@example.com', 'a+b=c,d.e-f_g'])('accepts %s', (name) => {
    expect(SESSION_NAME_PATTERN.test(name)).toBe(true);
  });
  it.each(['a', 'a'.repeat(65), 'has space', 'slash/no', ''])('rejects %s', (name) => {
    expect(SESSION_NAME_PATTERN.test(name)).toBe(false);
  });
});
