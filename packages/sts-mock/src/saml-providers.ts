// IAM SAML identity providers registered with the mock, for AssumeRoleWithSAML.
import { StsMockInputError, shown } from './errors';
import { checkKnownKeys } from './known-keys';

/** Input of `createSamlProvider()`. */
export interface CreateSamlProviderInput {
  /** Account the provider lives in; a role can only trust providers of its own account. */
  readonly accountId: string;
  /** IAM's provider name: 1 to 128 of `[\w._-]`. */
  readonly name: string;
  /** The IdP's entity id, which assertions carry as `Issuer`; `urn:rolechain:sts-mock:idp:<name>` by default. */
  readonly issuer?: string;
}

/** An IAM SAML provider. */
export interface SamlProvider {
  /** `arn:<partition>:iam::<account>:saml-provider/<name>`: the `Principal.Federated` value and `PrincipalArn`. */
  readonly arn: string;
  /** The account the provider lives in. */
  readonly accountId: string;
  /** IAM's provider name, the last part of the ARN (part of `NameQualifier`). */
  readonly name: string;
  /** The entity id assertions of this provider must carry as `Issuer`. */
  readonly issuer: string;
}

const providerKeys = Object.keys({ accountId: 0, name: 0, issuer: 0 } satisfies Record<
  keyof CreateSamlProviderInput,
  0
>);
const namePattern = /^[\w.-]{1,128}$/;

/** The SAML providers of one mock, by ARN. */
export class SamlProviderRegistry {
  private readonly byArn = new Map<string, SamlProvider>();

  constructor(private readonly partition: string) {}

  create(input: CreateSamlProviderInput): SamlProvider {
    checkKnownKeys(input, providerKeys, { call: 'createSamlProvider()', param: 'input', prefix: '' });
    const { accountId, name, issuer } = input;
    if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) {
      throw new StsMockInputError('accountId', `'${shown(accountId)}' is not a 12-digit account id`);
    }
    if (typeof name !== 'string' || !namePattern.test(name)) {
      throw new StsMockInputError('name', `'${shown(name)}' is not a SAML provider name ([\\w._-]{1,128})`);
    }
    if (issuer !== undefined && (typeof issuer !== 'string' || issuer === '' || issuer.length > 1024)) {
      throw new StsMockInputError('issuer', `'${shown(issuer)}' is not an entity id of 1 to 1024 characters`);
    }
    const arn = `arn:${this.partition}:iam::${accountId}:saml-provider/${name}`;
    if (this.byArn.has(arn)) {
      throw new StsMockInputError('name', `SAML provider '${name}' already exists in ${accountId}`);
    }
    const provider: SamlProvider = Object.freeze({
      arn,
      accountId,
      name,
      issuer: issuer ?? `urn:rolechain:sts-mock:idp:${name}`,
    });
    this.byArn.set(arn, provider);
    return provider;
  }

  get(arn: string): SamlProvider | undefined {
    return this.byArn.get(arn);
  }
}
