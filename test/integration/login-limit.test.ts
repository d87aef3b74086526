// With REDIS_URL, the sign-in limit is one limit for every instance: ten attempts spread over two
// instances behind a load balancer are as many as ten on one. (Without Redis each instance counts
// its own; auth.test.ts covers the limit itself.)
import { startTestServer, type TestServer } from '../support/test-server.js';
import { TEST_REDIS_URL as REDIS_URL, redisReachable } from '../support/redis.js';

const redisUp = await redisReachable();
if (!redisUp) console.warn('shared sign-in limit test skipped: no Redis at ' + REDIS_URL);

(redisUp ? describe : describe.skip)('sign-in limit shared through Redis', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    // two instances of one deployment: the same database (the limit is shared per deployment)
    a = await startTestServer({ REDIS_URL });
    b = await startTestServer({ REDIS_URL, DATABASE_URL: a.database.url });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('counts attempts on either instance against one limit', async () => {
    // a name no earlier run has used: the window lives in the shared Redis for a minute
    const username = `nobody-${process.pid}-${Date.now()}`;
    const attempt = (server: TestServer) =>
      server.request('/api/auth/login', { method: 'POST', json: { username, password: 'guess' }, token: null });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(a)).status, (await attempt(b)).status);
    expect(statuses).toEqual(Array(10).fill(401));
    expect((await attempt(a)).status).toBe(429);
    expect((await attempt(b)).status).toBe(429);
    // another account from the same address is not locked out by it
    const other = await b.request('/api/auth/login', {
      method: 'POST',
      json: { username: `${username}-other`, password: 'guess' },
      token: null,
    });
    expect(other.status).toBe(401);
  });

  // on a PostgreSQL server: embedded test servers all use the one embedded database
  (process.env.KPI_TEST_DB_KIND === 'external' ? it : it.skip)(
    'does not count attempts made on another deployment (another database)',
    async () => {
      const elsewhere = await startTestServer({ REDIS_URL });
      try {
        const username = `nobody-else-${process.pid}-${Date.now()}`;
        const attempt = (server: TestServer) =>
          server.request('/api/auth/login', { method: 'POST', json: { username, password: 'guess' }, token: null });
        for (let i = 0; i < 10; i++) expect((await attempt(a)).status).toBe(401);
        expect((await attempt(a)).status).toBe(429);
        expect((await attempt(elsewhere)).status).toBe(401);
      } finally {
        await elsewhere.close();
      }
    },
  );
});
