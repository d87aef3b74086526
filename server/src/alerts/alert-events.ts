// In-process notice that alerts or data reminders changed, for live push and notifications.
import { Injectable } from '@nestjs/common';
import { EventBus } from '../common/event-bus.js';
import type { AlertRecord } from './alerts.repository.js';
import type { ReminderRecord } from './reminders.repository.js';

export type AlertChangeType = 'alert.opened' | 'alert.escalated' | 'alert.acknowledged' | 'alert.resolved';

export interface AlertChange {
  type: AlertChangeType;
  alert: AlertRecord;
  /** Why an `alert.escalated` happened: the level worsened, or nobody acknowledged it in time. */
  reason?: 'level' | 'unacknowledged';
}

@Injectable()
export class AlertEvents extends EventBus<AlertChange> {
  constructor() {
    super('AlertEvents');
  }
}

export interface ReminderChange {
  type: 'reminder.opened' | 'reminder.updated' | 'reminder.resolved';
  reminder: ReminderRecord;
}

@Injectable()
export class ReminderEvents extends EventBus<ReminderChange> {
  constructor() {
    super('ReminderEvents');
  }
}
