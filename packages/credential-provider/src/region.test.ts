import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { regionFromEnvironment } from './region';

describe('regionFromEnvironment', () => {
  function configWith(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-region-'));
    const file = join(dir, 'config');
    writeFileSync(file, text);
    return file;
  }

  it('prefers AWS_REGION', async () => {
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    expect(await regionFromEnvironment(undefined)).toBe('eu-central-1');
  });

  it('falls back to the region of the named or active profile', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv(
      'AWS_CONFIG_FILE',
      configWith('[default]\nregion = us-west-2\n[profile dev]\nregion = eu-west-1\n'),
    );
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(tmpdir(), 'rolechain-missing-credentials'));
    vi.stubEnv('AWS_PROFILE', '');
    expect(await regionFromEnvironment('dev')).toBe('eu-west-1');
    vi.stubEnv('AWS_PROFILE', 'dev');
    expect(await regionFromEnvironment(undefined)).toBe('eu-west-1');
  });

  it('answers undefined when nothing says', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_PROFILE', 'nobody');
    vi.stubEnv('AWS_CONFIG_FILE', configWith('[default]\nregion = us-west-2\n'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(tmpdir(), 'rolechain-missing-credentials'));
    expect(await regionFromEnvironment(undefined)).toBeUndefined();
  });
});
