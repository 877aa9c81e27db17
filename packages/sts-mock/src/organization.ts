// AWS Organizations as far as AssumeRoot needs it: a management account, optional delegated administrators
// for IAM (centralized root access), and member accounts.
import { randomFillSync } from 'node:crypto';
import { StsMockInputError, shown } from './errors';
import { checkKnownKeys } from './known-keys';

/** Input of `createOrganization()`. */
export interface CreateOrganizationInput {
  /** The management account: it may call AssumeRoot for any member account. */
  readonly managementAccountId: string;
  /** Member accounts (not the management account), the only valid `TargetPrincipal`s of AssumeRoot. */
  readonly memberAccountIds: readonly string[];
  /** Members registered as delegated administrators for IAM: they may call AssumeRoot too. */
  readonly delegatedAdministratorAccountIds?: readonly string[];
}

/** An organization the mock knows; centralized root access is enabled in it. */
export interface StsOrganization {
  /** `o-` and 10 lower-case letters or digits. */
  readonly id: string;
  readonly managementAccountId: string;
  readonly memberAccountIds: readonly string[];
  readonly delegatedAdministratorAccountIds: readonly string[];
}

const accountIdPattern = /^\d{12}$/;
const organizationKeys = Object.keys({
  managementAccountId: 0,
  memberAccountIds: 0,
  delegatedAdministratorAccountIds: 0,
} satisfies Record<keyof CreateOrganizationInput, 0>);
const maxAccounts = 1000;

/** The organizations of one mock, and which one each account belongs to. */
export class OrganizationRegistry {
  private readonly byAccount = new Map<string, StsOrganization>();

  /** Registers an organization; an account may belong to one organization only. */
  create(input: CreateOrganizationInput): StsOrganization {
    checkKnownKeys(input, organizationKeys, {
      call: 'createOrganization()',
      param: 'input',
      prefix: '',
    });
    const management = accountId('managementAccountId', input.managementAccountId);
    const members = accountList('memberAccountIds', input.memberAccountIds);
    const delegated = accountList(
      'delegatedAdministratorAccountIds',
      input.delegatedAdministratorAccountIds ?? [],
    );
    if (members.includes(management)) {
      throw new StsMockInputError(
        'memberAccountIds',
        `'${management}' is the management account; list only member accounts`,
      );
    }
    for (const account of delegated) {
      if (!members.includes(account)) {
        throw new StsMockInputError(
          'delegatedAdministratorAccountIds',
          `'${account}' is not one of memberAccountIds (a delegated administrator is a member account)`,
        );
      }
    }
    for (const account of [management, ...members]) {
      const existing = this.byAccount.get(account);
      if (existing !== undefined) {
        throw new StsMockInputError(
          account === management ? 'managementAccountId' : 'memberAccountIds',
          `account '${account}' already belongs to organization ${existing.id}`,
        );
      }
    }
    const organization: StsOrganization = Object.freeze({
      id: `o-${randomSuffix()}`,
      managementAccountId: management,
      memberAccountIds: Object.freeze([...members]),
      delegatedAdministratorAccountIds: Object.freeze([...delegated]),
    });
    for (const account of [management, ...members]) this.byAccount.set(account, organization);
    return organization;
  }

  /** The organization `accountId` belongs to, if any. */
  of(accountId: string): StsOrganization | undefined {
    return this.byAccount.get(accountId);
  }

  /**
   * The organization in which `callerAccount` may run privileged tasks on `targetAccount`: the caller is its
   * management account or a delegated administrator, and the target is another member. `undefined` otherwise.
   */
  rootAccessFor(callerAccount: string, targetAccount: string): StsOrganization | undefined {
    const organization = this.byAccount.get(callerAccount);
    if (organization === undefined || targetAccount === callerAccount) return undefined;
    const administers =
      organization.managementAccountId === callerAccount ||
      organization.delegatedAdministratorAccountIds.includes(callerAccount);
    return administers && organization.memberAccountIds.includes(targetAccount) ? organization : undefined;
  }
}

function accountId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !accountIdPattern.test(value)) {
    throw new StsMockInputError(field, `'${shown(value)}' is not a 12-digit account id`);
  }
  return value;
}

function accountList(field: string, value: unknown): string[] {
  if (!Array.isArray(value)) {
    throw new StsMockInputError(field, `expected an array of 12-digit account ids, got ${shown(value)}`);
  }
  if (value.length > maxAccounts) {
    throw new StsMockInputError(field, `has ${value.length} accounts; the mock takes at most ${maxAccounts}`);
  }
  const accounts: string[] = [];
  for (let index = 0; index < value.length; index++) {
    const account = accountId(`${field}[${index}]`, (value as readonly unknown[])[index]);
    if (accounts.includes(account)) {
      throw new StsMockInputError(`${field}[${index}]`, `'${account}' is listed twice`);
    }
    accounts.push(account);
  }
  return accounts;
}

const idAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomSuffix(): string {
  let out = '';
  for (const byte of randomFillSync(Buffer.alloc(10))) out += idAlphabet.charAt(byte % idAlphabet.length);
  return out;
}
