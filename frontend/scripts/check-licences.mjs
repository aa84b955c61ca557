// The web app's supply chain, checked from package-lock.json alone (no network): every
// package comes from the npm registry (the lockfile names no git, file or other URL source;
// it records none at all for registry packages, which npm then fetches from the configured
// registry) with a sha512 integrity hash, and carries a licence on the list below. What ships to browsers (the runtime dependencies and what they pull in) must be
// permissive; tools that only build and test the app may also use the licences marked
// `tools only`, each with the reason it is acceptable.
import { readFileSync } from 'node:fs';

const PERMISSIVE = new Set(['MIT', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'MIT-0']);
const TOOLS_ONLY = {
  // axe-core and its Playwright adapter: the accessibility checker of the browser tests.
  // File-level copyleft, compatible with the project's AGPL; never bundled.
  'MPL-2.0': 'axe-core, used by the browser tests only',
  // caniuse-lite: browser-support data read by the build; attribution licence for data.
  'CC-BY-4.0': 'caniuse-lite data, read at build time only',
  // argparse (a port of Python's): used by ESLint's config loading.
  'Python-2.0': 'argparse, a lint-time dependency',
  // Blue Oak Model License: permissive, used by glob matchers in the lint tools.
  'BlueOak-1.0.0': 'glob matchers in the lint tools',
  '(MIT OR CC0-1.0)': 'dual permissive',
};
const REGISTRY = 'https://registry.npmjs.org/';

const lockfile = process.argv[2] ?? new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockfile));
const problems = [];
const counts = {};
for (const [path, entry] of Object.entries(lock.packages)) {
  if (path === '' || entry.link) continue;
  const name = path.replace(/^.*node_modules\//, '');
  const licence = entry.license ?? (entry.licenses ? JSON.stringify(entry.licenses) : 'none');
  counts[licence] = (counts[licence] ?? 0) + 1;
  if (entry.resolved !== undefined && !entry.resolved.startsWith(REGISTRY)) {
    problems.push(`${name}: not from the npm registry (${entry.resolved})`);
  }
  if (!entry.integrity?.startsWith('sha512-')) problems.push(`${name}: no sha512 integrity`);
  if (PERMISSIVE.has(licence)) continue;
  if (licence in TOOLS_ONLY && entry.dev) continue;
  problems.push(`${name}: licence ${licence}${entry.dev ? '' : ' in a runtime dependency'} is not allowed`);
}
const summary = Object.entries(counts)
  .sort((a, b) => b[1] - a[1])
  .map(([l, n]) => `${l} ${n}`)
  .join(', ');
if (problems.length) {
  console.error(`licence check: ${problems.length} problem(s):\n  ${problems.slice(0, 40).join('\n  ')}`);
  process.exit(1);
}
console.log(`licence check: ${Object.keys(lock.packages).length - 1} packages, from the registry with integrity; ${summary}`);
