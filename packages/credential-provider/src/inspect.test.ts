import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { INSPECT_CUSTOM } from './inspect';

describe('INSPECT_CUSTOM', () => {
  it("is Node's own util.inspect.custom, so util.inspect and console.log call the method keyed by it", () => {
    expect(INSPECT_CUSTOM).toBe(inspect.custom);
    const shown = { [INSPECT_CUSTOM]: () => 'shown by its own method' };
    expect(inspect(shown)).toBe('shown by its own method');
  });
});
