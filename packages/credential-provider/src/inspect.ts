/**
 * Node's `util.inspect.custom` symbol (a registered symbol, so every realm and copy of Node shares it), without
 * importing `node:util`: an ES module importing a built-in makes Node build a facade of all its exports, which
 * for `node:util` loads modules nothing else here needs. Node passes `inspect` itself to the method.
 */
export const INSPECT_CUSTOM: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/** The `inspect` function Node hands to an `[INSPECT_CUSTOM]` method as its third argument. */
export type Inspect = (value: unknown, options?: { breakLength?: number }) => string;
