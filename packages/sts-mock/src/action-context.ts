import type { FederationState } from './federation-state';
import type { QueryParams } from './query';
import type { KeyRecord, PrincipalStore } from './store';
import type { WebIdentityVerification } from './web-identity';
import type { XmlFields } from './xml';

/** Outcome of checking an MFA code against a device. */
export type MfaCheck = 'ok' | 'invalid' | 'reused' | 'unknown-device';

/** What an action handler gets: the store, the clock, the verified caller and the decoded parameters. */
export interface ActionContext {
  readonly store: PrincipalStore;
  readonly now: Date;
  readonly params: QueryParams;
  /** The verified signer; `undefined` only for the unsigned actions (web identity). */
  readonly caller: KeyRecord | undefined;
  /** Checks `code` against the MFA device `serialNumber`, which must belong to `userArn`. */
  readonly verifyMfa: (serialNumber: string, code: string, userArn: string | undefined) => MfaCheck;
  /** Checks a web identity token for a role in `accountId`. */
  readonly verifyWebIdentity: (token: string, accountId: string) => WebIdentityVerification;
  /** SAML providers, organizations and the other state of the federation actions. */
  readonly federation: FederationState;
  /** The region the request was signed for (or the endpoint's); `undefined` when neither says. */
  readonly region: string | undefined;
}

/** An action handler: returns the `<…Result>` fields or throws a `StsServiceError`. */
export type ActionHandler = (context: ActionContext) => XmlFields;
