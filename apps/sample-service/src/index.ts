// What a harness needs to run the service in its own process (the soak in tools/bench does): start it,
// configure it as its environment would, and give it the demo clock and the JSON logger. Not published.
export { startApp } from './app';
export type { RunningApp, StartOptions } from './app';
export { resolveConfig } from './config';
export type { ServiceConfig } from './config';
export { createDemoClock } from './demo-clock';
export type { DemoClock } from './demo-clock';
export { createJsonLogger } from './json-logger';
export type { JsonLogger, LogLevel } from './json-logger';
