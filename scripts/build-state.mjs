// Decides whether a workspace's build output is older than its sources, so `npm start` and `kpi`
// rebuild only what changed (a fresh clone is already built by `npm install`'s prepare step).
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = '.build-stamp';

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Sources of each workspace; a change in shared/ invalidates everything that imports it. */
export const WORKSPACES = {
  shared: ['shared/src', 'shared/package.json', 'shared/tsconfig.json', 'tsconfig.json'],
  server: ['server/src', 'server/package.json', 'server/tsconfig.json', 'shared/src', 'tsconfig.json'],
  client: ['client/src', 'client/index.html', 'client/vite.config.ts', 'client/package.json', 'shared/src'],
};

export function isStale(root, workspace) {
  const stamp = join(root, workspace, 'dist', STAMP);
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return WORKSPACES[workspace].some((p) => newestMtime(join(root, p)) > built);
}

export function markBuilt(root, workspace) {
  writeFileSync(join(root, workspace, 'dist', STAMP), new Date().toISOString() + '\n');
}
