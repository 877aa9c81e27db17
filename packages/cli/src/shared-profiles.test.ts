import { describe, expect, test } from 'vitest';
import { sharedFilePaths } from './shared-profiles';

describe('sharedFilePaths', () => {
  test('the files the environment names; unset or empty names none', () => {
    expect(sharedFilePaths({ AWS_CONFIG_FILE: '/c', AWS_SHARED_CREDENTIALS_FILE: '/k' })).toEqual({
      configFilepath: '/c',
      filepath: '/k',
    });
    expect(sharedFilePaths({ AWS_CONFIG_FILE: '' })).toEqual({});
  });
});
