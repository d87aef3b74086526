// Tests that run compiled code (the CLI, the server process) build what is stale first.
import { spawnSync } from 'node:child_process';

let built = false;

export function buildOnce(): void {
  if (built) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--only=shared,server'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  built = true;
}
