import { openTelemetryApi } from '@rolechain/aws-rules';
import type { LoggedIdentity } from './identity';

/**
 * The span attributes the plugin sets. OpenTelemetry's semantic conventions have no attribute for the
 * identity that signed a call (their AWS registry names request ids and resources; `cloud.account.id` is
 * the account a resource belongs to, not the caller's), so every name is in the `rolechain.identity.`
 * namespace, following the conventions' naming rules (lower case, dots between namespaces, snake_case).
 */
export const IDENTITY_SPAN_ATTRIBUTES = {
  arn: 'rolechain.identity.arn',
  accountId: 'rolechain.identity.account.id',
  roleArn: 'rolechain.identity.role.arn',
  sessionName: 'rolechain.identity.session.name',
  sourceIdentity: 'rolechain.identity.source_identity',
  chain: 'rolechain.identity.chain',
  accessKeyId: 'rolechain.identity.access_key_id',
  resolvedBy: 'rolechain.identity.resolved_by',
  s3ExpressSession: 'rolechain.identity.s3_express_session',
  unsigned: 'rolechain.identity.unsigned',
} as const;

const A = IDENTITY_SPAN_ATTRIBUTES;

/** The part of an OpenTelemetry span the plugin uses. */
export interface IdentitySpan {
  isRecording(): boolean;
  setAttributes(attributes: Record<string, string | boolean | string[]>): unknown;
}

/**
 * The span active while an operation is sent — the AWS SDK instrumentation's, when it runs — or undefined
 * when OpenTelemetry is not in use, no span is active or it is not recording.
 */
export function activeSpan(): IdentitySpan | undefined {
  const api = openTelemetryApi();
  if (api === undefined) return undefined;
  try {
    const span = api.trace.getActiveSpan();
    return span?.isRecording() === true ? span : undefined;
  } catch {
    return undefined; // a context manager that throws must not fail the request
  }
}

/** The attributes for an identity that signed: every field that is known. Never a secret. */
export function identityAttributes(identity: LoggedIdentity): Record<string, string | boolean | string[]> {
  const attributes: Record<string, string | boolean | string[]> = {
    [A.accessKeyId]: identity.accessKeyId,
    [A.resolvedBy]: identity.resolvedBy,
  };
  if (identity.arn !== null) attributes[A.arn] = identity.arn;
  if (identity.accountId !== null) attributes[A.accountId] = identity.accountId;
  if (identity.roleArn !== null) attributes[A.roleArn] = identity.roleArn;
  if (identity.sessionName !== null) attributes[A.sessionName] = identity.sessionName;
  if (identity.sourceIdentity !== null) attributes[A.sourceIdentity] = identity.sourceIdentity;
  if (identity.chain !== null) attributes[A.chain] = [...identity.chain];
  if (identity.s3ExpressSession === true) attributes[A.s3ExpressSession] = true;
  return attributes;
}

/** Sets `attributes` on `span` if it still records; never throws, as it must not fail the request. */
export function annotate(span: IdentitySpan, attributes: Record<string, string | boolean | string[]>): void {
  try {
    if (span.isRecording()) span.setAttributes(attributes);
  } catch {
    // A span implementation that throws loses the attributes; the request stands.
  }
}

/** The attributes of an operation AWS accepted unsigned. */
export const UNSIGNED_ATTRIBUTES: Readonly<Record<string, boolean>> = Object.freeze({ [A.unsigned]: true });
