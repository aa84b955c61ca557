// Fails when src/api/schema.d.ts is not what openapi-typescript makes of the committed spec,
// so the typed client can never silently lag behind the API.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const spec = join(root, '..', 'openapi', 'openapi.json');
const committed = join(root, 'src', 'api', 'schema.d.ts');
const scratch = mkdtempSync(join(tmpdir(), 'knead-api-types-'));
const fresh = join(scratch, 'schema.d.ts');

try {
  execFileSync(join(root, 'node_modules', '.bin', 'openapi-typescript'), [spec, '-o', fresh], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error(
      'frontend/src/api/schema.d.ts is stale: openapi/openapi.json changed.\n' +
        'Regenerate it with: (cd frontend && npm run gen:api)',
    );
    process.exitCode = 1;
  } else {
    console.log('API types match openapi/openapi.json');
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
