#!/usr/bin/env node
// Runs every compiled benchmark (dist/bench/*.bench.js) one after another, each in its own
// process so one's heap and timers do not disturb the next. `npm run bench -- <name>` runs one.
const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const dir = join(__dirname, '..', 'dist', 'bench');
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const run = spawnSync(process.execPath, ['--expose-gc', join(dir, file)], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
if (benches.length === 0) console.error(`no benchmark matches ${wanted.join(' ')}`);
process.exit(failed > 0 || benches.length === 0 ? 1 : 0);
