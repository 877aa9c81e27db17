import { connect } from 'node:net';

/** A response as read off the socket. */
export interface RawResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/**
 * Sends one HTTP/1.1 request, written byte for byte (any Host, Origin or body, well-formed or not), to a
 * server on 127.0.0.1, and reads the response until the server closes the connection.
 */
export function rawHttp(
  serverUrl: string,
  head: { method?: string; path?: string; headers: Readonly<Record<string, string>> },
  body: string | Uint8Array = '',
): Promise<RawResponse> {
  const { hostname, port } = new URL(serverUrl);
  if (hostname !== '127.0.0.1') throw new Error(`rawHttp sends to 127.0.0.1 only, not ${hostname}`);
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  const lines = [`${head.method ?? 'POST'} ${head.path ?? '/'} HTTP/1.1`];
  for (const [name, value] of Object.entries(head.headers)) lines.push(`${name}: ${value}`);
  if (!Object.keys(head.headers).some((name) => name.toLowerCase() === 'content-length')) {
    lines.push(`content-length: ${bytes.byteLength}`);
  }
  lines.push('connection: close', '', '');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...headerLines] = text.slice(0, end).split('\r\n');
      const headers = new Map<string, string>();
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) });
    });
    socket.write(Buffer.concat([Buffer.from(lines.join('\r\n')), bytes]), (error) => {
      if (error) reject(error);
    });
  });
}
