import { describe, expect, it } from 'vitest';
import { profileSettings } from './profile-settings';

describe('profileSettings', () => {
  it('puts every setting in exactly one kind, so a profile key is never both refused and allowed', () => {
    const { role, staticCredentials, sdkBase, neutral } = profileSettings;
    const kinds = [role, staticCredentials, sdkBase, neutral];
    const all = kinds.flatMap((kind) => [...kind]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps secrets out of role profiles: static keys are base-profile settings only', () => {
    for (const key of profileSettings.staticCredentials) expect(profileSettings.role.has(key)).toBe(false);
    expect([...profileSettings.staticCredentials]).toContain('aws_secret_access_key');
  });
});
