import { loadConfig } from '../../server/src/config/app-config.js';
import { startServer } from '../../server/src/server.js';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('health, docs and errors against the run database (DATABASE_URL set)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('reports an external database that answers', async () => {
    const { status, body, headers } = await server.request('/api/health');
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      database: { kind: 'external', ok: true },
      uptimeSeconds: expect.any(Number),
    });
    expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a sane caller request id', async () => {
    const { headers } = await server.request('/api/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(headers.get('x-request-id')).toBe('abc-123');
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await server.request('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/health');
    const ui = await server.request('/api/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
  });

  it('answers unknown API paths with the error shape', async () => {
    const { status, body } = await server.request('/api/does-not-exist');
    expect(status).toBe(404);
    expect(body).toMatchObject({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
  });

  it('answers a malformed JSON body with a 400 naming the body', async () => {
    const { status, body } = await server.request('/api/plans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"observations": [',
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      fields: [{ field: 'body', reason: expect.any(String) }],
    });
  });

  it('sends security headers', async () => {
    const { headers } = await server.request('/api/health');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(headers.get('x-powered-by')).toBeNull();
  });

  it('answers 503 when the database stops answering', async () => {
    await server.app.get((await import('typeorm')).DataSource).destroy();
    const { status, body } = await server.request('/api/health');
    expect(status).toBe(503);
    expect(body.database.ok).toBe(false);
  });
});

describe('embedded database (DATABASE_URL unset)', () => {
  it('starts PGlite under DATA_DIR, runs migrations and reports kind embedded', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kpi-embedded-'));
    try {
      const server = await startServer(
        loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          DEMO: '0',
          JWT_SECRET: 'x'.repeat(32),
          SCHEDULER: '0',
        }),
      );
      try {
        const res = await fetch(`${server.url}/api/health`);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ database: { kind: 'embedded', ok: true } });
        expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
