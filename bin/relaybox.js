#!/usr/bin/env -S node --max-semi-space-size=2
// Entry for `npx relaybox`: runs the built CLI (npm run build produces out/main/cli.js).
// --max-semi-space-size=2: a media server allocates steadily (one small object per unit per
// format), so V8 grows its young generation to its maximum (16 MiB × 3) once readers attach:
// ~30 MiB of RSS for nothing measurable in CPU (docs/benchmarks.md, "RSS and V8's young
// generation"). V8 reads the flag only at start-up, hence here, in `npm run serve`, and in the
// bench, which takes the flags from this line.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('relaybox: the engine is not built yet. Run `npm run build` (or `npm run serve`) first.');
  process.exit(1);
}
require(cli);
