// An in-process publish/subscribe for one kind of domain notice (alert changes, reminders…), so
// a feature can announce what changed without depending on who listens (live push,
// notifications). Listeners run after the publisher's work and cannot throw into it.
import { Logger } from '@nestjs/common';

export class EventBus<T> {
  private readonly logger: Logger;
  private readonly listeners: ((changes: T[]) => void | Promise<void>)[] = [];

  constructor(name: string) {
    this.logger = new Logger(name);
  }

  subscribe(listener: (changes: T[]) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  publish(changes: T[]): void {
    if (!changes.length) return;
    for (const listener of this.listeners) {
      Promise.resolve()
        .then(() => listener(changes))
        .catch((error: unknown) => this.logger.error({ msg: 'listener failed', error: String(error) }));
    }
  }
}
