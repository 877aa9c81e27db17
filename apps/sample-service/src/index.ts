// What a harness needs to run the service in its own process (the soak in tools/bench does): start it,
// configure it as its environment would, and give it the demo clock and the JSON logger; and how it turns its
// configuration into credentials (tools/conformance checks it refuses what the provider refuses). Not published.
export { startDemoApp } from './demo/embedded-demo';
export type { DemoApp, DemoOptions } from './demo/embedded-demo';
export type { RunningApp } from './service/app';
export { resolveConfig } from './service/config';
export { createChainCredentials } from './service/chain-credentials';
export type { ServiceConfig } from './service/config';
export { createDemoClock } from './demo/demo-clock';
export type { DemoClock } from './demo/demo-clock';
export { createJsonLogger } from './service/json-logger';
export type { JsonLogger, LogLevel } from './service/json-logger';
