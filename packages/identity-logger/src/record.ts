import type { LoggedIdentity } from './identity';
import { redactText } from '@rolechain/aws-rules';

/** Who was at fault for a failed request: the caller, AWS, or the path between them. */
export type Fault = 'client' | 'server' | 'network';

/** What a record says of a failure. `message` is redacted: no secret, no full key id, no echoed input. */
export interface RecordError {
  readonly name: string;
  readonly message: string;
  readonly fault: Fault;
}

/** One record per AWS operation (all its attempts), for success and failure alike. */
export interface IdentityLogRecord {
  readonly event: 'aws.request';
  /** The client's service, e.g. `S3`, `STS`, `DynamoDB`. */
  readonly service: string;
  readonly operation: string;
  /** The region the request was signed for, else the endpoint's region; null when unknown. */
  readonly region: string | null;
  /** The identity that signed the last attempt; null when nothing was signed. */
  readonly identity: LoggedIdentity | null;
  /** Present (true) for operations AWS accepts unsigned, such as `AssumeRoleWithWebIdentity`. */
  readonly unsigned?: true;
  readonly requestId: string | null;
  /** HTTP status of the last attempt; null when no response came back. */
  readonly httpStatusCode: number | null;
  /** How many times the request was sent: 0 when it failed before it could be sent. */
  readonly attempts: number;
  /** From the operation's start to its result, including retries and credential resolution. */
  readonly durationMs: number;
  readonly error?: RecordError;
}

/** Logger method a record is written with. */
export type RecordLevel = 'debug' | 'info' | 'warn' | 'error';

/** The level for a record: `successLevel` on success, `warn` for client faults, `error` for server or network ones. */
export function recordLevel(record: IdentityLogRecord, successLevel: 'info' | 'debug'): RecordLevel {
  const { error } = record;
  if (error === undefined) return successLevel;
  return error.fault === 'client' ? 'warn' : 'error';
}

/** Milliseconds rounded to hundredths: precise enough, and short in a log line. */
export function roundDuration(ms: number): number {
  return Math.round(ms * 100) / 100;
}

const NETWORK_CODE = /^E[A-Z]+$/;
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'TimeoutException']);

/**
 * A failure as a record shows it. `sent` says whether the request went out: a failure with no HTTP status
 * after that is the transport's (a network fault). `secrets` (the signer's secret key, session token, key
 * id) are replaced in the message if a message ever echoed one.
 */
export function errorSummary(
  error: unknown,
  httpStatusCode: number | null,
  sent: boolean,
  secrets: readonly (string | undefined)[],
): RecordError {
  const bag = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $fault?: unknown;
  };
  const name = typeof bag.name === 'string' && bag.name.length > 0 ? bag.name : 'Error';
  const rawMessage = typeof bag.message === 'string' ? bag.message : error === bag ? '' : String(error);
  return { name, message: redactText(rawMessage, secrets), fault: faultOf(bag, name, httpStatusCode, sent) };
}

function faultOf(
  error: { code?: unknown; $fault?: unknown },
  name: string,
  status: number | null,
  sent: boolean,
): Fault {
  if (status !== null) return status >= 500 ? 'server' : 'client';
  if (name === 'AbortError') return 'client'; // the caller cancelled
  if (sent || NETWORK_NAMES.has(name)) return 'network';
  if (typeof error.code === 'string' && NETWORK_CODE.test(error.code)) return 'network';
  return error.$fault === 'server' ? 'server' : 'client';
}

/** `S3Client` → `S3`: the service as users name it. */
export function serviceFromClientName(clientName: string): string {
  return clientName.endsWith('Client') ? clientName.slice(0, -'Client'.length) : clientName;
}
