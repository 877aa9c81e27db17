import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { partitionOfArn, partitionOfRegion, REGION_PATTERN, regionFromEnvironment } from './region';

describe('partitionOfRegion', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-west-3', 'aws'],
    ['aws-global', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['eusc-de-east-1', 'aws-eusc'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});

describe('partitionOfArn', () => {
  it('reads the second field', () => {
    expect(partitionOfArn('arn:aws-cn:iam::111111111111:role/x')).toBe('aws-cn');
    expect(partitionOfArn('nonsense')).toBe('');
  });
});

describe('REGION_PATTERN', () => {
  it('accepts region names and rejects typos', () => {
    for (const region of ['us-east-1', 'cn-northwest-1', 'us-gov-west-1', 'aws-global', 'eusc-de-east-1']) {
      expect(REGION_PATTERN.test(region)).toBe(true);
    }
    for (const region of ['us-east', 'US-EAST-1', 'us east 1', '', 'https://sts.amazonaws.com']) {
      expect(REGION_PATTERN.test(region)).toBe(false);
    }
  });
});

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
