import { describe, expect, it } from 'vitest';
import { isSessionName } from '@rolechain/aws-rules';
import { sessionNames, shortStableId } from './session-name';

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
    for (const name of sessionNames([{}, {}], shortStableId())) expect(isSessionName(name)).toBe(true);
  });
});

describe('shortStableId', () => {
  it('is 8 hex characters and differs between providers', () => {
    const a = shortStableId();
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set(Array.from({ length: 20 }, shortStableId)).size).toBeGreaterThan(1);
  });
});
