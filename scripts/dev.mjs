// `npm run dev`: shared and server compile in watch mode and the server restarts on change;
// Vite serves the dashboard with hot reload on :5173 and proxies /api and /socket.io to PORT.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const children = [];
function run(name, command, args) {
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_FORMAT: process.env.LOG_FORMAT ?? 'text' },
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line) process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  children.push(child);
}
run('shared', 'npx', ['tsc', '-p', 'shared/tsconfig.build.json', '--watch', '--preserveWatchOutput']);
run('server-tsc', 'npx', ['tsc', '-p', 'server/tsconfig.build.json', '--watch', '--preserveWatchOutput']);
setTimeout(
  () =>
    run('server', process.execPath, [
      '--watch-path=server/dist',
      '--watch-path=shared/dist',
      '--enable-source-maps',
      'server/dist/main.js',
    ]),
  8000,
);
run('client', 'npx', ['vite', '--config', 'client/vite.config.ts']);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(0);
  });
}
