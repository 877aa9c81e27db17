export { main, mainHelp } from './main';
export { credentialProcess, credentialProcessHelp } from './credential-process';
export type { CliIo } from './io';
export { processIo } from './io';
export { UsageError } from './usage-error';
export type { ChainSpec } from './chain-args';
export type { ProcessCredentials } from './process-credentials';
