// The server's business clock: what "now" is when scoring, forecasting, escalating and reminding.
// Reading it through this provider instead of Date.now() lets a test (or a demo of a past date)
// pin the server to an instant inside a plan's period, so behaviour that depends on where "now"
// falls against a plan's fixed dates does not change with the day the suite runs. Infrastructure
// timing (token expiry, retry backoff, uptime) stays on the real time.

export abstract class Clock {
  /** Now, epoch milliseconds. */
  abstract now(): number;
}

/** The real time. */
export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}

/** A clock that stays where it is set (CLOCK_NOW); tests may move it. */
export class FixedClock extends Clock {
  constructor(private ms: number) {
    super();
  }

  now(): number {
    return this.ms;
  }

  set(ms: number): void {
    this.ms = ms;
  }
}

/** The clock for a configuration: fixed at `fixedAtMs` when given, else the real time. */
export function clockFor(fixedAtMs: number | null): Clock {
  return fixedAtMs === null ? new SystemClock() : new FixedClock(fixedAtMs);
}
