import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { startAppProcess, type AppProcess } from '../support/app-process.js';
import { launchBrowser, ARTIFACTS, type BrowserSession } from './support/browser.js';

describe('dashboard shell', () => {
  let app: AppProcess;
  let session: BrowserSession;
  beforeAll(async () => {
    app = await startAppProcess();
    session = await launchBrowser();
  });
  afterAll(async () => {
    await session?.close();
    await app?.stop();
  });

  it('serves the built dashboard in Vietnamese, showing the server status without sign-in, and switches to English', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${app.url}/status`, { waitUntil: 'networkidle' });
    await page.getByTestId('health').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Tổng quan');
    const shot = join(ARTIFACTS, 'shell.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    await page.getByRole('combobox').selectOption('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('System overview');
    await page.close();
  });

  it('deep links fall back to the dashboard, API paths do not', async () => {
    const deep = await fetch(`${app.url}/some/client/route`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
    const api = await fetch(`${app.url}/api/unknown`);
    expect(api.status).toBe(404);
  });
});
