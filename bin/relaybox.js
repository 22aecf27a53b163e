#!/usr/bin/env node
// Entry for `npx relaybox`: runs the built CLI (npm run build produces out/main/cli.js).
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('relaybox: the engine is not built yet. Run `npm run build` (or `npm run serve`) first.');
  process.exit(1);
}
require(cli);
