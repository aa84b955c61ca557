// Reports the gzip size of the JavaScript a first visit loads (the entry script and the
// chunks index.html preloads), and fails above the budget. Lazy chunks are listed apart.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = Number(process.env.KNEAD_JS_BUDGET_KB ?? 250);
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set(
  [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]),
);
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1);

let initialBytes = 0;
for (const file of initial) {
  const size = gz(file);
  initialBytes += size;
  console.log(`  initial  ${kb(size).padStart(7)} KB gzip  ${file}`);
}
for (const name of readdirSync(join(dist, 'assets')).sort()) {
  const file = `assets/${name}`;
  if (name.endsWith('.js') && !initial.has(file)) {
    console.log(`  lazy     ${kb(gz(file)).padStart(7)} KB gzip  ${file}`);
  }
}
console.log(`Initial JS: ${kb(initialBytes)} KB gzip (budget ${BUDGET_KB} KB)`);
if (initialBytes > BUDGET_KB * 1024) {
  console.error(`Initial JS is over the ${BUDGET_KB} KB gzip budget.`);
  process.exitCode = 1;
}
