// In-process notice that scores changed, so the live feature can push them without scoring
// depending on it (listeners must not throw into the rescoring that published).
import { Injectable, Logger } from '@nestjs/common';

/** An agency whose overall score, pillar scores or rank moved in a rescoring. */
export interface AgencyScoreChange {
  code: string;
  score: number;
  rank: number;
  pillars: Record<string, number>;
}

export interface ScoreChange {
  plan: string;
  /** The agencies whose scores were recomputed. */
  agencies: string[];
  /**
   * Of those, the assignments whose stored score row changed (value, observed time, source,
   * target, score or status), by agency; absent when the publisher does not know them (then any
   * assignment of `agencies` may have changed). Alerts re-forecast only these.
   */
  changed?: { agency: string; assignments: number[] }[];
  /**
   * The ranked agencies whose score, pillars or rank moved, as written (a live ranking can be
   * updated from these without reading the database); absent when the publisher does not know
   * them (e.g. a rescoring announced by `kpi import` from another process).
   */
  moved?: AgencyScoreChange[];
  /** The time the scores were computed as of (ISO 8601), with `moved`. */
  asOf?: string;
}

type Listener = (change: ScoreChange) => void | Promise<void>;

@Injectable()
export class ScoreEvents {
  private readonly logger = new Logger('ScoreEvents');
  private readonly listeners: Listener[] = [];

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  publish(change: ScoreChange): void {
    for (const listener of this.listeners) {
      Promise.resolve()
        .then(() => listener(change))
        .catch((error: unknown) => this.logger.error({ msg: 'score change listener failed', error: String(error) }));
    }
  }
}
