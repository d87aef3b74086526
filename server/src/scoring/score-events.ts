// In-process notice that scores changed, so the live feature can push them without scoring
// depending on it (listeners must not throw into the rescoring that published).
import { Injectable, Logger } from '@nestjs/common';

export interface ScoreChange {
  plan: string;
  /** The agencies whose scores were recomputed. */
  agencies: string[];
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
