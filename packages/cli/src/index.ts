export { main } from './main';
export type { CliIo } from './io';
export type { OpenTerminal } from './terminal';
export type { Terminal } from './mfa-prompt';
