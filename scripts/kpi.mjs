// `npm run -s kpi -- …`: the compiled CLI, rebuilt first only when its sources changed.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale } from './build-state.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (isStale(root, 'shared') || isStale(root, 'server')) {
  const build = spawnSync(
    process.execPath,
    [resolve(root, 'scripts/build.mjs'), '--if-stale', '--only=shared,server'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const cli = spawnSync(process.execPath, [resolve(root, 'server/dist/cli/main.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(cli.status ?? 1);
