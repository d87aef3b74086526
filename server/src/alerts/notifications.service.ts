// Outbound notifications (issue 7): when an alert opens or escalates, one notification per
// configured channel (webhook, e-mail over SMTP) goes into an outbox in the database; a
// dispatcher delivers them, retrying failures with exponential backoff and jitter until
// NOTIFY_MAX_ATTEMPTS. The outbox survives restarts, and several instances share it safely
// (rows are claimed for a lease with SKIP LOCKED). Nothing runs when no channel is configured.
import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { AlertEvents, type AlertChange } from './alert-events.js';
import { NotificationsRepository, type Channel, type Notification } from './notifications.repository.js';

const MAX_DELAY_MS = 3_600_000;
const LEASE_MS = 60_000;
const SEND_TIMEOUT_MS = 10_000;

const LEVEL_VI = { at_risk: 'Có nguy cơ không đạt', off_track: 'Chệch hướng, dự kiến không đạt' } as const;

/** The delay before attempt `attempts + 1`: exponential, capped, with jitter so retries spread out. */
export function retryDelayMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

@Injectable()
export class NotificationsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private readonly channels: Channel[] = [];
  private mailer: Transporter | null = null;
  private timer: NodeJS.Timeout | null = null;
  private delivering: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: NotificationsRepository,
    private readonly alertEvents: AlertEvents,
  ) {
    if (config.notify.webhookUrl) this.channels.push('webhook');
    if (config.notify.smtpUrl) this.channels.push('email');
  }

  onModuleInit(): void {
    if (!this.channels.length) return;
    if (this.config.notify.smtpUrl) this.mailer = nodemailer.createTransport(this.config.notify.smtpUrl);
    this.alertEvents.subscribe((changes) => this.enqueue(changes));
    const every = Math.min(1000, this.config.notify.retryBaseMs);
    this.timer = setInterval(() => void this.deliverDue(), every);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.delivering;
    this.mailer?.close();
  }

  /** Leaders are told when an alert opens or gets worse (or waits too long), not of every change. */
  async enqueue(changes: AlertChange[]): Promise<void> {
    const items = changes
      .filter((c) => c.type === 'alert.opened' || c.type === 'alert.escalated')
      .flatMap((change) => {
        const a = change.alert;
        const subject =
          change.reason === 'unacknowledged'
            ? `[KPI] Cảnh báo chưa được xác nhận: ${a.agency} — chỉ tiêu ${a.indicator}`
            : `[KPI] ${LEVEL_VI[a.level]}: ${a.agency} — chỉ tiêu ${a.indicator}`;
        const payload = { event: change.type, reason: change.reason ?? null, alert: a };
        return this.channels.map((channel) => ({ channel, kind: change.type, subject, payload }));
      });
    await this.outbox.enqueue(items);
    if (items.length) void this.deliverDue();
  }

  /** One pass over the due notifications; a pass already under way is not doubled. */
  deliverDue(): Promise<void> {
    this.delivering ??= this.deliverPass().finally(() => (this.delivering = null));
    return this.delivering;
  }

  private async deliverPass(): Promise<void> {
    try {
      for (;;) {
        const due = await this.outbox.claimDue(20, LEASE_MS);
        if (!due.length) return;
        for (const n of due) await this.deliverOne(n);
      }
    } catch (error) {
      this.logger.error({ msg: 'notification pass failed', error: String(error) });
    }
  }

  private async deliverOne(n: Notification): Promise<void> {
    try {
      if (n.channel === 'webhook') await this.postWebhook(n);
      else await this.sendEmail(n);
      await this.outbox.markSent(n.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = n.attempts >= this.config.notify.maxAttempts;
      const retryAt = giveUp ? null : new Date(Date.now() + retryDelayMs(n.attempts, this.config.notify.retryBaseMs));
      await this.outbox.markFailed(n.id, message, retryAt);
      this.logger.warn({
        msg: 'notification not delivered',
        id: n.id,
        channel: n.channel,
        attempts: n.attempts,
        giveUp,
        error: message,
      });
    }
  }

  private async postWebhook(n: Notification): Promise<void> {
    const body = JSON.stringify({ id: n.id, subject: n.subject, ...n.payload });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-kpi-event': n.kind,
      // the same id on every attempt, so a receiver can drop a delivery it already has
      'x-kpi-delivery': String(n.id),
    };
    if (this.config.notify.webhookSecret) {
      const mac = createHmac('sha256', this.config.notify.webhookSecret).update(body).digest('hex');
      headers['x-kpi-signature'] = `sha256=${mac}`;
    }
    const res = await fetch(this.config.notify.webhookUrl!, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }

  private async sendEmail(n: Notification): Promise<void> {
    const alert = (n.payload.alert ?? {}) as { explanation?: { vi: string; en: string } };
    const text = [alert.explanation?.vi, '', alert.explanation?.en].filter((l) => l !== undefined).join('\n');
    await this.mailer!.sendMail({
      from: this.config.notify.emailFrom,
      to: this.config.notify.emailTo,
      subject: n.subject,
      text,
      headers: { 'X-Kpi-Delivery': String(n.id) },
    });
  }

  list(filter: { state?: string }): Promise<Notification[]> {
    return this.outbox.list(filter);
  }
}
