#!/usr/bin/env node
'use strict';
// The compiled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
require('../dist/cli/main.js').main(process.argv).catch((err) => {
  process.stderr.write(`siprint: ${err && err.message ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
