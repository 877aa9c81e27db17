// `rolechain serve`'s flags as a hostile or careless user types them: arbitrary argv arrays and `--chain`
// values built from the characters that matter (`=`, `,`, `arn:`, prototype names), with a secret planted
// where no error may repeat it (except inside a role ARN, which the provider's error quotes). Parsing reads no file and opens no socket.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseChain, parseServeArgs, splitRoleArns } from './serve-args';
import { UsageError } from './usage-error';

const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const role = 'arn:aws:iam::222222222222:role/r';

const piece = fc.oneof(
  fc.constantFrom('=', ',', 'arn:', ',arn:', role, '__proto__', 'constructor', 'web', '', ' ', '\n', secret),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const chainValue = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
const flag = fc.constantFrom(
  '--chain',
  '--region',
  '--token-file',
  '--host',
  '--port',
  '--allow-non-loopback',
  '--help',
  '--chain=',
  '--',
  '-h',
);
const argv = fc.array(fc.oneof(flag, chainValue), { maxLength: 12 });
const prototypeNames = Object.getOwnPropertyNames(Object.prototype);

/**
 * Runs `parse`: it returns, or throws a UsageError of one line that shows the planted secret only inside a
 * value given as a role ARN, which the provider quotes (`got "arn:…"`: an ARN is not a secret).
 */
function onlyUsageErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const { message } = error as Error;
    expect(message).not.toContain('\n');
    const quoted = /got ("arn:.*")$/.exec(message)?.[1];
    const outside = quoted === undefined ? message : message.slice(0, -quoted.length);
    expect(outside).not.toContain(secret);
  }
}

describe('serve flags on hostile input', () => {
  test('only a UsageError escapes, the planted secret is never shown outside a quoted role ARN, Object.prototype is untouched', () => {
    fc.assert(
      fc.property(argv, (args) => {
        onlyUsageErrors(() => parseServeArgs(args));
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
      }),
    );
  });

  test('a --chain value parses to its own name and a profile or roles, or is a UsageError', () => {
    fc.assert(
      fc.property(chainValue, (value) => {
        let chain: ReturnType<typeof parseChain> | undefined;
        onlyUsageErrors(() => (chain = parseChain(value, undefined)));
        if (chain === undefined) return;
        expect(value.startsWith(`${chain.name}=`)).toBe(true);
        const target = value.slice(chain.name.length + 1);
        if (chain.spec.kind === 'profile') expect(chain.spec.profile).toBe(target);
        else expect(chain.spec.roles.map((r) => r.roleArn).join(',')).toBe(target);
      }),
    );
  });

  test('splitting role ARNs loses nothing: the parts join back to the input, each after the first starts with arn:', () => {
    fc.assert(
      fc.property(chainValue, (list) => {
        const parts = splitRoleArns(list);
        expect(parts.join(',')).toBe(list);
        for (const part of parts.slice(1)) expect(part.startsWith('arn:')).toBe(true);
      }),
    );
  });
});
