// The `rolechain-sts-mock serve` fixture: a JSON file that declares what a test would otherwise create with
// the API. Each section maps onto one call (`users[i]` → `createUser`, `roles[i]` → `createRole`, …) and the
// API checks every value; the loader only decodes the file, walks the sections in order and names where in
// the file an input error comes from (`roles[1].trustPolicy.Statement[0].Effect: …`).
import { createServableStsMock } from './create-sts-mock';
import type { ServableStsMock, StsMockOptions } from './create-sts-mock';
import { StsMockInputError, shown } from './errors';
import { decodeJson } from './json-input';
import type { CreateManagedPolicyInput } from './managed-policies';
import type { JsonInput } from './json-input';
import { checkKnownKeys } from './known-keys';
import type { CreateOrganizationInput } from './organization';
import type { EnableOutboundWebIdentityFederationInput } from './outbound-federation';
import type { CreateRoleInput, CreateUserInput, StsUser } from './principals';
import type { CreateSamlProviderInput } from './saml-providers';
import { createServeClock, parseInstant } from './serve-clock';
import type { ServeClock } from './serve-clock';
import { PolicyDocumentError } from './trust-policy';
import type { CreateOidcProviderInput } from './web-identity';

/** The largest fixture file the server reads. */
export const maxFixtureBytes = 1024 * 1024;

/** A user the fixture created, with the name of its profile in the credentials file. */
export interface FixtureUser {
  readonly profile: string;
  readonly user: StsUser;
}

/** What a fixture builds: the mock, its clock, its users. */
export interface LoadedFixture {
  readonly mock: ServableStsMock;
  readonly clock: ServeClock;
  readonly users: readonly FixtureUser[];
  /** The signing region the mock requires, when the fixture sets one. */
  readonly region: string | undefined;
}

type JsonObject = { readonly [key: string]: JsonInput };

/** Top-level keys, in the order the loader applies them. */
export const fixtureKeys = [
  '$schema',
  'partition',
  'region',
  'throttle',
  'clock',
  'oidcProviders',
  'samlProviders',
  'organizations',
  'outboundWebIdentityFederation',
  'managedPolicies',
  'users',
  'roles',
] as const;
const clockKeys = ['start'];
/** Options of `createStsMock` a fixture sets at its top level. */
const optionKeys = ['partition', 'region', 'throttle'] as const satisfies readonly (keyof StsMockOptions)[];
/** A profile name: what IAM allows in a user name, which is also safe in an INI section header. */
const profilePattern = /^[\w+=,.@-]{1,64}$/;

/**
 * Builds a mock from fixture text. Every problem is an {@link StsMockInputError} whose field is the path in
 * the file (`users[0].userName`), thrown before anything listens.
 */
export function loadFixture(text: string, realNow: () => number = Date.now): LoadedFixture {
  const fixture = decodeJson(text, 'fixture', maxFixtureBytes);
  const root = objectAt(fixture, 'fixture');
  checkKnownKeys(root, fixtureKeys, { call: 'the fixture', param: 'fixture', prefix: '' });
  if (Object.hasOwn(root, '$schema') && typeof root['$schema'] !== 'string') {
    throw new StsMockInputError('$schema', `${shown(root['$schema'])} is not a string`);
  }
  const clock = createServeClock(clockStart(root), realNow);
  const options: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of optionKeys) if (Object.hasOwn(root, key)) options[key] = root[key];
  const mock = createServableStsMock({ ...(options as StsMockOptions), now: clock.now });

  entries(root, 'oidcProviders').forEach((entry, index) => {
    within(`oidcProviders[${index}]`, () =>
      mock.sts.createOidcProvider(entry as unknown as CreateOidcProviderInput),
    );
  });
  // Identity providers and accounts before the principals: trust policies name providers' ARNs.
  entries(root, 'samlProviders').forEach((entry, index) => {
    within(`samlProviders[${index}]`, () =>
      mock.sts.createSamlProvider(entry as unknown as CreateSamlProviderInput),
    );
  });
  entries(root, 'organizations').forEach((entry, index) => {
    within(`organizations[${index}]`, () =>
      mock.sts.createOrganization(entry as unknown as CreateOrganizationInput),
    );
  });
  entries(root, 'outboundWebIdentityFederation').forEach((entry, index) => {
    within(`outboundWebIdentityFederation[${index}]`, () =>
      mock.sts.enableOutboundWebIdentityFederation(
        entry as unknown as EnableOutboundWebIdentityFederationInput,
      ),
    );
  });
  entries(root, 'managedPolicies').forEach((entry, index) => {
    within(`managedPolicies[${index}]`, () =>
      mock.sts.createManagedPolicy(entry as unknown as CreateManagedPolicyInput),
    );
  });
  const users: FixtureUser[] = [];
  const profiles = new Map<string, number>();
  entries(root, 'users').forEach((entry, index) => {
    const field = `users[${index}]`;
    const profile = entry['profile'];
    const input = Object.create(null) as Record<string, JsonInput>;
    for (const [key, value] of Object.entries(entry)) if (key !== 'profile') input[key] = value;
    const user = within(field, () => mock.sts.createUser(input as unknown as CreateUserInput));
    const name = profile === undefined ? user.userName : profile;
    if (typeof name !== 'string' || !profilePattern.test(name)) {
      throw new StsMockInputError(
        `${field}.profile`,
        `'${shown(name)}' is not a profile name ([\\w+=,.@-]{1,64})`,
      );
    }
    const taken = profiles.get(name);
    if (taken !== undefined) {
      throw new StsMockInputError(
        `${field}.profile`,
        `'${name}' is already the profile of users[${taken}]: give one of them another profile`,
      );
    }
    profiles.set(name, index);
    users.push({ profile: name, user });
  });
  entries(root, 'roles').forEach((entry, index) => {
    within(`roles[${index}]`, () => mock.sts.createRole(entry as unknown as CreateRoleInput));
  });
  return {
    mock,
    clock,
    users,
    region: typeof options['region'] === 'string' ? options['region'] : undefined,
  };
}

function clockStart(root: JsonObject): Date | undefined {
  if (!Object.hasOwn(root, 'clock')) return undefined;
  const clock = objectAt(root['clock'], 'clock');
  checkKnownKeys(clock, clockKeys, { call: 'the fixture', param: 'clock', prefix: 'clock.' });
  return parseInstant(clock['start'], 'clock.start');
}

function objectAt(value: JsonInput | undefined, field: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'an array' : typeof value === 'string' ? 'a string' : shown(value);
    throw new StsMockInputError(field, `expected an object, got ${got}`);
  }
  return value as JsonObject;
}

/** The objects of a section (absent: none). */
function entries(root: JsonObject, section: string): JsonObject[] {
  if (!Object.hasOwn(root, section)) return [];
  const list = root[section];
  if (!Array.isArray(list)) {
    throw new StsMockInputError(
      section,
      `expected an array, got ${typeof list === 'string' ? 'a string' : shown(list)}`,
    );
  }
  return (list as readonly JsonInput[]).map((entry, index) => objectAt(entry, `${section}[${index}]`));
}

/** Runs one API call for a fixture entry, naming the entry's path in any input error it throws. */
function within<T>(path: string, create: () => T): T {
  try {
    return create();
  } catch (error) {
    if (error instanceof StsMockInputError) throw moved(path, error.field, error.message);
    if (error instanceof PolicyDocumentError) {
      throw moved(path, error.path === '' ? error.field : `${error.field}.${error.path}`, error.message);
    }
    throw error;
  }
}

function moved(path: string, field: string, message: string): StsMockInputError {
  const problem = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  return new StsMockInputError(`${path}.${field}`, problem);
}
