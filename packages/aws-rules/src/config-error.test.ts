import { describe, expect, it } from 'vitest';
import { configErrorMessage } from './config-error';

describe('configErrorMessage', () => {
  it('reads where, field, problem', () => {
    expect(configErrorMessage('roles[1].region', 'must be an AWS region name, got "mars-1"', 'hop 2')).toBe(
      'hop 2: roles[1].region: must be an AWS region name, got "mars-1"',
    );
    expect(configErrorMessage('region', 'must be a string, got 1')).toBe('region: must be a string, got 1');
  });
});
