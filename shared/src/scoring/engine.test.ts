// DESIGN §5.1–§5.6, one block per rule, with the boundaries.
import type { Target, TargetOp } from '../targets/types.js';
import {
  DAY_MS,
  directionOf,
  finalTarget,
  isMet,
  latestObservation,
  newAssignmentScore,
  scoreAssignment,
  scoreAssignmentInto,
  targetInForce,
  unmetScore,
} from './engine.js';
import type { ScoringIndicator } from './types.js';

const ms = (iso: string): number => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

function target(op: TargetOp, value: number, unit: string | null = '%', max: number | null = null): Target {
  return op === 'between'
    ? { op, value, min: value, max, unit, approximate: false }
    : { op, value, min: null, max: null, unit, approximate: false };
}

function indicator(t: Target, extra: Partial<ScoringIndicator> = {}): ScoringIndicator {
  return { targets: [t], unit: t.unit, trajectory: 'flat', ...extra };
}

const AS_OF = ms('2026-06-30');
const at = (value: number, daysBefore = 1) => ({ atMs: AS_OF - daysBefore * DAY_MS, value });

describe('§5.1 no data', () => {
  const ind = indicator(target('>=', 90));

  it('no observation → no_data, score 0', () => {
    expect(scoreAssignment(ind, null, AS_OF)).toEqual({
      value: null,
      observedAtMs: null,
      targetInForce: 90,
      finalTarget: 90,
      score: 0,
      status: 'no_data',
      met: false,
      direction: 'higher',
    });
    expect(scoreAssignment(ind, undefined, AS_OF).status).toBe('no_data');
  });

  it('an observation after asOf does not count', () => {
    const r = scoreAssignment(ind, { atMs: AS_OF + 1, value: 100 }, AS_OF);
    expect(r).toMatchObject({ status: 'no_data', score: 0, value: null, observedAtMs: null });
  });

  it('an observation exactly at asOf counts', () => {
    expect(scoreAssignment(ind, { atMs: AS_OF, value: 95 }, AS_OF).status).toBe('achieved');
  });

  it('exactly maxAgeDays (default 40) old still counts; one millisecond older does not', () => {
    expect(scoreAssignment(ind, at(95, 40), AS_OF).status).toBe('achieved');
    const stale = scoreAssignment(ind, { atMs: AS_OF - 40 * DAY_MS - 1, value: 95 }, AS_OF);
    expect(stale).toMatchObject({ status: 'no_data', score: 0, met: false, value: null });
    expect(stale.observedAtMs).toBe(AS_OF - 40 * DAY_MS - 1); // says when the stale data is from
  });

  it("uses the indicator's maxAgeDays, else options.defaultMaxAgeDays, else 40", () => {
    const short = indicator(target('>=', 90), { maxAgeDays: 7 });
    expect(scoreAssignment(short, at(95, 7), AS_OF).status).toBe('achieved');
    expect(scoreAssignment(short, at(95, 8), AS_OF).status).toBe('no_data');
    expect(scoreAssignment(ind, at(95, 41), AS_OF, { defaultMaxAgeDays: 60 }).status).toBe('achieved');
    expect(scoreAssignment(short, at(95, 8), AS_OF, { defaultMaxAgeDays: 60 }).status).toBe('no_data');
  });

  it('a non-finite value is no data', () => {
    expect(scoreAssignment(ind, at(NaN), AS_OF).status).toBe('no_data');
  });

  it('an indicator without a numeric target is no_data with targetInForce null', () => {
    const none: ScoringIndicator = { targets: [] };
    expect(scoreAssignment(none, at(5), AS_OF)).toMatchObject({
      status: 'no_data',
      score: 0,
      targetInForce: null,
      finalTarget: null,
    });
    const nullValue = indicator({ ...target('>=', 1), value: null });
    expect(scoreAssignment(nullValue, at(5), AS_OF).status).toBe('no_data');
  });
});

describe('§5.2 target in force', () => {
  const start = ms('2026-01-01');
  const deadline = ms('2026-12-31');
  const linear = indicator(target('>=', 90), {
    trajectory: 'linear',
    baseline: 50,
    startMs: start,
    deadlineMs: deadline,
  });

  it('flat: T at any time', () => {
    const flat = indicator(target('>=', 90), { baseline: 50, startMs: start, deadlineMs: deadline });
    expect(targetInForce(flat, start - DAY_MS)).toBe(90);
    expect(targetInForce(flat, start + 100 * DAY_MS)).toBe(90);
  });

  it('linear: b + (T − b)·fraction of the way from start to deadline', () => {
    const mid = start + (deadline - start) / 2;
    expect(targetInForce(linear, mid)).toBeCloseTo(70, 10);
    const quarter = start + (deadline - start) / 4;
    expect(targetInForce(linear, quarter)).toBeCloseTo(60, 10);
  });

  it('linear: clamped to the baseline before (and at) start, to T after (and at) the deadline', () => {
    expect(targetInForce(linear, start - 30 * DAY_MS)).toBe(50);
    expect(targetInForce(linear, start)).toBe(50);
    expect(targetInForce(linear, deadline)).toBe(90);
    expect(targetInForce(linear, deadline + 30 * DAY_MS)).toBe(90);
  });

  it('linear at the deadline is exactly T (no float error)', () => {
    const ind = indicator(target('>=', 0.3), {
      trajectory: 'linear',
      baseline: 0.1,
      startMs: start,
      deadlineMs: deadline,
    });
    expect(targetInForce(ind, deadline)).toBe(0.3);
  });

  it('linear, lower-is-better: moves down from the baseline', () => {
    const ind = indicator(target('<=', 5), {
      trajectory: 'linear',
      baseline: 25,
      startMs: start,
      deadlineMs: deadline,
    });
    expect(targetInForce(ind, start + (deadline - start) / 2)).toBeCloseTo(15, 10);
  });

  it('linear without baseline, start or deadline (or deadline ≤ start) is flat', () => {
    expect(targetInForce({ ...linear, baseline: null }, start)).toBe(90);
    expect(targetInForce({ ...linear, baseline: undefined }, start)).toBe(90);
    expect(targetInForce({ ...linear, startMs: null }, start)).toBe(90);
    expect(targetInForce({ ...linear, deadlineMs: null }, start)).toBe(90);
    expect(targetInForce({ ...linear, deadlineMs: start }, start - DAY_MS)).toBe(90);
  });

  it('T is the first target, `min` for a range', () => {
    const two: ScoringIndicator = { targets: [target('>=', 80), target('>=', 95)] };
    expect(finalTarget(two)).toBe(80);
    const range = indicator(target('between', 7, '%', 7.5));
    expect(finalTarget(range)).toBe(7);
    expect(targetInForce(range, AS_OF)).toBe(7);
  });

  it('scoreAssignment reports T(t) and T', () => {
    const r = scoreAssignment(linear, { atMs: start, value: 10 }, start);
    expect(r.targetInForce).toBe(50);
    expect(r.finalTarget).toBe(90);
  });

  it('no_data rows still carry the computed target in force', () => {
    expect(scoreAssignment(linear, null, start).targetInForce).toBe(50);
  });
});

describe('§5.3 direction', () => {
  it.each<[TargetOp, string | null, 'higher' | 'lower']>([
    ['>=', '%', 'higher'],
    ['>', '%', 'higher'],
    ['=', '%', 'higher'],
    ['between', '%', 'higher'],
    ['<=', '%', 'lower'],
    ['<', 'phút', 'lower'],
    ['<=', 'rank', 'lower'],
    ['>=', 'rank', 'lower'],
    ['=', 'rank', 'lower'],
  ])('%s %s → %s', (op, unit, direction) => {
    expect(directionOf(indicator(target(op, 10, unit)))).toBe(direction);
  });

  it("the indicator's unit `rank` also makes it lower-is-better", () => {
    expect(directionOf({ targets: [target('>=', 10, null)], unit: 'rank' })).toBe('lower');
  });
});

describe('§5.4 met', () => {
  it('>= is met at T, > only above T', () => {
    expect(isMet('>=', 'higher', 90, 90)).toBe(true);
    expect(isMet('>', 'higher', 90, 90)).toBe(false);
    expect(isMet('>', 'higher', 90.0001, 90)).toBe(true);
  });

  it('<= is met at T, < only below T', () => {
    expect(isMet('<=', 'lower', 5, 5)).toBe(true);
    expect(isMet('<', 'lower', 5, 5)).toBe(false);
    expect(isMet('<', 'lower', 4.999, 5)).toBe(true);
  });

  it('= and between are met at v ≥ T(t)', () => {
    expect(isMet('=', 'higher', 100, 100)).toBe(true);
    expect(isMet('=', 'higher', 120, 100)).toBe(true);
    expect(isMet('=', 'higher', 99, 100)).toBe(false);
    const range = indicator(target('between', 7, '%', 7.5));
    expect(scoreAssignment(range, at(7), AS_OF).met).toBe(true);
    expect(scoreAssignment(range, at(9), AS_OF).met).toBe(true);
    expect(scoreAssignment(range, at(6.9), AS_OF).met).toBe(false);
  });

  it('ranks are met at or better (numerically at or below) the target rank', () => {
    const top10 = indicator(target('<=', 10, 'rank'));
    expect(scoreAssignment(top10, at(10), AS_OF).met).toBe(true);
    expect(scoreAssignment(top10, at(3), AS_OF).met).toBe(true);
    expect(scoreAssignment(top10, at(11), AS_OF).met).toBe(false);
    const rankEq = indicator(target('=', 1, 'rank'));
    expect(scoreAssignment(rankEq, at(1), AS_OF).met).toBe(true);
    expect(scoreAssignment(rankEq, at(2), AS_OF).met).toBe(false);
  });

  it('met is judged against T(t), not T', () => {
    const ind = indicator(target('>=', 90), {
      trajectory: 'linear',
      baseline: 50,
      startMs: ms('2026-01-01'),
      deadlineMs: ms('2026-12-31'),
    });
    const asOf = ms('2026-07-02'); // about halfway: T(t) ≈ 70
    expect(scoreAssignment(ind, { atMs: asOf, value: 75 }, asOf)).toMatchObject({ met: true, score: 100 });
    expect(scoreAssignment(ind, { atMs: asOf, value: 65 }, asOf).met).toBe(false);
  });
});

describe('§5.5 score', () => {
  it('met → 100', () => {
    expect(scoreAssignment(indicator(target('>=', 90)), at(90), AS_OF).score).toBe(100);
    expect(scoreAssignment(indicator(target('<=', 5)), at(5), AS_OF).score).toBe(100);
  });

  it('higher-is-better unmet: v / T(t) × 100', () => {
    expect(scoreAssignment(indicator(target('>=', 80)), at(60), AS_OF).score).toBeCloseTo(75, 10);
  });

  it('lower-is-better unmet: T(t) / v × 100', () => {
    expect(scoreAssignment(indicator(target('<=', 5)), at(20), AS_OF).score).toBeCloseTo(25, 10);
  });

  it('an unmet score is capped at 99 (ratio 0.99)', () => {
    // `>` at exactly T: ratio 1, not met
    expect(scoreAssignment(indicator(target('>', 90)), at(90), AS_OF)).toMatchObject({ score: 99, met: false });
    expect(scoreAssignment(indicator(target('<', 5)), at(5), AS_OF)).toMatchObject({ score: 99, met: false });
    expect(scoreAssignment(indicator(target('>=', 100)), at(99.5), AS_OF).score).toBe(99);
    expect(scoreAssignment(indicator(target('>=', 100)), at(98), AS_OF).score).toBeCloseTo(98, 10);
  });

  it('v = 0, higher-is-better: 0', () => {
    expect(scoreAssignment(indicator(target('>=', 90)), at(0), AS_OF)).toMatchObject({ score: 0, status: 'behind' });
  });

  it('T = 0: `>= 0` is met by 0; `> 0` unmet by 0 scores 0 (denominator 0)', () => {
    expect(scoreAssignment(indicator(target('>=', 0)), at(0), AS_OF).score).toBe(100);
    expect(scoreAssignment(indicator(target('>', 0)), at(0), AS_OF)).toMatchObject({ score: 0, status: 'behind' });
    expect(scoreAssignment(indicator(target('>=', 0)), at(-1), AS_OF)).toMatchObject({ score: 0, status: 'behind' });
  });

  it('negative T(t), higher-is-better, unmet: denominator ≤ 0 → 0', () => {
    expect(scoreAssignment(indicator(target('>=', -5, null)), at(-10), AS_OF).score).toBe(0);
  });

  it('lower-is-better with v = 0: met when T ≥ 0 (or strictly above for <)', () => {
    expect(scoreAssignment(indicator(target('<=', 5)), at(0), AS_OF).score).toBe(100);
    expect(scoreAssignment(indicator(target('<=', 0)), at(0), AS_OF).score).toBe(100);
    expect(scoreAssignment(indicator(target('<', 0)), at(0), AS_OF)).toMatchObject({ score: 0, status: 'behind' });
  });

  it('lower-is-better with v < 0 unmet (denominator ≤ 0) → 0', () => {
    expect(scoreAssignment(indicator(target('<=', -5, null)), at(-1), AS_OF).score).toBe(0);
  });

  it('lower-is-better with T(t) negative and v > 0: ratio below 0 clamps to 0', () => {
    expect(unmetScore('lower', 4, -2)).toBe(0);
  });

  it('ranks: T / v (10th targeted, 20th reached → 50)', () => {
    const r = scoreAssignment(indicator(target('<=', 10, 'rank')), at(20), AS_OF);
    expect(r).toMatchObject({ direction: 'lower', status: 'behind' });
    expect(r.score).toBeCloseTo(50, 10);
  });

  it('between below its min: v / min', () => {
    expect(scoreAssignment(indicator(target('between', 8, '%', 10)), at(6), AS_OF).score).toBeCloseTo(75, 10);
  });

  it('scores against T(t) on a linear trajectory', () => {
    const start = ms('2026-01-01');
    const deadline = ms('2027-01-01');
    const ind = indicator(target('>=', 100), {
      trajectory: 'linear',
      baseline: 0,
      startMs: start,
      deadlineMs: deadline,
    });
    const asOf = start + (deadline - start) / 2; // T(t) = 50
    expect(scoreAssignment(ind, { atMs: asOf, value: 40 }, asOf).score).toBeCloseTo(80, 10);
  });
});

describe('§5.6 status', () => {
  const start = ms('2026-01-01');
  const deadline = ms('2027-01-01');
  const mid = start + (deadline - start) / 2;
  const ind = indicator(target('>=', 100), { trajectory: 'linear', baseline: 0, startMs: start, deadlineMs: deadline });

  it('achieved: met against the final T', () => {
    expect(scoreAssignment(ind, { atMs: mid, value: 100 }, mid)).toMatchObject({
      status: 'achieved',
      score: 100,
      met: true,
    });
  });

  it('on_track: met against T(t) only', () => {
    expect(scoreAssignment(ind, { atMs: mid, value: 60 }, mid)).toMatchObject({
      status: 'on_track',
      score: 100,
      met: true,
    });
  });

  it('behind: not met', () => {
    expect(scoreAssignment(ind, { atMs: mid, value: 40 }, mid)).toMatchObject({ status: 'behind', met: false });
  });

  it('flat: met is achieved (T(t) = T)', () => {
    expect(scoreAssignment(indicator(target('>=', 90)), at(95), AS_OF).status).toBe('achieved');
  });

  it('lower-is-better on a linear trajectory: on_track then achieved', () => {
    const down = indicator(target('<=', 5), {
      trajectory: 'linear',
      baseline: 25,
      startMs: start,
      deadlineMs: deadline,
    });
    expect(scoreAssignment(down, { atMs: mid, value: 12 }, mid).status).toBe('on_track'); // T(t) = 15
    expect(scoreAssignment(down, { atMs: mid, value: 5 }, mid).status).toBe('achieved');
    expect(scoreAssignment(down, { atMs: mid, value: 16 }, mid).status).toBe('behind');
  });

  it('met against the final T wins even when T(t) is harder (trajectory moving away from T)', () => {
    const odd = indicator(target('>=', 40), {
      trajectory: 'linear',
      baseline: 60,
      startMs: start,
      deadlineMs: deadline,
    });
    expect(scoreAssignment(odd, { atMs: mid, value: 45 }, mid)).toMatchObject({ status: 'achieved', score: 100 });
  });

  it('reports the value and observation time for scored rows', () => {
    const r = scoreAssignment(indicator(target('>=', 90)), { atMs: AS_OF - 5, value: 91 }, AS_OF);
    expect(r).toMatchObject({ value: 91, observedAtMs: AS_OF - 5 });
  });
});

describe('latestObservation', () => {
  it('picks the latest at or before asOf, highest value on a tie, whatever the order', () => {
    const obs = [
      { atMs: 10, value: 1 },
      { atMs: 30, value: 3 },
      { atMs: 20, value: 2 },
      { atMs: 20, value: 5 },
    ];
    expect(latestObservation(obs, 25)).toBe(obs[3]);
    expect(latestObservation([...obs].reverse(), 25)).toBe(obs[3]);
    expect(latestObservation(obs, 30)).toBe(obs[1]);
    expect(latestObservation(obs, 5)).toBeNull();
    expect(latestObservation([], 5)).toBeNull();
  });
});

describe('scoreAssignmentInto', () => {
  it('fills a caller-owned record with exactly what scoreAssignment returns, and reuses it', () => {
    const record = newAssignmentScore();
    expect(record.score).toBeNaN();
    const cases: [ScoringIndicator, { atMs: number; value: number } | null][] = [
      [indicator(target('>=', 90)), at(95)],
      [indicator(target('>=', 90)), at(45)],
      [indicator(target('<=', 5)), at(10)],
      [indicator(target('>=', 90)), at(95, 41)],
      [indicator(target('>=', 90)), null],
    ];
    for (const [ind, latest] of cases) {
      const out = scoreAssignmentInto(record, ind, latest, AS_OF);
      expect(out).toBe(record);
      expect({ ...out }).toEqual(scoreAssignment(ind, latest, AS_OF));
    }
  });
});
