// In-process notice that an alert changed, for the live feature (same pattern as ScoreEvents).
import { Injectable, Logger } from '@nestjs/common';
import type { AlertRecord } from './alerts.repository.js';

export type AlertChangeType = 'alert.opened' | 'alert.escalated' | 'alert.acknowledged' | 'alert.resolved';

export interface AlertChange {
  type: AlertChangeType;
  alert: AlertRecord;
}

@Injectable()
export class AlertEvents {
  private readonly logger = new Logger('AlertEvents');
  private readonly listeners: ((changes: AlertChange[]) => void | Promise<void>)[] = [];

  subscribe(listener: (changes: AlertChange[]) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  publish(changes: AlertChange[]): void {
    if (!changes.length) return;
    for (const listener of this.listeners) {
      Promise.resolve()
        .then(() => listener(changes))
        .catch((error: unknown) => this.logger.error({ msg: 'alert listener failed', error: String(error) }));
    }
  }
}
