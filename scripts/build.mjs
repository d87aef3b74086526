// `npm run build` (everything) and `node scripts/build.mjs --if-stale` (only what changed).
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale, markBuilt } from './build-state.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const onlyStale = process.argv.includes('--if-stale');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');

for (const workspace of ['shared', 'server', 'client']) {
  if (only && !only.includes(workspace)) continue;
  if (onlyStale && !isStale(root, workspace)) continue;
  const started = Date.now();
  process.stderr.write(`building ${workspace}…\n`);
  const result = spawnSync('npm', ['run', '-s', 'build', '-w', workspace], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`build of ${workspace} failed\n`);
    process.exit(result.status ?? 1);
  }
  markBuilt(root, workspace);
  process.stderr.write(`built ${workspace} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
