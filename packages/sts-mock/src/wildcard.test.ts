import { describe, expect, test } from 'vitest';
import { globMatches, literalGlob, wildcardGlob } from './wildcard';

const like = (pattern: string, value: string): boolean => globMatches(wildcardGlob(pattern), value);

describe('globMatches', () => {
  test('* is any run, ? one character, the rest literal', () => {
    expect(like('a*c?e', 'abbbcde')).toBe(true);
    expect(like('a*c?e', 'ace')).toBe(false);
    expect(like('*', '')).toBe(true);
    expect(like('', '')).toBe(true);
    expect(like('', 'a')).toBe(false);
    expect(like('?', '')).toBe(false);
    expect(like('**a**', 'xax')).toBe(true);
    expect(like('a.+(b)$', 'a.+(b)$')).toBe(true);
    expect(like('a.+', 'abb')).toBe(false);
  });

  test("a literal glob's * and ? are characters", () => {
    expect(globMatches(literalGlob('a*?'), 'a*?')).toBe(true);
    expect(globMatches(literalGlob('a*?'), 'abc')).toBe(false);
  });

  test('30 wildcards against 100,000 characters answer at once (no backtracking)', () => {
    const pattern = `${'*a'.repeat(30)}*b`;
    expect(like(pattern, 'a'.repeat(100_000))).toBe(false);
    expect(like(pattern, `${'a'.repeat(100_000)}b`)).toBe(true);
  });
});
