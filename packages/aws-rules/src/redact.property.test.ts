import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactText, scrubSecrets } from './redact';

/** Secrets shaped like AWS's: base64-ish, with the characters that encodings change. */
const secret = fc.string({
  unit: fc.constantFrom(...Array.from('ABCabcxyz0189+/= "\\%&é')),
  minLength: 16,
  maxLength: 80,
});
const encodings: readonly ((s: string) => string)[] = [
  (s) => s,
  (s) => encodeURIComponent(s),
  (s) => encodeURIComponent(s).replaceAll('%20', '+'),
  (s) => new URLSearchParams({ k: s }).toString().slice(2),
  (s) => JSON.stringify(s).slice(1, -1),
  (s) => JSON.stringify(s).slice(1, -1).replaceAll('/', '\\/'),
  (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
];
const text = fc.string({ maxLength: 300 });

describe('redactText and scrubSecrets (property)', () => {
  it('remove a planted secret in any encoded form from any text', () => {
    fc.assert(
      fc.property(
        text,
        text,
        secret,
        fc.constantFrom(...encodings),
        fc.integer({ min: 20, max: 2000 }),
        (before, after, planted, encode, maxLength) => {
          const input = `${before}${encode(planted)}${after}`;
          const redacted = redactText(input, [planted], maxLength);
          const scrubbed = scrubSecrets(input, [planted]);
          for (const form of encodings.map((e) => e(planted))) {
            expect(redacted).not.toContain(form);
            expect(scrubbed).not.toContain(form);
          }
          expect(redacted.length).toBeLessThanOrEqual(maxLength + 1);
        },
      ),
    );
  });

  it('never let a secret through a cut, wherever the text is cut', () => {
    fc.assert(
      fc.property(secret, fc.nat(3000), fc.integer({ min: 10, max: 1500 }), (planted, offset, maxLength) => {
        const input = `${'x'.repeat(offset)}${planted}${'y'.repeat(5000)}`;
        expect(redactText(input, [planted], maxLength)).not.toContain(planted.slice(0, 12));
      }),
    );
  });

  it('never throw, whatever the text and the secrets', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 500 }),
        fc.array(fc.option(fc.string({ unit: 'binary', maxLength: 40 }), { nil: undefined }), {
          maxLength: 5,
        }),
        (input, secrets) => {
          expect(typeof redactText(input, secrets)).toBe('string');
          expect(typeof scrubSecrets(input, secrets)).toBe('string');
        },
      ),
    );
  });

  it('look only at the start of a huge text', () => {
    const huge = `${'ab'.repeat(5_000_000)}${'b'.repeat(2000)}`;
    const out = redactText(huge, ['b'.repeat(2000), 'a'.repeat(64)]);
    expect(out).toBe(`${'ab'.repeat(512)}…`);
  });
});
