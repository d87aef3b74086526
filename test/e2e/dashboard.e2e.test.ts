// What leaders and agencies do every day, in a real browser against the built server.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startAppProcess, type AppProcess } from '../support/app-process.js';
import { launchBrowser, ARTIFACTS, type BrowserSession } from './support/browser.js';

const KEY = 'e2e-ingest-key-0123456789';
const PLAN = 'vinh-tuy-2026';

describe('dashboard', () => {
  let app: AppProcess;
  let session: BrowserSession;

  async function apiLogin(username: string): Promise<string> {
    const res = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo' }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  /** The plan's indicators assigned to an agency, with their targets. */
  async function assigned(agency: string, token: string) {
    const res = await fetch(`${app.url}/api/plans/${PLAN}/indicators?agency=${agency}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return (await res.json()) as { code: string; targets: { op: string; value: number; unit: string | null }[] }[];
  }

  async function signIn(page: Page, username: string) {
    await page.goto(app.url, { waitUntil: 'networkidle' });
    await page.getByLabel(/Tên đăng nhập|Username/).fill(username);
    await page.getByLabel(/Mật khẩu|Password/).fill('demo');
    await page.getByRole('button', { name: /Đăng nhập|Sign in/ }).click();
  }

  beforeAll(async () => {
    app = await startAppProcess({ SCHEDULER: '0', DEMO_INGEST_KEY: KEY });
    session = await launchBrowser();
    // the simulated systems' history, so the ranking has something to show
    const run = await fetch(`${app.url}/api/connectors/demo-simulator/run?mode=backfill`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await apiLogin('operator')}` },
    });
    expect(run.status).toBe(200);
    // ...which, late in the plan, brings some agencies' every value to target (from about
    // 20/12/2026 on the real date): one value below target each keeps the top free for the
    // agency the first test lifts there
    const token = await apiLogin('leader');
    const ranking = (await (
      await fetch(`${app.url}/api/rankings?plan=${PLAN}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { agencies: { code: string }[] };
    const below: { agency: string; indicator: string; at: string; value: number }[] = [];
    for (const { code } of ranking.agencies) {
      const indicators = await assigned(code, token);
      const i = indicators.find((x) => x.targets[0] && Number.isFinite(x.targets[0].value));
      if (!i) continue;
      const t = i.targets[0];
      const value =
        t.unit === 'rank' ? t.value + 20 : t.op === '<' || t.op === '<=' ? Math.max(t.value * 3, 1) + 10 : 0;
      below.push({ agency: code, indicator: i.code, at: new Date().toISOString(), value });
    }
    const pushed = await fetch(`${app.url}/api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ observations: below }),
    });
    expect(((await pushed.json()) as { rejected: unknown[] }).rejected).toEqual([]);
  });
  afterAll(async () => {
    await session?.close();
    await app?.stop();
  });

  it('a leader signs in and a pushed value moves a row without a reload', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'leader');
    await page.waitForURL(/\/ranking$/);
    const table = page.getByTestId('ranking');
    await table.waitFor();
    await page
      .getByTestId('connection')
      .filter({ hasText: /Trực tuyến|Live/ })
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'ranking.png'), fullPage: true });

    const rows = table.locator('tbody tr');
    const last = (await rows.last().getAttribute('data-agency'))!;
    expect(await rows.last().locator('td.rank').textContent()).not.toBe('1');
    // every indicator of the last agency reaches its target, pushed by its source system
    const indicators = await assigned(last, await apiLogin('leader'));
    const observations = indicators.map((i) => ({
      agency: last,
      indicator: i.code,
      at: new Date().toISOString(),
      value:
        i.targets[0].unit === 'rank'
          ? 1
          : i.targets[0].op === '<' || i.targets[0].op === '<='
            ? 0
            : Math.max(i.targets[0].value, 100),
    }));
    const pushed = await fetch(`${app.url}/api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ observations }),
    });
    const result = (await pushed.json()) as { accepted: number; rejected: unknown[] };
    expect(result.rejected).toEqual([]);
    await page.locator(`tr[data-agency="${last}"] td.rank`).filter({ hasText: /^1$/ }).waitFor({ timeout: 2000 });
    expect(await rows.first().getAttribute('data-agency')).toBe(last);
    await page.close();
  });

  it('an agency user lands on its own page and gets a 403 view for another agency', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'vinh-tuy-ca');
    await page.waitForURL(/\/agency\/vinh-tuy-ca$/);
    await page.getByTestId('scorecard').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Công an');
    expect(await page.getByTestId('scorecard').locator('tbody tr').count()).toBeGreaterThan(2);
    // what to fix first lists the largest weighted gaps; reminders and alerts have their panels
    expect(await page.getByTestId('fix-first').locator('li').count()).toBeGreaterThan(0);
    await page.getByTestId('reminders').waitFor();
    // a chart per indicator on demand: values, trajectory and the forecast band (ECharts, SVG)
    await page.locator('[data-chart="vinh-tuy-2026/26a"]').click();
    const chart = page.getByTestId('indicator-chart');
    await chart.locator('svg').waitFor();
    expect(await chart.getAttribute('aria-label')).toMatch(/VNeID/);
    await page.screenshot({ path: join(ARTIFACTS, 'agency.png'), fullPage: true });
    await page.goto(`${app.url}/agency/vinh-tuy-vp`);
    await page.getByTestId('forbidden').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'agency-403.png') });
    await page.close();
  });

  it('works on a phone-sized screen', async () => {
    const page = await session.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, 'leader');
    await page.getByTestId('ranking').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'ranking-phone.png'), fullPage: false });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });
});
