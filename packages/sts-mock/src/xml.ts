import type { StsServiceError } from './errors';

const namespace = 'https://sts.amazonaws.com/doc/2011-06-15/';

const escapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

const special = /[&<>"']/;
const specials = /[&<>"']/g;

/** Escapes text for an XML element body. */
export function escapeXml(text: string): string {
  // Most values (ids, keys, ARNs, dates) have nothing to escape: a test is cheaper than a replace.
  return special.test(text) ? text.replace(specials, (char) => escapes[char] ?? char) : text;
}

/** An element tree node: text, or named children in document order (`undefined` children are left out). */
export type XmlValue = string | number | XmlFields;
export interface XmlFields {
  readonly [name: string]: XmlValue | undefined;
}

function render(fields: XmlFields, indent: string): string {
  let out = '';
  for (const name of Object.keys(fields)) {
    const value = fields[name];
    if (value === undefined) continue;
    if (typeof value === 'object') {
      out += `${indent}<${name}>\n${render(value, indent + '  ')}${indent}</${name}>\n`;
    } else {
      out += `${indent}<${name}>${escapeXml(String(value))}</${name}>\n`;
    }
  }
  return out;
}

/** The awsQuery success document `<{Action}Response><{Action}Result>…</…><ResponseMetadata>…`. */
export function resultDocument(action: string, result: XmlFields, requestId: string): string {
  const body = render(result, '    ');
  const resultElement =
    body === '' ? `  <${action}Result/>\n` : `  <${action}Result>\n${body}  </${action}Result>\n`;
  return (
    `<${action}Response xmlns="${namespace}">\n` +
    resultElement +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
    `</${action}Response>\n`
  );
}

/** The awsQuery `<ErrorResponse>` document. */
export function errorDocument(error: StsServiceError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${namespace}">\n` +
    `  <Error>\n` +
    `    <Type>${error.type}</Type>\n` +
    `    <Code>${escapeXml(error.code)}</Code>\n` +
    `    <Message>${escapeXml(error.message)}</Message>\n` +
    `  </Error>\n` +
    `  <RequestId>${requestId}</RequestId>\n` +
    `</ErrorResponse>\n`
  );
}
