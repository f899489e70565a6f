// npm ci insists that every optionalDependency a locked package declares is in package-lock.json. The npm mirror
// this project builds from lacks some platform builds (rollup, esbuild, DuckDB bindings for other OSes), so
// `npm install` cannot lock them and `npm ci` then refuses the lock. This drops, from each locked package, the
// optional dependencies the lock does not hold — they are platform builds this machine never installs anyway.
// Usage: node scripts/trim-lock-optionals.mjs path/to/package-lock.json
import { readFileSync, writeFileSync } from 'node:fs';

const path = process.argv[2];
if (!path) {
  console.error('usage: node scripts/trim-lock-optionals.mjs <package-lock.json>');
  process.exit(2);
}
const lock = JSON.parse(readFileSync(path, 'utf8'));
const locked = new Set(Object.keys(lock.packages ?? {}).map((key) => key.replace(/^.*node_modules\//, '')));
let dropped = 0;
for (const entry of Object.values(lock.packages ?? {})) {
  if (!entry.optionalDependencies) continue;
  for (const name of Object.keys(entry.optionalDependencies)) {
    if (!locked.has(name)) {
      delete entry.optionalDependencies[name];
      dropped++;
    }
  }
}
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(`${path}: dropped ${dropped} optional dependencies missing from the lock`);
