import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchDir, packageDir } from './paths';

describe('packageDir', () => {
  it('finds tools/bench from any folder inside it', () => {
    expect(packageDir(join(benchDir, 'src', 'figures'), '@rolechain/bench')).toBe(benchDir);
    expect(benchDir.endsWith(join('tools', 'bench'))).toBe(true);
  });

  it('names the package it could not find', () => {
    expect(() => packageDir(benchDir, '@rolechain/nope')).toThrow(/@rolechain\/nope/);
  });
});
