// IAM outbound identity federation: the accounts that enabled it, each with its own token issuer URL.
import { randomUUID } from 'node:crypto';
import { StsMockInputError, shown } from './errors';
import { checkKnownKeys } from './known-keys';

/** Input of `enableOutboundWebIdentityFederation()`. */
export interface EnableOutboundWebIdentityFederationInput {
  /** The account whose principals may then call GetWebIdentityToken. */
  readonly accountId: string;
}

/** An account with outbound identity federation enabled: GetWebIdentityToken issues its tokens as `issuerUrl`. */
export interface OutboundWebIdentityFederation {
  /** The account the feature is enabled for. */
  readonly accountId: string;
  /** `https://<id>.tokens.sts.global.api.aws`, the `iss` claim of the account's tokens. */
  readonly issuerUrl: string;
}

const inputKeys = Object.keys({ accountId: 0 } satisfies Record<
  keyof EnableOutboundWebIdentityFederationInput,
  0
>);

/** The accounts that enabled outbound identity federation. */
export class OutboundFederationRegistry {
  private readonly byAccount = new Map<string, OutboundWebIdentityFederation>();

  /** Enables the feature for an account; enabling it again returns the same issuer. */
  enable(input: EnableOutboundWebIdentityFederationInput): OutboundWebIdentityFederation {
    checkKnownKeys(input, inputKeys, {
      call: 'enableOutboundWebIdentityFederation()',
      param: 'input',
      prefix: '',
    });
    const { accountId } = input;
    if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) {
      throw new StsMockInputError('accountId', `'${shown(accountId)}' is not a 12-digit account id`);
    }
    let enabled = this.byAccount.get(accountId);
    if (enabled === undefined) {
      enabled = Object.freeze({ accountId, issuerUrl: `https://${randomUUID()}.tokens.sts.global.api.aws` });
      this.byAccount.set(accountId, enabled);
    }
    return enabled;
  }

  /** Whether an enabled account issues tokens as `issuerUrl`. */
  hasIssuer(issuerUrl: string): boolean {
    for (const enabled of this.byAccount.values()) if (enabled.issuerUrl === issuerUrl) return true;
    return false;
  }

  /** The account's federation, when enabled. */
  get(accountId: string): OutboundWebIdentityFederation | undefined {
    return this.byAccount.get(accountId);
  }
}
