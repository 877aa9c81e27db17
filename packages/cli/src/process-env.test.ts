import { describe, expect, test } from 'vitest';
import { prepareProcessEnv, sdkNodeVersionWarningVariable } from './process-env';

describe('prepareProcessEnv', () => {
  test("turns the SDK's Node version warning off in the process, and returns the environment as given", () => {
    const env: NodeJS.ProcessEnv = { AWS_REGION: 'eu-west-1', PATH: '/bin' };
    const given = prepareProcessEnv(env);
    expect(env).toEqual({ AWS_REGION: 'eu-west-1', PATH: '/bin', [sdkNodeVersionWarningVariable]: 'true' });
    expect(given).toEqual({ AWS_REGION: 'eu-west-1', PATH: '/bin' });
  });

  test('AWS_DEFAULT_REGION becomes AWS_REGION only when AWS_REGION is unset or empty', () => {
    const only: NodeJS.ProcessEnv = { AWS_DEFAULT_REGION: 'eu-north-1' };
    prepareProcessEnv(only);
    expect(only['AWS_REGION']).toBe('eu-north-1');
    const empty: NodeJS.ProcessEnv = { AWS_REGION: '', AWS_DEFAULT_REGION: 'eu-north-1' };
    prepareProcessEnv(empty);
    expect(empty['AWS_REGION']).toBe('eu-north-1');
    const both: NodeJS.ProcessEnv = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-north-1' };
    prepareProcessEnv(both);
    expect(both['AWS_REGION']).toBe('eu-west-1');
    const neither: NodeJS.ProcessEnv = {};
    prepareProcessEnv(neither);
    expect(neither).not.toHaveProperty('AWS_REGION');
  });
});
