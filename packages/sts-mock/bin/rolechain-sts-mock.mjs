#!/usr/bin/env node
// The `rolechain-sts-mock` executable. It is committed, not built, so npm links it at install time even
// before `npm run build` has made dist/; it runs the built server.
import '../dist/serve-cli.mjs';
