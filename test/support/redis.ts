// The Redis the tests that need one use (TEST_REDIS_URL, else the local default), and whether it
// answers: those tests are skipped, with a warning, where there is none.
import { createConnection } from 'node:net';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function redisReachable(url = TEST_REDIS_URL): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const probe = createConnection(Number(port || 6379), hostname);
    probe.once('connect', () => (probe.end(), resolve(true)));
    probe.once('error', () => resolve(false));
  });
}
