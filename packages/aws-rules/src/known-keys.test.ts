import { describe, expect, it } from 'vitest';
import { findUnknownKey, knownKeys, unknownKeyProblem } from './known-keys';

interface Options {
  region?: string;
  roles: string[];
  timeoutMs?: number;
}

const known = knownKeys<Options>({ region: true, roles: true, timeoutMs: true });

describe('knownKeys', () => {
  it('lists every key of the type', () => {
    expect([...known]).toEqual(['region', 'roles', 'timeoutMs']);
  });

  it('does not compile when a key is missing or extra', () => {
    // @ts-expect-error timeoutMs is missing
    knownKeys<Options>({ region: true, roles: true });
    // @ts-expect-error tiemoutMs is not a key of Options
    knownKeys<Options>({ region: true, roles: true, timeoutMs: true, tiemoutMs: true });
  });
});

describe('findUnknownKey', () => {
  it('accepts any subset of the known keys', () => {
    expect(findUnknownKey({}, known)).toBeUndefined();
    expect(findUnknownKey({ roles: [], region: 'x' }, known)).toBeUndefined();
  });

  it('names an unknown key and the known one it differs from only in case', () => {
    expect(findUnknownKey({ Region: 'x' }, known)).toEqual({ key: 'Region', twin: 'region' });
    expect(findUnknownKey({ tiemout: 1 }, known)).toEqual({ key: 'tiemout', twin: undefined });
  });

  it('never reads the value of an unknown key, which may be a secret', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    let read = false;
    const options = Object.defineProperty({}, 'secretAcessKey', {
      enumerable: true,
      get() {
        read = true;
        return secret;
      },
    });
    const unknown = findUnknownKey(options, known);
    expect(unknown).toEqual({ key: 'secretAcessKey', twin: undefined });
    expect(read).toBe(false);
    expect(unknownKeyProblem(unknown!, known)).toBe(
      'is not a known option (known: region, roles, timeoutMs)',
    );
    expect(unknownKeyProblem({ key: 'Region', twin: 'region' }, known)).toBe(
      "is not a known option (did you mean 'region'?) (known: region, roles, timeoutMs)",
    );
  });

  it('finds __proto__ and constructor as the unknown keys they are', () => {
    expect(findUnknownKey(JSON.parse('{"__proto__": {"polluted": 1}}') as object, known)?.key).toBe(
      '__proto__',
    );
    expect(findUnknownKey({ constructor: 1 }, known)?.key).toBe('constructor');
  });
});
