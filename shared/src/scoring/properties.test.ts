// Property-based tests (fast-check) of the scoring contract.
import fc from 'fast-check';
import type { Target, TargetOp } from '../targets/types.js';
import { aggregateAgency, rankAgencies } from './aggregate.js';
import { DAY_MS, scoreAssignment } from './engine.js';
import { roundScore } from './round.js';
import { scorePlan } from './score-plan.js';
import type { ScorePlanInput, ScoringIndicator, WeightedScore } from './types.js';

const START = Date.UTC(2026, 0, 1);
const DEADLINE = Date.UTC(2026, 11, 31);

const num = fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true });
const positive = fc.double({ min: 0.01, max: 100, noNaN: true, noDefaultInfinity: true });
const ops: TargetOp[] = ['>=', '>', '<=', '<', '=', 'between'];

const targetArb: fc.Arbitrary<Target> = fc
  .record({ op: fc.constantFrom(...ops), value: num, unit: fc.constantFrom('%', 'rank', null, 'bộ') })
  .map(({ op, value, unit }) =>
    op === 'between'
      ? { op, value, min: value, max: value + 1, unit, approximate: false }
      : { op, value, min: null, max: null, unit, approximate: false },
  );

const indicatorArb: fc.Arbitrary<ScoringIndicator> = fc.record({
  targets: targetArb.map((t) => [t]),
  unit: fc.constantFrom('%', 'rank', null),
  trajectory: fc.constantFrom('flat' as const, 'linear' as const),
  baseline: fc.option(num, { nil: null }),
  startMs: fc.constant(START),
  deadlineMs: fc.constant(DEADLINE),
  maxAgeDays: fc.constant(40),
});

const asOfArb = fc.integer({ min: START - 30 * DAY_MS, max: DEADLINE + 30 * DAY_MS });

describe('properties', () => {
  it('improving a value never lowers its score (both directions)', () => {
    fc.assert(
      fc.property(indicatorArb, asOfArb, num, fc.double({ min: 0, max: 1000, noNaN: true }), (ind, asOf, v, delta) => {
        const before = scoreAssignment(ind, { atMs: asOf, value: v }, asOf);
        const better = before.direction === 'higher' ? v + delta : v - delta;
        const after = scoreAssignment(ind, { atMs: asOf, value: better }, asOf);
        expect(after.score).toBeGreaterThanOrEqual(before.score);
        expect(before.score).toBeGreaterThanOrEqual(0);
        expect(after.score).toBeLessThanOrEqual(100);
        // only a met target reaches 100
        expect(after.score === 100).toBe(after.met);
      }),
      { numRuns: 1000 },
    );
  });

  const weighted: fc.Arbitrary<WeightedScore> = fc.record({
    score: fc.double({ min: 0, max: 100, noNaN: true }),
    weight: fc.option(positive, { nil: null }),
    pillar: fc.constantFrom('government', 'economy', 'society'),
  });

  it('adding a met target (100) never puts an agency below where an unmet one (0) would', () => {
    fc.assert(
      fc.property(
        fc.array(weighted, { maxLength: 12 }),
        fc.option(positive, { nil: null }),
        fc.constantFrom('government', 'economy', 'society'),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 6 }),
        (scores, weight, pillar, others) => {
          const met = aggregateAgency([...scores, { score: 100, weight, pillar }]);
          const unmet = aggregateAgency([...scores, { score: 0, weight, pillar }]);
          expect(met.score as number).toBeGreaterThanOrEqual(unmet.score as number);
          expect(met.pillars[pillar]).toBeGreaterThanOrEqual(unmet.pillars[pillar]);
          // …and never ranks it worse among the same other agencies
          const field = others.map((score, i) => ({ code: `o${i}`, score }));
          const rankOf = (score: number | null) =>
            rankAgencies([...field, { code: 'x', score }]).find((r) => r.code === 'x')?.rank as number;
          expect(rankOf(met.score)).toBeLessThanOrEqual(rankOf(unmet.score));
        },
      ),
    );
  });

  it('equal scores get equal ranks; ranks follow scores; ties are ordered by code', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 20 }),
        fc.array(fc.constantFrom(0, 12.344, 12.3449, 12.345, 50, 99.999, 100)),
        (codes, pool) => {
          const list = codes.map((code, i) => ({ code, score: pool.length ? pool[i % pool.length] : 0 }));
          const ranked = rankAgencies(list);
          for (let i = 1; i < ranked.length; i++) {
            const [p, q] = [ranked[i - 1], ranked[i]];
            const [ps, qs] = [roundScore(p.score), roundScore(q.score)];
            expect(ps).toBeGreaterThanOrEqual(qs);
            if (ps === qs) {
              expect(q.rank).toBe(p.rank);
              expect(p.code < q.code).toBe(true);
            } else expect(q.rank).toBe(i + 1);
          }
        },
      ),
    );
  });

  it('roundScore rounds the decimal value half away from zero (exact integer reference)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000 }),
        fc.integer({ min: 0, max: 7 }),
        fc.boolean(),
        (n, k, neg) => {
          // x is the double nearest the decimal n·10^-k; round that decimal with integers.
          const x = (neg ? -n : n) / 10 ** k;
          let cents: number;
          if (k <= 2) cents = n * 10 ** (2 - k);
          else {
            const unit = 10 ** (k - 2);
            cents = Math.floor(n / unit) + (2 * (n % unit) >= unit ? 1 : 0);
          }
          const expected = cents === 0 ? 0 : (neg ? -cents : cents) / 100;
          expect(roundScore(x)).toBe(expected);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('roundScore of a half-cent value written with 3 decimals always rounds away from zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999 }), (c) => {
        expect(roundScore(Number(`${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}5`))).toBe((c + 1) / 100);
      }),
      { numRuns: 5000 },
    );
  });

  // A small random plan for scorePlan.
  const planArb: fc.Arbitrary<ScorePlanInput> = fc
    .record({
      indicators: fc.array(
        fc.record({
          target: targetArb,
          pillar: fc.constantFrom('government', 'economy', 'society'),
          trajectory: fc.constantFrom('flat' as const, 'linear' as const),
          baseline: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
          weight: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      agencyCount: fc.integer({ min: 1, max: 6 }),
      assigned: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined })), {
        maxLength: 20,
      }),
      observations: fc.array(
        fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 120 }), fc.integer({ min: -5, max: 120 })),
        { maxLength: 40 },
      ),
      asOfDay: fc.integer({ min: 0, max: 200 }),
    })
    .map(({ indicators, agencyCount, assigned, observations, asOfDay }) => {
      const day = (n: number) => new Date(START + n * DAY_MS).toISOString().slice(0, 10);
      const agencies = Array.from({ length: agencyCount }, (_, i) => ({ code: `ag-${i}`, name: `Agency ${i}` }));
      const inds = indicators.map((x, i) => ({
        code: `p/${i}`,
        pillar: x.pillar,
        target: 'x',
        targets: [x.target],
        trajectory: x.trajectory,
        baseline: x.baseline,
        start: day(0),
        deadline: day(180),
        weight: x.weight,
      }));
      const seen = new Set<string>();
      const assignments = assigned.flatMap(([a, i, weight]) => {
        const agency = agencies[a % agencies.length].code;
        const indicator = inds[i % inds.length].code;
        if (seen.has(`${agency} ${indicator}`)) return [];
        seen.add(`${agency} ${indicator}`);
        return [{ agency, indicator, weight }];
      });
      return {
        asOf: day(asOfDay),
        indicators: inds,
        agencies,
        assignments,
        observations: observations.map(([a, i, d, value]) => ({
          agency: agencies[a % agencies.length].code,
          indicator: inds[i % inds.length].code,
          at: day(d),
          value,
        })),
      };
    });

  const shuffled = <T>(items: T[]) => fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length });

  it('reordering agencies, assignments and observations changes nothing', () => {
    fc.assert(
      fc.property(
        planArb.chain((plan) =>
          fc.tuple(fc.constant(plan), shuffled(plan.agencies), shuffled(plan.assignments), shuffled(plan.observations)),
        ),
        ([plan, agencies, assignments, observations]) => {
          expect(scorePlan({ ...plan, agencies, assignments, observations })).toEqual(scorePlan(plan));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an agency with the same assignments and data as another gets the same score and rank', () => {
    fc.assert(
      fc.property(planArb, fc.nat(), (plan, pick) => {
        const source = plan.agencies[pick % plan.agencies.length].code;
        const twin = `${source}-twin`;
        const input: ScorePlanInput = {
          ...plan,
          agencies: [...plan.agencies, { code: twin, name: 'twin' }],
          assignments: [
            ...plan.assignments,
            ...plan.assignments.filter((a) => a.agency === source).map((a) => ({ ...a, agency: twin })),
          ],
          observations: [
            ...plan.observations,
            ...plan.observations.filter((o) => o.agency === source).map((o) => ({ ...o, agency: twin })),
          ],
        };
        const out = scorePlan(input).agencies;
        const a = out.find((x) => x.code === source);
        const b = out.find((x) => x.code === twin);
        expect(b?.rank).toBe(a?.rank);
        expect(b?.score).toBe(a?.score);
        expect(b?.pillars).toEqual(a?.pillars);
      }),
      { numRuns: 300 },
    );
  });

  it('scorePlan output is sorted by rank, then code, ranks competition style', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const out = scorePlan(plan).agencies;
        out.forEach((row, i) => {
          if (row.score === null) expect(row.rank).toBeNull();
          if (i === 0) return;
          const prev = out[i - 1];
          if (row.score === null) {
            if (prev.score === null) expect(prev.code < row.code).toBe(true);
            return;
          }
          expect(prev.score).not.toBeNull();
          expect(prev.score as number).toBeGreaterThanOrEqual(row.score);
          if (prev.score === row.score) {
            expect(row.rank).toBe(prev.rank);
            expect(prev.code < row.code).toBe(true);
          } else expect(row.rank).toBe(i + 1);
        });
      }),
      { numRuns: 300 },
    );
  });
});
