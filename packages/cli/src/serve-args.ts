import { BlockList, isIP } from 'node:net';
import type { ParseArgsConfig } from 'node:util';
import { fromRoleChain, fromRoleChainProfile, RoleChainConfigError } from '@rolechain/credential-provider';
import { parseFlags, type ChainSpec } from './chain-args';
import { UsageError } from './usage-error';

/** One chain `rolechain serve` serves, at `/chains/<name>`. */
export interface ServedChain {
  name: string;
  spec: ChainSpec;
}

/** What `rolechain serve`'s command line asks for, checked. */
export interface ServeOptions {
  chains: ServedChain[];
  /** The file clients read the token from; absent: a new token in a new private file. */
  tokenFile?: string;
  host: string;
  port: number;
}

export const serveOptions = {
  chain: { type: 'string', multiple: true },
  region: { type: 'string' },
  'token-file': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'allow-non-loopback': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** More chains than a pod or host needs; each is one provider and one share of the STS quota. */
export const maxChains = 32;

/** A chain name: it is a URL path segment and is shown in errors and logs, so it cannot be a pasted secret. */
const chainName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const chainSyntax = 'NAME=PROFILE or NAME=ROLE_ARN[,ROLE_ARN…]';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

const unspecified = new BlockList();
unspecified.addAddress('0.0.0.0', 'ipv4');
unspecified.addAddress('::', 'ipv6');

/**
 * The role ARNs of `A,B,C`: a new ARN starts at each `,arn:`. A role name may hold a comma but never a
 * colon, so a comma followed by anything else belongs to the ARN before it (and the provider checks it).
 */
export function splitRoleArns(list: string): string[] {
  const arns: string[] = [];
  for (const part of list.split(',')) {
    const last = arns.length - 1;
    if (part.startsWith('arn:') || last < 0) arns.push(part);
    else arns[last] = `${arns[last] ?? ''},${part}`;
  }
  return arns;
}

/**
 * The provider's own validation of a chain (it throws before any network call), its error turned into a
 * usage error naming `--chain NAME` (and which role), or `--region`.
 */
function checkChain(name: string, build: () => unknown, roles: number): void {
  try {
    build();
  } catch (error) {
    if (!(error instanceof RoleChainConfigError)) throw error;
    if (error.field === 'region') throw new UsageError(`--region: ${error.problem}`);
    const which =
      error.hop === undefined || roles <= 1 ? '' : `role ${String(error.hop)} of ${String(roles)}: `;
    throw new UsageError(`--chain ${name}: ${which}${error.problem}`);
  }
}

/** `NAME=PROFILE` or `NAME=ROLE_ARN[,ROLE_ARN…]` (a value starting with `arn:` is a list of roles). */
export function parseChain(value: string, region: string | undefined): ServedChain {
  const equals = value.indexOf('=');
  if (equals === -1) throw new UsageError(`--chain must be ${chainSyntax} (value not shown)`);
  const name = value.slice(0, equals);
  if (!chainName.test(name)) {
    throw new UsageError(
      "--chain: a chain's name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (value not shown)",
    );
  }
  const target = value.slice(equals + 1);
  if (target === '') throw new UsageError(`--chain ${name}: nothing after =; give ${chainSyntax}`);
  const regionOption = region === undefined ? {} : { region };
  if (target.startsWith('arn:')) {
    const roles = splitRoleArns(target).map((roleArn) => ({ roleArn }));
    checkChain(name, () => fromRoleChain({ roles, ...regionOption }), roles.length);
    return { name, spec: { kind: 'roles', roles, ...regionOption } };
  }
  checkChain(name, () => fromRoleChainProfile({ profile: target, ...regionOption }), 1);
  return { name, spec: { kind: 'profile', profile: target, ...regionOption } };
}

function portFrom(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port <= 65_535)) {
    const shown = /^\d{1,12}$/.test(value) ? `, got ${value}` : ' (value not shown)';
    throw new UsageError(`--port must be a port number from 0 (a free one) to 65535${shown}`);
  }
  return port;
}

function hostFrom(value: string | undefined, allowNonLoopback: boolean): string {
  if (value === undefined) {
    if (allowNonLoopback) throw new UsageError('--allow-non-loopback needs --host, the address to serve');
    return '127.0.0.1';
  }
  const family = isIP(value);
  if (family === 0) {
    throw new UsageError('--host must be an IP address; a name is never looked up (value not shown)');
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (unspecified.check(value, type)) {
    throw new UsageError(
      `--host ${value} listens on every address: name the one address clients connect to (the only Host answered)`,
    );
  }
  const isLoopback = loopback.check(value, type);
  if (!allowNonLoopback && !isLoopback) {
    throw new UsageError(
      `--host ${value} is not a loopback address: add --allow-non-loopback to serve credentials beyond this host`,
    );
  }
  if (allowNonLoopback && isLoopback) {
    throw new UsageError(`--allow-non-loopback: --host ${value} is a loopback address already`);
  }
  return value;
}

/**
 * `rolechain serve`'s flags, checked before anything else runs: every chain by the provider's own validation,
 * the address, the port. Undefined for `--help`.
 */
export function parseServeArgs(args: readonly string[]): ServeOptions | undefined {
  const { values } = parseFlags({ args: [...args], options: serveOptions, strict: true });
  if (values.help === true) return undefined;
  const chainValues = values.chain ?? [];
  if (chainValues.length === 0) throw new UsageError(`--chain is required: --chain ${chainSyntax}`);
  if (chainValues.length > maxChains) {
    throw new UsageError(`--chain given ${String(chainValues.length)} times; at most ${String(maxChains)}`);
  }
  if (values.region === '') throw new UsageError('--region must not be empty');
  if (values['token-file'] === '') throw new UsageError('--token-file must not be empty');
  const names = new Set<string>();
  const chains = chainValues.map((value) => {
    const chain = parseChain(value, values.region);
    if (names.has(chain.name)) {
      throw new UsageError(`--chain ${chain.name} is given twice: each chain needs its own name`);
    }
    names.add(chain.name);
    return chain;
  });
  const tokenFile = values['token-file'];
  return {
    chains,
    ...(tokenFile === undefined ? {} : { tokenFile }),
    host: hostFrom(values.host, values['allow-non-loopback'] === true),
    port: portFrom(values.port),
  };
}
