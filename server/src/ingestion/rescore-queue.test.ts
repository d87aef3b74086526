// The coalescing of ingestion's rescorings, with a scorer whose rescorings the test finishes by hand.
import { RescoreQueue } from './rescore-queue.js';
import type { ScoringService } from '../scoring/scoring.service.js';

interface Call {
  plan: string;
  asOfMs: number;
  agencies: string[] | undefined;
  finish: (error?: Error) => void;
}

function scorer() {
  const calls: Call[] = [];
  const service = {
    rescore(plan: string, asOf: Date, agencies?: string[]) {
      return new Promise((resolve, reject) => {
        calls.push({
          plan,
          asOfMs: asOf.getTime(),
          agencies: agencies && [...agencies].sort(),
          finish: (error) => (error ? reject(error) : resolve({ agencies: 0, assignments: 0 })),
        });
      });
    },
  };
  return { calls, queue: new RescoreQueue(service as unknown as ScoringService) };
}

const tick = () => new Promise((r) => setImmediate(r));
const state = (p: Promise<void>) => {
  const s = { settled: false, error: undefined as unknown };
  p.then(
    () => (s.settled = true),
    (e) => ((s.settled = true), (s.error = e)),
  );
  return s;
};

describe('RescoreQueue', () => {
  it('runs one rescoring of a plan at a time and merges the batches that arrive meanwhile', async () => {
    const { calls, queue } = scorer();
    const first = state(queue.request('p', 1_000, ['a']));
    await tick();
    expect(calls.map((c) => c.agencies)).toEqual([['a']]);
    // stored while the first rescoring runs: they wait for the next one, which covers them all
    const second = state(queue.request('p', 2_000, ['b']));
    const third = state(queue.request('p', 1_500, ['a', 'c']));
    await tick();
    expect(calls).toHaveLength(1);
    calls[0].finish();
    await tick();
    expect(first.settled).toBe(true);
    expect(second.settled || third.settled).toBe(false);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ plan: 'p', asOfMs: 2_000, agencies: ['a', 'b', 'c'] });
    calls[1].finish();
    await tick();
    expect(second.settled && third.settled).toBe(true);
  });

  it('keeps plans apart, and a request for every agency covers the merged ones', async () => {
    const { calls, queue } = scorer();
    void queue.request('p', 0, ['a']);
    void queue.request('q', 0, ['x']);
    await tick();
    expect(calls.map((c) => c.plan)).toEqual(['p', 'q']);
    void queue.request('p', 0, ['b']);
    void queue.request('p', 0, null);
    calls[0].finish();
    await tick();
    expect(calls[2]).toMatchObject({ plan: 'p', agencies: undefined });
  });

  it('does not merge requests for times far apart, and passes a failure to the batches it covered', async () => {
    const { calls, queue } = scorer();
    void queue.request('p', 0, ['a']);
    await tick();
    const live = state(queue.request('p', Date.UTC(2026, 0, 1), ['b']));
    const past = state(queue.request('p', Date.UTC(2025, 0, 1), ['c']));
    calls[0].finish();
    await tick();
    calls[1].finish(new Error('database gone'));
    await tick();
    expect(live.error).toEqual(new Error('database gone'));
    expect(past.settled).toBe(false);
    expect(calls[2]).toMatchObject({ asOfMs: Date.UTC(2025, 0, 1), agencies: ['c'] });
    calls[2].finish();
    await tick();
    expect(past).toEqual({ settled: true, error: undefined });
  });
});
