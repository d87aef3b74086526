import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The product version from the root package.json (the CLI ships with the server). */
export function readPackageVersion(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // server/src/config and server/dist/config sit at the same depth under the repository root
  for (const candidate of [resolve(here, '../../../package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kpi-monitor' && pkg.version) return pkg.version;
    } catch {
      // src/ and dist/ sit at different depths
    }
  }
  return '0.0.0';
}
