// Starts a real server instance (HTTP on a free loopback port) against a clean test database.
// Its business clock is pinned at TEST_NOW, inside the demo plans' period, so what depends on
// where "now" falls against the plans' fixed dates (scoring freshness, forecasts to a deadline,
// reminders, escalation) does not change with the day the suite runs; a test moves it with
// `clock.set()`, or passes its own `asOf`.
import { loadConfig, type AppConfig } from '../../server/src/config/app-config.js';
import { startServer, type RunningServer } from '../../server/src/server.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { UsersRepository } from '../../server/src/auth/users.repository.js';
import { hashPassword } from '../../server/src/auth/password.js';
import type { Role } from '../../server/src/auth/principal.js';
import { Clock, FixedClock } from '../../server/src/common/clock.js';

/**
 * "Now" for the test servers: late in the 2026 plans (Vĩnh Tuy's run to 2026-12-31) and never
 * after the real time, so values stamped at it are not refused as from the future.
 */
export const TEST_NOW = '2026-11-30T03:00:00.000Z';

export interface TestServer extends RunningServer {
  database: TestDatabase;
  /** The server's business clock, fixed at TEST_NOW unless the test's env sets CLOCK_NOW. */
  clock: FixedClock;
  /** fetch against the server with JSON helpers */
  request(
    path: string,
    init?: RequestInit & { json?: unknown; token?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config: AppConfig = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: database.kind === 'embedded' ? '1' : '4',
    LOG_LEVEL: 'warn',
    DEMO: '0',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    SCHEDULER: '0',
    CLOCK_NOW: TEST_NOW,
    ...env,
  });
  const server = await startServer(config);
  const clock = server.app.get(Clock);
  if (!(clock instanceof FixedClock)) throw new Error('the test server needs a fixed clock (CLOCK_NOW)');
  const users = server.app.get(UsersRepository);
  let adminToken: string | null = null;

  const request: TestServer['request'] = async (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    const token = init.token === undefined ? adminToken : init.token;
    if (token) headers.set('authorization', `Bearer ${token}`);
    const res = await fetch(server.url + path, {
      ...init,
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body, headers: res.headers };
  };
  const login = async (username: string, password: string) => {
    const res = await request('/api/auth/login', { method: 'POST', json: { username, password }, token: null });
    if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  };
  const createUser = async (username: string, password: string, role: Role, agency?: string) => {
    await users.insertMissing([{ username, passwordHash: await hashPassword(password), role, agency: agency ?? null }]);
  };
  await createUser('test-admin', 'test-admin-password', 'admin');
  adminToken = await login('test-admin', 'test-admin-password');

  return {
    ...server,
    database,
    clock,
    request,
    login,
    createUser,
    async close() {
      await server.close();
      await database.drop();
    },
  };
}
