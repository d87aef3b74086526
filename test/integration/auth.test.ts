// Accounts, tokens and who may read what (DESIGN §8), through the real HTTP API.
import { DataSource } from 'typeorm';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PLAN = 'vinh-tuy-2026';

describe('accounts and access', () => {
  let server: TestServer;
  let db: DataSource;
  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1', DEMO_PASSWORD: 'demo-password' });
    db = server.app.get(DataSource);
  });
  afterAll(async () => {
    await server.close();
  });
  const login = (username: string, password: string) =>
    server.request('/api/auth/login', { method: 'POST', json: { username, password }, token: null });

  it('refuses every API path but health, docs, login and ingest without a valid token', async () => {
    expect((await server.request('/api/plans', { token: null })).status).toBe(401);
    expect((await server.request('/api/plans', { token: 'not-a-jwt' })).status).toBe(401);
    const good = await server.login('test-admin', 'test-admin-password');
    const tampered = good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA');
    expect((await server.request('/api/plans', { token: tampered })).status).toBe(401);
    expect((await server.request('/api/health', { token: null })).status).toBe(200);
    expect((await server.request('/api/openapi.json', { token: null })).status).toBe(200);
  });

  it('signs in the demo accounts, with the same answer for a wrong password and an unknown user', async () => {
    const leader = await login('leader', 'demo-password');
    expect(leader.status).toBe(200);
    expect(leader.body).toMatchObject({ expiresIn: 3600, user: { username: 'leader', role: 'leader' } });
    expect(leader.body.accessToken.split('.')).toHaveLength(3);
    const police = await login('vinh-tuy-ca', 'demo-password');
    expect(police.body.user).toEqual({ username: 'vinh-tuy-ca', role: 'agency', agency: 'vinh-tuy-ca' });
    const wrong = await login('leader', 'nope');
    const unknown = await login('nobody', 'nope');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    const stored: { password_hash: string }[] = await db.query(
      `SELECT password_hash FROM app_user WHERE username = 'leader'`,
    );
    expect(stored[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('rotates refresh tokens: each works once', async () => {
    const first = await login('operator', 'demo-password');
    const refreshed = await server.request('/api/auth/refresh', {
      method: 'POST',
      json: { refreshToken: first.body.refreshToken },
      token: null,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(first.body.refreshToken);
    const again = await server.request('/api/auth/refresh', {
      method: 'POST',
      json: { refreshToken: first.body.refreshToken },
      token: null,
    });
    expect(again.status).toBe(401);
  });

  it('seals an agency to its own detail; others see only the public ranking table', async () => {
    const token = (await login('vinh-tuy-ca', 'demo-password')).body.accessToken;
    expect((await server.request(`/api/agencies/vinh-tuy-ca/scorecard?plan=${PLAN}`, { token })).status).toBe(200);
    const other = await server.request(`/api/agencies/vinh-tuy-vp/scorecard?plan=${PLAN}`, { token });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((await server.request('/api/agencies/vinh-tuy-ca/assignments', { token })).status).toBe(200);
    expect((await server.request('/api/agencies/vinh-tuy-vp/assignments', { token })).status).toBe(403);
    expect((await server.request('/api/connectors', { token })).status).toBe(403);
    expect((await server.request('/api/users', { token })).status).toBe(403);

    await server.request('/api/ingest', {
      method: 'POST',
      token: null,
      headers: { 'x-api-key': 'demo-key' },
      json: {
        observations: [{ agency: 'vinh-tuy-vp', indicator: `${PLAN}/12`, at: new Date().toISOString(), value: 97 }],
      },
    });
    const ranking = await server.request(`/api/rankings?plan=${PLAN}`, { token });
    expect(ranking.status).toBe(200);
    expect(ranking.body.agencies.length).toBeGreaterThan(1);
    for (const row of ranking.body.agencies)
      expect(Object.keys(row).sort()).toEqual(['code', 'kind', 'name', 'previousRank', 'rank', 'score']);
    const asLeader = await server.request(`/api/rankings?plan=${PLAN}`, {
      token: (await login('leader', 'demo-password')).body.accessToken,
    });
    expect(asLeader.body.agencies[0].pillars).toBeDefined();
    const operator = (await login('operator', 'demo-password')).body.accessToken;
    expect((await server.request('/api/connectors', { token: operator })).status).toBe(200);
    expect((await server.request('/api/users', { token: operator })).status).toBe(403);
  });

  it('lets admins manage accounts, naming bad fields, and audits every change', async () => {
    const created = await server.request('/api/users', {
      method: 'POST',
      json: { username: 'vt-ca-officer', password: 'a-long-password', role: 'agency', agency: 'vinh-tuy-ca' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'vt-ca-officer',
      role: 'agency',
      agency: 'vinh-tuy-ca',
      disabled: false,
    });
    expect(created.body.passwordHash).toBeUndefined();
    const dup = await server.request('/api/users', {
      method: 'POST',
      json: { username: 'vt-ca-officer', password: 'a-long-password', role: 'leader' },
    });
    expect(dup.status).toBe(409);
    const badRole = await server.request('/api/users', {
      method: 'POST',
      json: { username: 'x1', password: 'a-long-password', role: 'king' },
    });
    expect(badRole.status).toBe(400);
    expect(badRole.body.fields).toEqual([{ field: 'role', reason: expect.stringContaining('leader') }]);
    const noAgency = await server.request('/api/users', {
      method: 'POST',
      json: { username: 'x2', password: 'a-long-password', role: 'agency' },
    });
    expect(noAgency.status).toBe(400);
    expect(noAgency.body.fields[0].field).toBe('agency');
    const shortPassword = await server.request('/api/users', {
      method: 'POST',
      json: { username: 'x3', password: 'short', role: 'leader' },
    });
    expect(shortPassword.body.fields[0].field).toBe('password');

    const session = await login('vt-ca-officer', 'a-long-password');
    expect(session.status).toBe(200);
    const disabled = await server.request('/api/users/vt-ca-officer', { method: 'PATCH', json: { disabled: true } });
    expect(disabled.body.disabled).toBe(true);
    expect((await login('vt-ca-officer', 'a-long-password')).status).toBe(401);
    const refresh = await server.request('/api/auth/refresh', {
      method: 'POST',
      json: { refreshToken: session.body.refreshToken },
      token: null,
    });
    expect(refresh.status).toBe(401);
    expect((await server.request('/api/users/nobody', { method: 'PATCH', json: { disabled: true } })).status).toBe(404);

    const audit: { actor: string; action: string; before: unknown; after: unknown }[] = await db.query(
      `SELECT actor, action, before, after FROM audit_log WHERE subject = 'vt-ca-officer' ORDER BY id`,
    );
    expect(audit).toEqual([
      {
        actor: 'test-admin',
        action: 'user.create',
        before: null,
        after: { role: 'agency', agency: 'vinh-tuy-ca', disabled: false },
      },
      {
        actor: 'test-admin',
        action: 'user.update',
        before: { role: 'agency', agency: 'vinh-tuy-ca', disabled: false },
        after: { role: 'agency', agency: 'vinh-tuy-ca', disabled: true },
      },
    ]);
  });

  it('limits sign-in attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login('leader', `guess-${i}`)).status);
    expect(statuses).toContain(429);
    const limited = await login('leader', 'demo-password');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });
});
