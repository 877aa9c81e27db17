#!/usr/bin/env node
// The `rolechain` executable. It is committed, not built, so npm links it at install time even before
// `npm run build` has made dist/; it runs the built CLI.
import '../dist/cli.mjs';
