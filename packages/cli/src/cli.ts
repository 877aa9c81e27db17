#!/usr/bin/env node
import { processIo } from './io';
import { main } from './main';
import { prepareProcessEnv } from './process-env';

main(process.argv.slice(2), processIo(prepareProcessEnv(process.env))).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`rolechain: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
