// Trade-in tokens for GetDelegatedAccessToken: the mock stands in for the AWS service that hands them out.
// Each names a role to be assumed, ends on the mock's clock, may be bound to the account that may exchange
// it, and is exchanged once.
import { randomBytes } from 'node:crypto';
import { StsMockInputError, shown } from './errors';
import { checkKnownKeys } from './known-keys';
import type { PrincipalStore, RoleRecord } from './store';

/** Input of `mintTradeInToken()`. */
export interface MintTradeInTokenInput {
  /** The role whose session the token is exchanged for (the `AssumedPrincipal`); it must exist. */
  readonly roleArn: string;
  /** The session name of the credentials; `delegated-access` by default. */
  readonly sessionName?: string;
  /** Lifetime of the credentials, 900 to the role's maximum; 3600 by default. */
  readonly durationSeconds?: number;
  /** Seconds from the mock's `now()` until the token can no longer be exchanged; 300 by default. */
  readonly expiresInSeconds?: number;
  /** Only callers of this account may exchange it; any caller by default. */
  readonly redeemerAccountId?: string;
}

/** An issued token as the registry keeps it. */
export interface TradeInTokenRecord {
  readonly role: RoleRecord;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly expiresAt: Date;
  readonly redeemerAccountId: string | undefined;
  redeemed: boolean;
}

const inputKeys = Object.keys({
  roleArn: 0,
  sessionName: 0,
  durationSeconds: 0,
  expiresInSeconds: 0,
  redeemerAccountId: 0,
} satisfies Record<keyof MintTradeInTokenInput, 0>);

function wholeSeconds(field: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new StsMockInputError(
      field,
      `${shown(value)} is not a whole number of seconds from ${min} to ${max}`,
    );
  }
  return value;
}

/** The trade-in tokens of one mock. */
export class TradeInTokenRegistry {
  private readonly byToken = new Map<string, TradeInTokenRecord>();

  mint(store: PrincipalStore, input: MintTradeInTokenInput, now: Date): string {
    checkKnownKeys(input, inputKeys, { call: 'mintTradeInToken()', param: 'input', prefix: '' });
    const role = typeof input.roleArn === 'string' ? store.roles.get(input.roleArn) : undefined;
    if (role === undefined) {
      throw new StsMockInputError('roleArn', `'${shown(input.roleArn)}' is not a role of this mock`);
    }
    const sessionName = input.sessionName ?? 'delegated-access';
    if (typeof sessionName !== 'string' || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new StsMockInputError(
        'sessionName',
        `'${shown(sessionName)}' is not a session name ([\\w+=,.@-]{2,64})`,
      );
    }
    const durationSeconds =
      wholeSeconds('durationSeconds', input.durationSeconds, 900, role.maxSessionDuration) ?? 3600;
    const lifetime = wholeSeconds('expiresInSeconds', input.expiresInSeconds, 1, 86400) ?? 300;
    const redeemer = input.redeemerAccountId;
    if (redeemer !== undefined && (typeof redeemer !== 'string' || !/^\d{12}$/.test(redeemer))) {
      throw new StsMockInputError('redeemerAccountId', `'${shown(redeemer)}' is not a 12-digit account id`);
    }
    const token = `tit-${randomBytes(32).toString('base64url')}`;
    this.byToken.set(token, {
      role,
      sessionName,
      durationSeconds: Math.min(durationSeconds, role.maxSessionDuration),
      expiresAt: new Date(now.getTime() + lifetime * 1000),
      redeemerAccountId: redeemer,
      redeemed: false,
    });
    return token;
  }

  get(token: string): TradeInTokenRecord | undefined {
    return this.byToken.get(token);
  }
}
