import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, scrubSecrets, secretForms } from './redact';

const token = 'IQoJb3JpZ2luX2VjE+abc/def==';
const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY EXAMPLE"KEY\\';

describe('secretForms', () => {
  it('lists the forms a service may echo a secret in', () => {
    const forms = secretForms(secret);
    expect(forms).toContain(secret);
    expect(forms).toContain(JSON.stringify(secret).slice(1, -1));
    expect(forms).toContain(JSON.stringify(secret).slice(1, -1).replaceAll('/', '\\/'));
    expect(forms).toContain(encodeURIComponent(secret));
    expect(forms).toContain(encodeURIComponent(secret).replaceAll('%20', '+'));
    expect(forms).toContain(encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()));
  });
});

describe('redactText', () => {
  it('replaces each given secret, including ones that are not shaped like keys', () => {
    expect(redactText(`token ${token} and secret s3cr3t/KEY end`, [token, 's3cr3t/KEY', undefined, ''])).toBe(
      `token ${REDACTED} and secret ${REDACTED} end`,
    );
  });

  it('replaces a session token a service echoed URL-encoded, form-encoded or JSON-escaped', () => {
    for (const echoed of [
      encodeURIComponent(token),
      encodeURIComponent(secret).replaceAll('%20', '+'),
      new URLSearchParams({ s: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    ]) {
      const out = redactText(`X-Amz-Security-Token=${echoed}&Action=AssumeRole`, [token, secret]);
      expect(out).toBe(`X-Amz-Security-Token=${REDACTED}&Action=AssumeRole`);
    }
  });

  it('masks access key ids wherever they appear', () => {
    expect(
      redactText('https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101', []),
    ).toBe('https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA…MPLE%2F20260101');
  });

  it('removes input values that AWS echoes back in validation messages', () => {
    const message =
      "1 validation error detected: Value '123456' at 'tokenCode' failed to satisfy constraint: Member must have length 6";
    expect(redactText(message, [])).toBe(
      `1 validation error detected: Value '${REDACTED}' at 'tokenCode' failed to satisfy constraint: Member must have length 6`,
    );
  });

  it('bounds the length of what it returns, without letting a secret cut in half escape', () => {
    const long = 'S'.repeat(40);
    const out = redactText(`${'x'.repeat(1010)}${long}${'y'.repeat(4000)}`, [long]);
    expect(out.length).toBeLessThanOrEqual(1025);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toContain('SSSS');
  });

  it('never cuts a secret in two where it stops looking at a long text', () => {
    for (let offset = 0; offset < 200; offset += 7) {
      const text = `${'x'.repeat(1024 + offset)}${token}${'y'.repeat(100_000)}`;
      const out = redactText(text, [token], 1024);
      expect(out).not.toContain(token.slice(0, 4));
    }
  });

  it('leaves ordinary messages untouched', () => {
    const message =
      'User: arn:aws:sts::111111111111:assumed-role/reader/ci is not authorized to perform: s3:GetObject';
    expect(redactText(message, ['unrelated-secret'])).toBe(message);
  });
});

describe('scrubSecrets', () => {
  it('replaces every occurrence of every secret in every form, and keeps the full length', () => {
    const stack = `Error: denied ${token}\n    at ${encodeURIComponent(token)}\n${'    at x\n'.repeat(500)}`;
    const out = scrubSecrets(stack, [token, undefined]);
    expect(out).toBe(`Error: denied ${REDACTED}\n    at ${REDACTED}\n${'    at x\n'.repeat(500)}`);
  });

  it('ignores values too short to be secrets', () => {
    expect(scrubSecrets('a b c', ['a', 'b'])).toBe('a b c');
  });
});
