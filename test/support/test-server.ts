// Starts a real server instance (HTTP on a free loopback port) against a clean test database.
import { loadConfig, type AppConfig } from '../../server/src/config/app-config.js';
import { startServer, type RunningServer } from '../../server/src/server.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { UsersRepository } from '../../server/src/auth/users.repository.js';
import { hashPassword } from '../../server/src/auth/password.js';
import type { Role } from '../../server/src/auth/principal.js';

export interface TestServer extends RunningServer {
  database: TestDatabase;
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
    ...env,
  });
  const server = await startServer(config);
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
    request,
    login,
    createUser,
    async close() {
      await server.close();
      await database.drop();
    },
  };
}
