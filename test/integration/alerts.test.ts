// Early warning in the server: a target heading for a miss opens one alert (no duplicates on
// re-evaluation), says why, reaches the leaders live, can be acknowledged (audited), and resolves
// when the value recovers.
import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { io } from 'socket.io-client';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait-for.js';
import { AlertsService } from '../../server/src/alerts/alerts.service.js';

const PLAN = 'vinh-tuy-2026';
const KEY = 'alerts-test-key-0123456789';

describe('alerts', () => {
  let server: TestServer;
  let db: DataSource;
  const push = (observations: { agency: string; indicator: string; at: string; value: number }[]) =>
    server.request('/api/ingest', {
      method: 'POST',
      token: null,
      headers: { 'x-api-key': KEY },
      json: { observations },
    });
  const monthly = (values: number[]) =>
    values.map((value, m) => ({
      agency: 'vinh-tuy-ca',
      indicator: `${PLAN}/26a`,
      at: new Date(Date.UTC(2026, m + 1, 10)).toISOString(),
      value,
    }));
  const alertsFor = async (token?: string) =>
    (await server.request(`/api/alerts?plan=${PLAN}`, token ? { token } : {})).body as {
      id: number;
      agency: string;
      indicator: string;
      state: string;
      level: string;
      explanation: { vi: string; en: string };
    }[];

  beforeAll(async () => {
    server = await startTestServer({ DEMO: '1', DEMO_INGEST_KEY: KEY });
    db = server.app.get(DataSource);
  });
  afterAll(async () => {
    await server.close();
  });

  it('opens one alert for a target heading for a miss, explains it, and pushes it live', async () => {
    const leader = await server.login('leader', 'demo');
    const socket = io(`${server.url}/live`, {
      auth: { token: leader },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const received: { event: string; payload: any }[] = [];
    socket.onAny((event: string, payload: any) => received.push({ event, payload }));
    try {
      await waitFor(async () => received.find((r) => r.event === 'snapshot'));
      // VNeID (target ≥ 95%) stuck around 62% since February
      const res = await push(monthly([58, 60, 61, 62, 62, 63, 62, 62, 63, 62]));
      expect(res.body.rejected).toEqual([]);
      const alert = await waitFor(async () => (await alertsFor()).find((a) => a.indicator === `${PLAN}/26a`));
      expect(alert).toMatchObject({ agency: 'vinh-tuy-ca', state: 'open', level: 'off_track' });
      expect(alert.explanation.vi).toMatch(/95/);
      expect(alert.explanation.en).toMatch(/95/);
      const live = await waitFor(async () => received.find((r) => r.event === 'alert.opened'));
      expect(live.payload.alert).toMatchObject({ id: alert.id, level: 'off_track' });
      // seq stays consecutive with alert events in the stream
      const seqs = received.map((r) => r.payload.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    } finally {
      socket.disconnect();
    }
    // re-evaluation (another value at the same level) opens no duplicate
    await push([
      {
        agency: 'vinh-tuy-ca',
        indicator: `${PLAN}/26a`,
        at: new Date(server.clock.now() - 86_400_000).toISOString(),
        value: 62.5,
      },
    ]);
    await new Promise((r) => setTimeout(r, 1000));
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM alert WHERE indicator_code = $1`, [`${PLAN}/26a`]);
    expect(n).toBe(1);
    // an assignment without data is not an alert
    expect((await alertsFor()).some((a) => a.agency === 'vinh-tuy-ca' && a.indicator === `${PLAN}/26c`)).toBe(false);
  });

  it('re-forecasts everything once a day, across instances, without duplicating alerts', async () => {
    const alerts = server.app.get(AlertsService);
    const before = await db.query(`SELECT id, state, level FROM alert ORDER BY id`);
    const now = server.clock.now();
    expect(await alerts.reforecastDaily(now)).toBe(true);
    // the same day again (here or on another instance): already done
    expect(await alerts.reforecastDaily(now + 1000)).toBe(false);
    expect(await db.query(`SELECT id, state, level FROM alert ORDER BY id`)).toEqual(before);
    // every assignment with a target has its level stored
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM assignment_score s JOIN alert a ON a.assignment_id = s.assignment_id
        WHERE a.state <> 'resolved' AND s.level IS DISTINCT FROM a.level`,
    );
    expect(n).toBe(0);
  });

  it('gives the day back when its re-forecast fails part-way, so the next sweep does it', async () => {
    const alerts = server.app.get(AlertsService);
    const day = server.clock.now() + 3 * 86_400_000; // a day nobody has claimed yet
    const evaluate = jest.spyOn(alerts, 'evaluate').mockRejectedValueOnce(new Error('database went away'));
    try {
      await expect(alerts.reforecastDaily(day)).rejects.toThrow('database went away');
    } finally {
      evaluate.mockRestore();
    }
    expect(await alerts.reforecastDaily(day)).toBe(true);
    expect(await alerts.reforecastDaily(day)).toBe(false);
  });

  it('is acknowledged by the agency concerned (audited), hidden from and closed to other agencies', async () => {
    const [alert] = (await alertsFor()).filter((a) => a.indicator === `${PLAN}/26a`);
    const own = await server.login('vinh-tuy-ca', 'demo');
    const other = await server.login('vinh-tuy-vp', 'demo');
    expect((await alertsFor(other)).some((a) => a.id === alert.id)).toBe(false);
    expect((await alertsFor(own)).map((a) => a.id)).toContain(alert.id);
    const forbidden = await server.request(`/api/alerts/${alert.id}/acknowledge`, {
      method: 'POST',
      token: other,
      json: { note: 'x' },
    });
    expect(forbidden.status).toBe(403);
    const ack = await server.request(`/api/alerts/${alert.id}/acknowledge`, {
      method: 'POST',
      token: own,
      json: { note: 'Đang tổ chức đợt cấp định danh lưu động tại các tổ dân phố' },
    });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'vinh-tuy-ca' });
    const detail = await server.request(`/api/alerts/${alert.id}`, { token: own });
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(['opened', 'acknowledged']);
    const audit = await db.query(`SELECT actor, action FROM audit_log WHERE subject = $1`, [`alert:${alert.id}`]);
    expect(audit).toEqual([{ actor: 'vinh-tuy-ca', action: 'alert.acknowledge' }]);
    expect((await server.request('/api/alerts/999999/acknowledge', { method: 'POST', json: {} })).status).toBe(404);
    expect((await server.request(`/api/alerts?plan=${PLAN}&level=bad`)).body.fields[0].field).toBe('level');
  });

  it('resolves by itself when the value recovers', async () => {
    // a campaign: above target in every report of the last month (to the server's "now")
    const recent = [30, 25, 20, 15, 10, 5, 0].map((daysAgo, i) => ({
      agency: 'vinh-tuy-ca',
      indicator: `${PLAN}/26a`,
      at: new Date(server.clock.now() - daysAgo * 86_400_000 - 60_000).toISOString(),
      value: 96 + i * 0.3,
    }));
    await push(recent);
    const resolved = await waitFor(async () =>
      (await server.request(`/api/alerts?plan=${PLAN}&state=resolved`)).body.find(
        (a: { indicator: string }) => a.indicator === `${PLAN}/26a`,
      ),
    );
    expect(resolved.state).toBe('resolved');
    expect((await server.request(`/api/alerts/${resolved.id}/acknowledge`, { method: 'POST', json: {} })).status).toBe(
      409,
    );
  });
});
