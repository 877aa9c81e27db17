import { StsServiceError } from './errors';

/**
 * The largest request body the mock reads, in bytes. STS documents no limit of its own; the largest valid
 * STS request (AssumeRole with every member at its maximum length, each character percent-encoded) is
 * about 600 KB, so 1 MiB leaves a margin without letting a request take the test process's memory.
 */
export const maxRequestBodyBytes = 1024 * 1024;

/** The error for a body over {@link maxRequestBodyBytes}. */
export function bodyTooLarge(): StsServiceError {
  return new StsServiceError(
    'RequestEntityTooLarge',
    413,
    `The request body is larger than ${maxRequestBodyBytes} bytes, the most @rolechain/sts-mock reads.`,
  );
}

/** A declared `content-length` over the cap (or not a length at all) refuses the body before it is read. */
export function declaredTooLarge(contentLength: string | null | undefined): boolean {
  if (contentLength === null || contentLength === undefined) return false;
  return !/^\d{1,16}$/.test(contentLength.trim()) || Number(contentLength) > maxRequestBodyBytes;
}

/**
 * Reads a body as bytes, exactly as sent (a signature covers the bytes, not their decoding), keeping at most
 * {@link maxRequestBodyBytes}: `undefined` for a larger body. With `drain`, the rest of a larger body is read
 * and dropped (an in-process sender waits until its body is consumed); without, reading stops there.
 */
export async function readCapped(
  chunks: AsyncIterable<Uint8Array> | null,
  drain: boolean,
): Promise<Uint8Array | undefined> {
  if (chunks === null) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size <= maxRequestBodyBytes) parts.push(chunk);
    else if (!drain) return undefined;
  }
  return size > maxRequestBodyBytes ? undefined : Buffer.concat(parts);
}
