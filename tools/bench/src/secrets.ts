// The soak's secret scan: every log line the service writes is checked for anything shaped like an AWS
// secret, and for the exact secrets the soak knows. Findings name the kind, never the text found.

const patterns: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  { kind: 'full access key id', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  {
    kind: 'secret access key (40 base64 characters)',
    pattern: /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/,
  },
  { kind: 'session token (long base64)', pattern: /[A-Za-z0-9/+]{100,}/ },
];

/** The kinds of secret found in `line`: pattern matches, and any of the `known` secrets verbatim. */
export function findSecrets(line: string, known: readonly string[] = []): string[] {
  const found = patterns.filter(({ pattern }) => pattern.test(line)).map(({ kind }) => kind);
  if (known.some((secret) => secret !== '' && line.includes(secret))) found.push('a known secret, verbatim');
  return found;
}
