// What follows an alert (issue 7), against real parts: a local webhook receiver that fails once,
// a local SMTP server, a real database. An alert that opens is delivered to both (the webhook
// retried, signed, with the same delivery id); an alert nobody acknowledges goes to the agency
// above, once; missing or ageing data becomes a reminder for the agency alone, resolved by a
// fresh value.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { FollowUpService } from '../../server/src/alerts/follow-up.service.js';
import { retryDelayMs } from '../../server/src/alerts/notifications.service.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait-for.js';

const PLAN = 'vinh-tuy-2026';
const KEY = 'follow-ups-test-key-0123456789';
const SECRET = 'webhook-secret';
const DAY = 86_400_000;

interface Hook {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('alert follow-ups: notifications, escalation, data reminders', () => {
  let server: TestServer;
  let webhook: Server;
  let smtp: SMTPServer;
  const hooks: Hook[] = [];
  const mails: { to: string[]; raw: string }[] = [];
  let failNext = 1;

  const push = (observations: { agency: string; indicator: string; at: string; value: number }[]) =>
    server.request('/api/ingest', {
      method: 'POST',
      token: null,
      headers: { 'x-api-key': KEY },
      json: { observations },
    });

  beforeAll(async () => {
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const status = failNext-- > 0 ? 500 : 200;
        hooks.push({ status, headers: req.headers, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    server = await startTestServer({
      DEMO: '1',
      DEMO_INGEST_KEY: KEY,
      NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      NOTIFY_EMAIL_TO: 'lanh-dao@vinhtuy.example, van-phong@vinhtuy.example',
      NOTIFY_RETRY_BASE_MS: '50',
      ALERT_ACKNOWLEDGE_DAYS: '3',
    });
  }, 60_000);

  afterAll(async () => {
    await server.close();
    await new Promise((r) => webhook.close(r));
    await new Promise<void>((r) => smtp.close(r));
  });

  it('delivers an opened alert by webhook (retried after a 500, signed) and by e-mail', async () => {
    // VNeID (target ≥ 95%) stuck around 62% since February: off track
    const monthly = [58, 60, 61, 62, 62, 63, 62, 62, 63, 62].map((value, m) => ({
      agency: 'vinh-tuy-ca',
      indicator: `${PLAN}/26a`,
      at: new Date(Date.UTC(2026, m + 1, 10)).toISOString(),
      value,
    }));
    expect((await push(monthly)).body.rejected).toEqual([]);

    const delivered = await waitFor(() => hooks.find((h) => h.status === 200));
    const first = hooks[0];
    expect(first.status).toBe(500);
    expect(delivered.headers['x-kpi-delivery']).toBe(first.headers['x-kpi-delivery']);
    expect(delivered.headers['x-kpi-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(delivered.body).digest('hex')}`,
    );
    const payload = JSON.parse(delivered.body);
    expect(payload).toMatchObject({
      event: 'alert.opened',
      alert: { agency: 'vinh-tuy-ca', indicator: `${PLAN}/26a`, level: 'off_track', state: 'open' },
    });
    expect(payload.alert.explanation.vi).toMatch(/95/);

    const mail = await waitFor(() => mails[0]);
    expect(mail.to).toEqual(['lanh-dao@vinhtuy.example', 'van-phong@vinhtuy.example']);
    expect(mail.raw).toMatch(/vinh-tuy-ca/);

    const log = await waitFor(async () => {
      const res = await server.request('/api/notifications');
      const rows = res.body as { channel: string; state: string; attempts: number; lastError: string | null }[];
      return rows.length === 2 && rows.every((n) => n.state === 'sent') && rows;
    });
    const byChannel = Object.fromEntries(log.map((n) => [n.channel, n]));
    expect(byChannel.webhook.attempts).toBe(2);
    expect(byChannel.email.attempts).toBe(1);
    // the log is for operators and admins
    const agency = await server.login('vinh-tuy-ca', 'demo');
    expect((await server.request('/api/notifications', { token: agency })).status).toBe(403);
    expect((await server.request('/api/notifications?state=maybe')).status).toBe(400);
  }, 30_000);

  it('escalates an alert nobody acknowledged to the agency above, once, and tells the channels', async () => {
    const followUp = server.app.get(FollowUpService);
    // the alert opened at the server's "now"
    const now = server.clock.now();
    expect(await followUp.escalateUnacknowledged(now + 2 * DAY)).toEqual([]); // not yet overdue
    const changes = await followUp.escalateUnacknowledged(now + 3 * DAY + 60_000);
    expect(changes).toHaveLength(1);
    const [{ alert, reason }] = changes;
    expect(reason).toBe('unacknowledged');
    expect(alert.escalatedTo).toBe('phuong-vinh-tuy');
    expect(await followUp.escalateUnacknowledged(now + 5 * DAY)).toEqual([]); // once per level

    const view = (await server.request(`/api/alerts/${alert.id}`)).body;
    expect(view).toMatchObject({ escalatedTo: 'phuong-vinh-tuy', state: 'open' });
    expect(view.history.map((h: { action: string }) => h.action)).toEqual(['opened', 'escalated']);
    const hook = await waitFor(() =>
      hooks.find((h) => h.status === 200 && JSON.parse(h.body).reason === 'unacknowledged'),
    );
    expect(JSON.parse(hook.body).subject).toMatch(/chưa được xác nhận/);
  });

  it('reminds the agency alone of missing and ageing data, and a fresh value resolves it', async () => {
    const own = await server.login('vinh-tuy-ca', 'demo');
    const other = await server.login('vinh-tuy-vp', 'demo');
    type Reminder = { id: number; agency: string; indicator: string; status: string; message: { vi: string } };
    const reminders = async (token: string, query = '') =>
      (await server.request(`/api/reminders?plan=${PLAN}${query}`, { token })).body as Reminder[];

    // the demo scored every plan at start: agencies that never reported are reminded already
    // its latest value (10/11) is within the cycle at the server's "now" (30/11): its reminder
    // resolved (reminders are reconciled about a second after the rescoring), the agency's other
    // ones stay
    const mine = await waitFor(async () => {
      const active = await reminders(own, '&state=active');
      // an empty list is not the answer: the start's reminders may not be reconciled yet
      return active.length > 0 && !active.some((r) => r.indicator === `${PLAN}/26a`) && active;
    });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.agency === 'vinh-tuy-ca')).toBe(true);
    expect((await server.request(`/api/reminders?agency=vinh-tuy-ca`, { token: other })).status).toBe(403);

    const followUp = server.app.get(FollowUpService);
    await followUp.sweep(Date.UTC(2026, 11, 15)); // 35 days after the last value: due within the lead
    const due = (await reminders(own, '&state=active')).find((r) => r.indicator === `${PLAN}/26a`)!;
    expect(due).toMatchObject({ status: 'due' });
    expect(due.message.vi).toMatch(/sẽ hết hạn vào 20\/12\/2026/);
    await followUp.sweep(Date.UTC(2026, 11, 25));
    const overdue = (await reminders(own, '&state=active')).find((r) => r.indicator === `${PLAN}/26a`)!;
    expect(overdue).toMatchObject({ id: due.id, status: 'overdue' });

    // a fresh value arrives: the reminder resolves by itself
    // (stamped at the server's "now")
    const at = new Date(server.clock.now()).toISOString();
    await push([{ agency: 'vinh-tuy-ca', indicator: `${PLAN}/26a`, at, value: 64 }]);
    await waitFor(async () => !(await reminders(own, '&state=active')).some((r) => r.id === due.id));
    expect((await reminders(own, '&state=resolved')).map((r) => r.id)).toContain(due.id);
    // reminders never reach the leaders' notification channels
    expect(hooks.every((h) => JSON.parse(h.body).event.startsWith('alert.'))).toBe(true);
  });

  it('backs off exponentially with jitter, capped at an hour', () => {
    expect(retryDelayMs(1, 1000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, () => 1)).toBe(1000);
    expect(retryDelayMs(4, 1000, () => 1)).toBe(8000);
    expect(retryDelayMs(30, 1000, () => 1)).toBe(3_600_000);
  });
});
