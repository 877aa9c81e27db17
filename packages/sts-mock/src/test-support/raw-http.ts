import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';

/** A response as read off the socket. */
export interface RawResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/** A response as the server wrote it: status line, headers (names lower-cased), body. */
function parseResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...headerLines] = text.slice(0, end).split('\r\n');
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) };
}

/** The child's whole program: writes the request it is given, prints the raw answer as base64. */
const childScript = `
const [port, request] = process.argv.slice(1);
const socket = require('node:net').connect(Number(port), '127.0.0.1');
const chunks = [];
socket.on('data', (chunk) => chunks.push(chunk));
socket.on('close', () => process.stdout.write(Buffer.concat(chunks).toString('base64')));
socket.write(Buffer.from(request, 'base64'));
`;

/**
 * {@link rawHttp} from a child process, for requests msw must not see: msw 3 reads the test process's own
 * sockets, and a request line naming another host (absolute form, `POST http://other/ HTTP/1.1`) would look
 * to it like a request for that host.
 */
export async function rawHttpInChild(
  serverUrl: string,
  head: { method?: string; path: string; headers: Readonly<Record<string, string>> },
  body: string,
): Promise<RawResponse> {
  const { hostname, port } = new URL(serverUrl);
  if (hostname !== '127.0.0.1') throw new Error(`rawHttpInChild sends to 127.0.0.1 only, not ${hostname}`);
  const lines = [`${head.method ?? 'POST'} ${head.path} HTTP/1.1`];
  for (const [name, value] of Object.entries(head.headers)) lines.push(`${name}: ${value}`);
  lines.push(`content-length: ${Buffer.byteLength(body)}`, 'connection: close', '', body);
  const request = Buffer.from(lines.join('\r\n')).toString('base64');
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', childScript, port, request]);
  return parseResponse(Buffer.from(stdout, 'base64').toString('utf8'));
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
      resolve(parseResponse(Buffer.concat(chunks).toString('utf8')));
    });
    socket.write(Buffer.concat([Buffer.from(lines.join('\r\n')), bytes]), (error) => {
      if (error) reject(error);
    });
  });
}
