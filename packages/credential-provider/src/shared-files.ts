import type * as FsPromises from 'node:fs/promises';
import type { PlatformPath } from 'node:path';
import { RoleChainConfigError } from './errors';
import type { ProfileData, Profiles } from './profile-chain';

/** Which shared files to read; each defaults as the SDK's does (`AWS_CONFIG_FILE`, `~/.aws/config`…). @internal */
export interface SharedFilePaths {
  configFilepath?: string | undefined;
  filepath?: string | undefined;
}

type Kind = 'config' | 'credentials';
type Settings = Record<string, string>;

/** Far above any real shared file; a bound on what one call reads and parses. */
const MAX_SHARED_FILE_BYTES = 16 * 1024 * 1024;

/** Section prefixes the SDK's parser knows; in the config file only `profile` sections hold profiles. */
const sectionPrefixes: ReadonlySet<string> = new Set(['profile', 'sso-session', 'services']);

/** `prefix name` or `prefix "name"` in a config-file section header, as the SDK's parser matches it. */
const PREFIXED_SECTION = /^([\w-]+)\s(["']?)([\w\-@+.%:/]+)\2$/;

function fileError(kind: Kind, path: string, problem: string): RoleChainConfigError {
  return new RoleChainConfigError(`${kind} file ${JSON.stringify(path)}`, problem);
}

/** Text up to the first `#` or `;` that starts the line or follows whitespace (the SDK's comment rule). */
function withoutComment(line: string): string {
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if ((char === '#' || char === ';') && (i === 0 || /\s/.test(line[i - 1] as string))) {
      return line.slice(0, i);
    }
  }
  return line;
}

/**
 * The key the SDK's parser files a section under: `prefix.name` for `[profile name]`, `[sso-session name]`
 * and `[services name]`, nothing for another prefix, the bare name otherwise.
 */
function sdkSectionKey(section: string): string | undefined {
  const match = PREFIXED_SECTION.exec(section);
  if (match === null) return section;
  const prefix = match[1] ?? '';
  return sectionPrefixes.has(prefix) ? `${prefix}.${match[3] ?? ''}` : undefined;
}

/**
 * The profile a section holds, as the SDK reads the file: in the config file `[default]` and
 * `[profile name]` (other sections hold no profile; the SDK ignores them), in the credentials file every
 * section.
 */
function profileOfSection(kind: Kind, sdkKey: string | undefined): string | undefined {
  if (kind === 'credentials' || sdkKey === 'default') return sdkKey;
  return sdkKey?.startsWith('profile.') === true ? sdkKey.slice('profile.'.length) : undefined;
}

/**
 * Parses one shared file the way the AWS SDK does (comments, `[profile name]` sections, indented sub-settings
 * such as `s3 =`), into null-prototype objects. What the SDK would silently mis-read is an error naming the
 * file and the line, never the line's text (it may hold a secret): a line that is neither a section, a
 * setting nor a comment, and a profile name the SDK cannot hold (`__proto__`, `constructor`…), on which it
 * drops the whole file or writes settings onto JavaScript built-ins.
 */
export function parseSharedFile(text: string, kind: Kind, path: string): Record<string, Settings> {
  const profiles = Object.create(null) as Record<string, Settings>;
  let current: Settings | undefined;
  let subSection: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index] as string;
    const line = withoutComment(raw).trim();
    if (line === '') continue;
    const at = `line ${index + 1}`;
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) throw fileError(kind, path, `${at}: a section header must end with "]"`);
      const section = line.slice(1, -1);
      subSection = undefined;
      // The SDK files settings under this key of a plain object: one that object already has breaks it.
      const sdkKey = sdkSectionKey(section);
      if (
        section === '__proto__' ||
        section === 'profile __proto__' ||
        (sdkKey !== undefined && sdkKey in {})
      ) {
        throw fileError(
          kind,
          path,
          `${at}: the section name ${JSON.stringify(section.slice(0, 64))} cannot be used: the AWS SDK would ignore the whole file or write its settings onto a JavaScript built-in; rename the profile`,
        );
      }
      const name = profileOfSection(kind, sdkKey);
      current = name === undefined ? undefined : (profiles[name] ??= Object.create(null) as Settings);
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) {
      // An indented line continues the value above it (botocore's multi-line values); the SDK skips it.
      if (equals === -1 && raw.trimStart() !== raw) continue;
      throw fileError(
        kind,
        path,
        `${at}: expected "[section]", "key = value" or a comment${equals === 0 ? ' (the key is empty)' : ''}`,
      );
    }
    const key = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim();
    if (value === '') {
      subSection = key;
      continue;
    }
    if (subSection !== undefined && raw.trimStart() === raw) subSection = undefined;
    if (current !== undefined) current[subSection === undefined ? key : `${subSection}.${key}`] = value;
  }
  return profiles;
}

/** The file system calls reading a shared file takes. */
type FileSystem = Pick<typeof FsPromises, 'readFile' | 'stat'>;

/** Reads one shared file: no file means no profiles; anything else that stops reading it is an error. */
async function readSharedFile(kind: Kind, path: string, fs: FileSystem): Promise<Record<string, Settings>> {
  let bytes: Buffer;
  try {
    const info = await fs.stat(path);
    if (info.isDirectory()) throw fileError(kind, path, 'is a directory, not a file');
    if (info.size > MAX_SHARED_FILE_BYTES) {
      throw fileError(
        kind,
        path,
        `is ${info.size} bytes, more than the ${MAX_SHARED_FILE_BYTES} a shared file may have`,
      );
    }
    bytes = await fs.readFile(path);
  } catch (error) {
    if (error instanceof RoleChainConfigError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return Object.create(null) as Record<string, Settings>;
    throw fileError(kind, path, `cannot be read (${typeof code === 'string' ? code : 'unknown error'})`);
  }
  if (bytes.length > MAX_SHARED_FILE_BYTES) {
    throw fileError(kind, path, `is more than the ${MAX_SHARED_FILE_BYTES} bytes a shared file may have`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fileError(kind, path, 'is not UTF-8 text (a binary file?)');
  }
  if (text.includes('\0')) throw fileError(kind, path, 'holds NUL bytes: not a text file');
  return parseSharedFile(text, kind, path);
}

/** `~/` at the start of a path means the home directory, as in the SDK. */
function expandHome(path: string, home: () => string, nodePath: Pick<PlatformPath, 'join'>): string {
  return path.startsWith('~/') ? nodePath.join(home(), path.slice(2)) : path;
}

/**
 * Every profile of the shared config and credentials files, read afresh, a credentials-file profile's
 * settings over the config file's. Profiles and their settings are null-prototype objects. A missing file has
 * no profiles; an unreadable, binary or malformed one is a `RoleChainConfigError` naming the file.
 *
 * @internal Exported as `loadSharedProfiles` for `@rolechain/cli` (`lint` lists every profile the provider
 * reads); not part of the documented API.
 */
export async function loadProfiles(paths: SharedFilePaths): Promise<Profiles> {
  // Loaded here, on the first read, not at import: a service that never reads profiles does not pay for the
  // modules (Node builds a module facade for each built-in an ES module imports).
  const [{ getHomeDir }, fs, nodePath] = await Promise.all([
    import('@smithy/core/config'),
    import('node:fs/promises'),
    import('node:path'),
  ]);
  const configPath =
    paths.configFilepath ?? (process.env['AWS_CONFIG_FILE'] || nodePath.join(getHomeDir(), '.aws', 'config'));
  const credentialsPath =
    paths.filepath ??
    (process.env['AWS_SHARED_CREDENTIALS_FILE'] || nodePath.join(getHomeDir(), '.aws', 'credentials'));
  const [config, credentials] = await Promise.all([
    readSharedFile('config', expandHome(configPath, getHomeDir, nodePath), fs),
    readSharedFile('credentials', expandHome(credentialsPath, getHomeDir, nodePath), fs),
  ]);
  const profiles = Object.create(null) as Record<string, ProfileData>;
  for (const file of [config, credentials]) {
    for (const name of Object.keys(file)) {
      profiles[name] = Object.assign((profiles[name] ?? Object.create(null)) as Settings, file[name]);
    }
  }
  return profiles;
}
