// IAM policy conditions: the condition operators the mock evaluates, policy variables (`${aws:username}`),
// and the test of one condition against a request's condition keys. Compiled once when a policy is checked;
// evaluated per request. Wildcards match through ./wildcard, never a regular expression built from a policy.
import { anyChar, anyRun, globMatches, literalGlob } from './wildcard';
import type { Glob } from './wildcard';

/** Reports a problem at a path of the document being checked; never returns. */
export type Fail = (path: string, reason: string) => never;

/** The condition keys of one request, by name; `undefined` for a key the request does not carry. */
type ConditionContext = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type BaseOperator =
  | 'StringEquals'
  | 'StringEqualsIgnoreCase'
  | 'StringLike'
  | 'NumericEquals'
  | 'NumericLessThan'
  | 'NumericLessThanEquals'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanEquals'
  | 'DateEquals'
  | 'DateLessThan'
  | 'DateLessThanEquals'
  | 'DateGreaterThan'
  | 'DateGreaterThanEquals'
  | 'Bool'
  | 'ArnLike'
  | 'Null';

/** Every operator the mock evaluates, mapped to its positive form and whether it negates it. */
const operators: ReadonlyMap<string, { base: BaseOperator; negated: boolean }> = new Map(
  Object.entries({
    StringEquals: { base: 'StringEquals', negated: false },
    StringNotEquals: { base: 'StringEquals', negated: true },
    StringEqualsIgnoreCase: { base: 'StringEqualsIgnoreCase', negated: false },
    StringNotEqualsIgnoreCase: { base: 'StringEqualsIgnoreCase', negated: true },
    StringLike: { base: 'StringLike', negated: false },
    StringNotLike: { base: 'StringLike', negated: true },
    NumericEquals: { base: 'NumericEquals', negated: false },
    NumericNotEquals: { base: 'NumericEquals', negated: true },
    NumericLessThan: { base: 'NumericLessThan', negated: false },
    NumericLessThanEquals: { base: 'NumericLessThanEquals', negated: false },
    NumericGreaterThan: { base: 'NumericGreaterThan', negated: false },
    NumericGreaterThanEquals: { base: 'NumericGreaterThanEquals', negated: false },
    DateEquals: { base: 'DateEquals', negated: false },
    DateNotEquals: { base: 'DateEquals', negated: true },
    DateLessThan: { base: 'DateLessThan', negated: false },
    DateLessThanEquals: { base: 'DateLessThanEquals', negated: false },
    DateGreaterThan: { base: 'DateGreaterThan', negated: false },
    DateGreaterThanEquals: { base: 'DateGreaterThanEquals', negated: false },
    Bool: { base: 'Bool', negated: false },
    // IAM documents ArnEquals and ArnLike as the same test: each ARN part compared, wildcards allowed.
    ArnEquals: { base: 'ArnLike', negated: false },
    ArnLike: { base: 'ArnLike', negated: false },
    ArnNotEquals: { base: 'ArnLike', negated: true },
    ArnNotLike: { base: 'ArnLike', negated: true },
    Null: { base: 'Null', negated: false },
  } satisfies Record<string, { base: BaseOperator; negated: boolean }>),
);

/** Real IAM operators the mock does not evaluate: a policy using one is refused rather than guessed at. */
const unsupportedOperators = new Set(['BinaryEquals', 'IpAddress', 'NotIpAddress']);

/** Tests one request value against one policy value. */
export type Matcher = (value: string, context: ContextLookup) => boolean;
/** A request's values for a condition key (lower-cased), or `undefined` when it has none. */
export type ContextLookup = (key: string) => readonly string[] | undefined;

/** One condition key under one operator, checked and ready to test. */
export interface CompiledCondition {
  negated: boolean;
  set: 'ForAnyValue' | 'ForAllValues' | undefined;
  ifExists: boolean;
  key: string;
  /** For `Null`: whether the key must be absent (one entry per policy value, OR-ed). */
  nullExpectations: readonly boolean[];
  /** One matcher per policy value (OR-ed); each tests one request value. */
  matchers: readonly Matcher[];
}

const operatorPattern = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/;

export function compileConditions(
  element: unknown,
  path: string,
  variables: boolean,
  fail: Fail,
): CompiledCondition[] {
  if (!isRecord(element)) return fail(path, 'must be an object of condition operators');
  const compiled: CompiledCondition[] = [];
  for (const [name, block] of Object.entries(element)) {
    const operatorPath = `${path}.${name}`;
    const [, set, baseName = '', ifExistsSuffix] = operatorPattern.exec(name) ?? [];
    const operator = operators.get(baseName);
    if (operator === undefined) {
      if (unsupportedOperators.has(baseName)) {
        fail(operatorPath, `condition operator '${name}' is not supported by @rolechain/sts-mock`);
      }
      const suggestion = [...operators.keys()].find(
        (known) => known.toLowerCase() === baseName.toLowerCase(),
      );
      fail(
        operatorPath,
        `'${name}' is not a condition operator` +
          (suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`),
      );
    }
    const { base, negated } = operator;
    const ifExists = ifExistsSuffix !== undefined;
    if (base === 'Null' && (ifExists || set !== undefined)) {
      fail(operatorPath, `'${name}': Null takes no IfExists suffix or ForAnyValue/ForAllValues prefix`);
    }
    if (!isRecord(block) || Object.keys(block).length === 0) {
      fail(operatorPath, 'must map condition keys to values');
    }
    for (const [key, value] of Object.entries(block)) {
      const keyPath = `${operatorPath}["${key}"]`;
      const values = conditionValues(value, keyPath, fail);
      compiled.push({
        negated,
        set: set as CompiledCondition['set'],
        ifExists,
        key: key.toLowerCase(),
        nullExpectations: base === 'Null' ? values.map((v) => boolValue(v, keyPath, fail)) : [],
        matchers: base === 'Null' ? [] : values.map((v) => matcherFor(base, v, keyPath, variables, fail)),
      });
    }
  }
  return compiled;
}

function conditionValues(value: unknown, path: string, fail: Fail): string[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) fail(path, 'must hold at least one value');
  return list.map((item) =>
    typeof item === 'string' ||
    typeof item === 'boolean' ||
    (typeof item === 'number' && Number.isFinite(item))
      ? String(item)
      : fail(path, 'values must be strings, numbers or booleans'),
  );
}

function boolValue(value: string, path: string, fail: Fail): boolean {
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') fail(path, `'${value}' is not 'true' or 'false'`);
  return lower === 'true';
}

function matcherFor(
  base: Exclude<BaseOperator, 'Null'>,
  policyValue: string,
  path: string,
  variables: boolean,
  fail: Fail,
): Matcher {
  switch (base) {
    case 'StringEquals':
    case 'StringEqualsIgnoreCase': {
      const ignoreCase = base === 'StringEqualsIgnoreCase';
      const template = parseTemplate(policyValue, variables, false);
      return (value, lookup) => {
        const expected = renderText(template, lookup);
        if (expected === undefined) return false;
        return ignoreCase ? expected.toLowerCase() === value.toLowerCase() : expected === value;
      };
    }
    case 'StringLike': {
      const pattern = patternFor(parseTemplate(policyValue, variables, true));
      return (value, lookup) => {
        const glob = pattern(lookup);
        return glob !== undefined && globMatches(glob, value);
      };
    }
    case 'ArnLike': {
      const parts = arnParts(policyValue);
      if (parts === undefined)
        fail(path, `'${policyValue}' is not an ARN (arn:partition:service:region:account:resource)`);
      const patterns = parts.map((part) => patternFor(parseTemplate(part, variables, true)));
      return (value, lookup) => {
        const valueParts = arnParts(value);
        if (valueParts === undefined) return false;
        return patterns.every((pattern, index) => {
          const glob = pattern(lookup);
          return glob !== undefined && globMatches(glob, valueParts[index] ?? '');
        });
      };
    }
    case 'Bool': {
      const expected = boolValue(policyValue, path, fail);
      return (value) => value.toLowerCase() === String(expected);
    }
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals': {
      const expected = Number(policyValue);
      if (policyValue.trim() === '' || Number.isNaN(expected)) fail(path, `'${policyValue}' is not a number`);
      const compare = comparison(base);
      return (value) => {
        const actual = value.trim() === '' ? Number.NaN : Number(value);
        return !Number.isNaN(actual) && compare(actual, expected);
      };
    }
    case 'DateEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals': {
      const expected = parseDate(policyValue);
      if (expected === undefined) fail(path, `'${policyValue}' is not an ISO 8601 date or epoch seconds`);
      const compare = comparison(base);
      return (value) => {
        const actual = parseDate(value);
        return actual !== undefined && compare(actual, expected);
      };
    }
  }
}

function comparison(base: BaseOperator): (actual: number, expected: number) => boolean {
  if (base.endsWith('LessThanEquals')) return (a, e) => a <= e;
  if (base.endsWith('LessThan')) return (a, e) => a < e;
  if (base.endsWith('GreaterThanEquals')) return (a, e) => a >= e;
  if (base.endsWith('GreaterThan')) return (a, e) => a > e;
  return (a, e) => a === e;
}

function parseDate(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function arnParts(value: string): string[] | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

// ---- policy variables and wildcards ----

/** A policy value split into literal text, `*`/`?` wildcards and `${key}` variables. */
type Template = readonly (
  | { kind: 'text'; text: string }
  | { kind: 'wildcard'; token: typeof anyRun | typeof anyChar }
  | { kind: 'variable'; key: string; fallback: string | undefined }
)[];

const variablePattern = /\$\{([^}]*)\}/g;

function parseTemplate(value: string, variables: boolean, wildcards: boolean): Template {
  const template: Exclude<Template[number], never>[] = [];
  const pushText = (text: string): void => {
    if (!wildcards) {
      template.push({ kind: 'text', text });
      return;
    }
    for (const piece of text.split(/([*?])/)) {
      if (piece === '*') template.push({ kind: 'wildcard', token: anyRun });
      else if (piece === '?') template.push({ kind: 'wildcard', token: anyChar });
      else if (piece !== '') template.push({ kind: 'text', text: piece });
    }
  };
  if (!variables) {
    pushText(value);
    return template;
  }
  let last = 0;
  for (const match of value.matchAll(variablePattern)) {
    pushText(value.slice(last, match.index));
    last = match.index + match[0].length;
    const inner = (match[1] ?? '').trim();
    // ${*}, ${?} and ${$} stand for the literal characters.
    if (inner === '*' || inner === '?' || inner === '$') {
      template.push({ kind: 'text', text: inner });
      continue;
    }
    template.push(variableOf(inner));
  }
  pushText(value.slice(last));
  return template;
}

/**
 * A `${key}` variable, optionally with a default: `${aws:username, 'nobody'}`. Parsed by hand: the default
 * starts after the first comma and is quoted.
 */
function variableOf(inner: string): Template[number] {
  const comma = inner.indexOf(',');
  const fallback = comma < 0 ? '' : inner.slice(comma + 1).trim();
  const key = comma < 0 ? '' : inner.slice(0, comma).trim();
  if (key !== '' && fallback.length >= 2 && fallback.startsWith("'") && fallback.endsWith("'")) {
    const text = fallback.slice(1, -1);
    if (!text.includes("'")) return { kind: 'variable', key: key.toLowerCase(), fallback: text };
  }
  return { kind: 'variable', key: inner.toLowerCase(), fallback: undefined };
}

/**
 * The glob of a wildcard template: built once when it has no variables, else per request (`undefined` when
 * a variable is missing, which matches nothing). A variable's value is literal text.
 */
function patternFor(template: Template): (lookup: ContextLookup) => Glob | undefined {
  const build = (lookup: ContextLookup): Glob | undefined => {
    const glob: number[] = [];
    for (const piece of template) {
      if (piece.kind === 'wildcard') glob.push(piece.token);
      else {
        const text = piece.kind === 'text' ? piece.text : variableValue(piece, lookup);
        if (text === undefined) return undefined;
        glob.push(...literalGlob(text));
      }
    }
    return glob;
  };
  if (template.some((piece) => piece.kind === 'variable')) return build;
  const fixed = build(() => undefined);
  return () => fixed;
}

/**
 * A variable's value: a key that is absent or multi-valued makes the value match nothing, as in IAM; a
 * default applies first.
 */
function variableValue(
  piece: Extract<Template[number], { kind: 'variable' }>,
  lookup: ContextLookup,
): string | undefined {
  const values = lookup(piece.key);
  return values?.length === 1 ? values[0] : piece.fallback;
}

/** A template without wildcards rendered to text; `undefined` when a variable has no value. */
function renderText(template: Template, lookup: ContextLookup): string | undefined {
  let out = '';
  for (const piece of template) {
    const text =
      piece.kind === 'variable'
        ? variableValue(piece, lookup)
        : piece.kind === 'text'
          ? piece.text
          : undefined;
    if (text === undefined) return undefined;
    out += text;
  }
  return out;
}

/**
 * Condition keys, looked up case-insensitively. The context and its index are built on the first lookup, so
 * evaluating a policy without conditions never pays for them.
 */
export function contextLookup(context: () => ConditionContext): ContextLookup {
  let byKey: Map<string, readonly string[]> | undefined;
  return (key) => {
    if (byKey === undefined) {
      byKey = new Map();
      for (const [name, value] of Object.entries(context())) {
        if (value === undefined) continue;
        byKey.set(name.toLowerCase(), typeof value === 'string' ? [value] : value);
      }
    }
    return byKey.get(key);
  };
}

/**
 * The matcher of an ARN pattern (a `Resource` entry or an `ArnLike` value): each ARN part compared, `*` and
 * `?` wildcards within a part, policy variables when `variables` is set; a variable without a value matches
 * nothing.
 */
export function arnMatcher(policyValue: string, path: string, variables: boolean, fail: Fail): Matcher {
  return matcherFor('ArnLike', policyValue, path, variables, fail);
}

/** Whether one compiled condition holds for a request's condition keys. */
export function conditionHolds(condition: CompiledCondition, lookup: ContextLookup): boolean {
  const values = lookup(condition.key);
  const present = values !== undefined && values.length > 0;
  if (condition.nullExpectations.length > 0) {
    return condition.nullExpectations.some((mustBeAbsent) => mustBeAbsent !== present);
  }
  const matches = (value: string): boolean => condition.matchers.some((matcher) => matcher(value, lookup));
  const holdsFor = (value: string): boolean => matches(value) !== condition.negated;
  if (condition.set === 'ForAllValues') return !present || values.every(holdsFor);
  if (condition.set === 'ForAnyValue') return present ? values.some(holdsFor) : condition.ifExists;
  if (!present) return condition.ifExists || condition.negated;
  return values.some(matches) !== condition.negated;
}
