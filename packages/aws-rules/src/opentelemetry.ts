import { createRequire } from 'node:module';
import type * as Api from '@opentelemetry/api';

/** The `@opentelemetry/api` module, as the rolechain packages use it. */
export type OpenTelemetryApi = typeof Api;

/**
 * Where every copy of `@opentelemetry/api` 1.x, ES module or CommonJS, keeps the providers and the context
 * manager registered through it (`Symbol.for('opentelemetry.js.api.1')` on the global object).
 */
const GLOBAL_KEY = Symbol.for('opentelemetry.js.api.1');

/** undefined: not loaded yet; null: not installed where the rolechain packages can resolve it. */
let loaded: OpenTelemetryApi | null | undefined;

/**
 * `@opentelemetry/api` when the application uses OpenTelemetry — something registered a provider, a context
 * manager or a diagnostic logger through any copy of the api — and the api is installed (it is an optional
 * peer dependency). Undefined otherwise, and then nothing is loaded.
 *
 * Loaded with `require` from a `createRequire` of this module: synchronously, on first use rather than at
 * import, the same in the ES module and CommonJS builds (tsdown turns `import.meta.url` into the file's URL in
 * the CommonJS one). While nothing is registered the cost is one property read of the global object. See
 * decision 0006.
 */
export function openTelemetryApi(): OpenTelemetryApi | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  if ((globalThis as Record<symbol, unknown>)[GLOBAL_KEY] === undefined) return undefined;
  try {
    loaded = createRequire(import.meta.url)('@opentelemetry/api') as OpenTelemetryApi;
  } catch {
    loaded = null;
  }
  return loaded ?? undefined;
}
