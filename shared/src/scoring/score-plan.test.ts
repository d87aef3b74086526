// `scorePlan` end to end on a worked example (DESIGN §5's `kpi score` shapes).
import type { Target, TargetOp } from '../targets/types.js';
import { ScoringInputError, scorePlan } from './score-plan.js';
import type { ScorePlanInput } from './types.js';

function target(op: TargetOp, value: number, unit: string | null = '%', max: number | null = null): Target {
  return op === 'between'
    ? { op, value, min: value, max, unit, approximate: false }
    : { op, value, min: null, max: null, unit, approximate: false };
}

// asOf 2026-06-30: 90 of the 180 days from 2026-04-01 to 2026-09-28, so vt/3's T(t) is 70.
function example(): ScorePlanInput {
  return {
    asOf: '2026-06-30',
    indicators: [
      { code: 'vt/1', pillar: 'government', target: '≥ 90%', targets: [target('>=', 90)] },
      { code: 'vt/2', pillar: 'government', target: 'dưới 5%', targets: [target('<', 5)], weight: 2 },
      {
        code: 'vt/3',
        pillar: 'economy',
        target: '100%',
        targets: [target('>=', 100)],
        trajectory: 'linear',
        baseline: 40,
        start: '2026-04-01',
        deadline: '2026-09-28',
      },
      {
        code: 'vt/4',
        pillar: 'society',
        target: 'xếp hạng từ thứ 10 trở lên',
        unit: 'rank',
        targets: [target('<=', 10, 'rank')],
      },
      { code: 'vt/5', pillar: 'society', target: '7% - 7,5%', targets: [target('between', 7, '%', 7.5)] },
    ],
    agencies: [
      { code: 'b', name: 'B' },
      { code: 'd', name: 'D (nothing assigned)' },
      { code: 'a', name: 'A' },
      { code: 'e', name: 'E' },
      { code: 'c', name: 'C' },
    ],
    assignments: [
      { agency: 'a', indicator: 'vt/4' },
      { agency: 'a', indicator: 'vt/1' },
      { agency: 'a', indicator: 'vt/3' },
      { agency: 'a', indicator: 'vt/2' },
      { agency: 'b', indicator: 'vt/1', weight: 3 },
      { agency: 'b', indicator: 'vt/2' },
      { agency: 'b', indicator: 'vt/3' },
      { agency: 'b', indicator: 'vt/4' },
      { agency: 'c', indicator: 'vt/5' },
      { agency: 'c', indicator: 'vt/1' },
      { agency: 'e', indicator: 'vt/1' },
      { agency: 'e', indicator: 'vt/5' },
    ],
    observations: [
      { agency: 'a', indicator: 'vt/1', at: '2026-06-01', value: 95 },
      { agency: 'a', indicator: 'vt/1', at: '2026-07-15', value: 50 }, // after asOf: ignored
      { agency: 'a', indicator: 'vt/2', at: '2026-05-21', value: 4 }, // exactly 40 days old: counts
      { agency: 'a', indicator: 'vt/3', at: '2026-06-15T09:00:00+07:00', value: 75 },
      { agency: 'a', indicator: 'vt/4', at: '2026-06-01', value: 20 },
      { agency: 'b', indicator: 'vt/1', at: '2026-05-01', value: 99 }, // older than the next one
      { agency: 'b', indicator: 'vt/1', at: '2026-06-10', value: 45 },
      { agency: 'b', indicator: 'vt/2', at: '2026-06-10', value: 10 },
      { agency: 'b', indicator: 'vt/3', at: '2026-05-01', value: 35 }, // 60 days old: no data
      { agency: 'b', indicator: 'vt/5', at: '2026-06-10', value: 9 }, // not assigned: ignored
      { agency: 'c', indicator: 'vt/5', at: '2026-06-29', value: 7.2 },
      { agency: 'c', indicator: 'vt/1', at: '2026-06-01', value: 81 },
      { agency: 'e', indicator: 'vt/5', at: '2026-06-29', value: 7.2 },
      { agency: 'e', indicator: 'vt/1', at: '2026-06-01', value: 81 },
    ],
  };
}

const EXPECTED = {
  asOf: '2026-06-30T00:00:00.000Z',
  agencies: [
    {
      code: 'c',
      score: 95,
      rank: 1,
      pillars: { government: 90, society: 100 },
      indicators: [
        { indicator: 'vt/1', value: 81, targetInForce: 90, score: 90, status: 'behind' },
        { indicator: 'vt/5', value: 7.2, targetInForce: 7, score: 100, status: 'achieved' },
      ],
    },
    {
      code: 'e',
      score: 95,
      rank: 1,
      pillars: { government: 90, society: 100 },
      indicators: [
        { indicator: 'vt/1', value: 81, targetInForce: 90, score: 90, status: 'behind' },
        { indicator: 'vt/5', value: 7.2, targetInForce: 7, score: 100, status: 'achieved' },
      ],
    },
    {
      // weights 1, 2 (indicator's), 1, 1: (100 + 2·100 + 100 + 50) / 5 = 90
      code: 'a',
      score: 90,
      rank: 3,
      pillars: { government: 100, economy: 100, society: 50 },
      indicators: [
        { indicator: 'vt/1', value: 95, targetInForce: 90, score: 100, status: 'achieved' },
        { indicator: 'vt/2', value: 4, targetInForce: 5, score: 100, status: 'achieved' },
        { indicator: 'vt/3', value: 75, targetInForce: 70, score: 100, status: 'on_track' },
        { indicator: 'vt/4', value: 20, targetInForce: 10, score: 50, status: 'behind' },
      ],
    },
    {
      // weights 3 (assignment's), 2, 1, 1: (3·50 + 2·50 + 0 + 0) / 7 = 35.714… → 35.71
      code: 'b',
      score: 35.71,
      rank: 4,
      pillars: { government: 50, economy: 0, society: 0 },
      indicators: [
        { indicator: 'vt/1', value: 45, targetInForce: 90, score: 50, status: 'behind' },
        { indicator: 'vt/2', value: 10, targetInForce: 5, score: 50, status: 'behind' },
        { indicator: 'vt/3', value: null, targetInForce: 70, score: 0, status: 'no_data' },
        { indicator: 'vt/4', value: null, targetInForce: 10, score: 0, status: 'no_data' },
      ],
    },
    { code: 'd', score: null, rank: null, pillars: {}, indicators: [] },
  ],
};

describe('scorePlan', () => {
  it('scores the worked example end to end', () => {
    expect(scorePlan(example())).toEqual(EXPECTED);
  });

  it('returns plain JSON with keys in the documented order', () => {
    const out = scorePlan(example());
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    expect(Object.keys(out)).toEqual(['asOf', 'agencies']);
    expect(Object.keys(out.agencies[0])).toEqual(['code', 'score', 'rank', 'pillars', 'indicators']);
    expect(Object.keys(out.agencies[0].indicators[0])).toEqual([
      'indicator',
      'value',
      'targetInForce',
      'score',
      'status',
    ]);
    expect(Object.keys(out.agencies[2].pillars)).toEqual(['government', 'economy', 'society']);
  });

  it('does not depend on the order of agencies, assignments or observations', () => {
    const input = example();
    input.agencies.reverse();
    input.assignments.reverse();
    input.observations.reverse();
    expect(scorePlan(input)).toEqual(EXPECTED);
  });

  it('uses options.defaultMaxAgeDays for indicators without their own', () => {
    const out = scorePlan(example(), { defaultMaxAgeDays: 90 });
    const b = out.agencies.find((x) => x.code === 'b');
    expect(b?.indicators[2]).toEqual({ indicator: 'vt/3', value: 35, targetInForce: 70, score: 50, status: 'behind' });
  });

  it("honours an indicator's maxAgeDays", () => {
    const input = example();
    input.indicators[1].maxAgeDays = 30; // a's vt/2 is 40 days old
    const a = scorePlan(input).agencies.find((x) => x.code === 'a');
    expect(a?.indicators[1]).toEqual({ indicator: 'vt/2', value: null, targetInForce: 5, score: 0, status: 'no_data' });
  });

  it('rounds the target in force to 4 decimals and scores to 2', () => {
    const input = example();
    input.asOf = '2026-06-01'; // 61/180 of the way: T(t) = 40 + 60·61/180 = 60.333…
    input.observations = [{ agency: 'a', indicator: 'vt/3', at: '2026-05-31', value: 50 }];
    const a = scorePlan(input).agencies.find((x) => x.code === 'a');
    expect(a?.indicators[2]).toEqual({
      indicator: 'vt/3',
      value: 50,
      targetInForce: 60.3333,
      score: 82.87,
      status: 'behind',
    });
    expect(a?.score).toBe(16.57); // 82.872… / 5
  });

  it('with ties on the same instant, takes the highest value', () => {
    const input = example();
    input.observations.push({ agency: 'c', indicator: 'vt/1', at: '2026-06-01T00:00:00Z', value: 90 });
    const c = scorePlan(input).agencies.find((x) => x.code === 'c');
    expect(c?.indicators[0].value).toBe(90);
  });

  it('throws ScoringInputError naming the bad fields', () => {
    const input = example();
    input.indicators[2].deadline = '28/09/2026';
    input.observations[0].at = 'yesterday';
    let error: unknown;
    try {
      scorePlan(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScoringInputError);
    expect((error as ScoringInputError).errors).toEqual([
      { field: 'indicators[2].deadline', reason: 'not an ISO date: "28/09/2026"' },
      { field: 'observations[0].at', reason: 'not an ISO date: "yesterday"' },
    ]);
    expect((error as Error).message).toContain('indicators[2].deadline: not an ISO date');
  });

  it('rejects an assigned indicator whose parsed targets hold no numeric target', () => {
    const input = example();
    input.indicators[3].targets = [];
    input.indicators.push({ code: 'vt/6', pillar: 'society', target: 'Hoàn thành', targets: [] }); // unassigned: fine
    expect(() => scorePlan(input)).toThrow(ScoringInputError);
    try {
      scorePlan(input);
    } catch (e) {
      expect((e as ScoringInputError).errors).toEqual([
        { field: 'indicators[3].target', reason: 'no numeric target in "xếp hạng từ thứ 10 trở lên"' },
      ]);
    }
  });

  it('an input with no agencies gives an empty ranking', () => {
    expect(
      scorePlan({ asOf: '2026-01-01T12:00:00+07:00', indicators: [], agencies: [], assignments: [], observations: [] }),
    ).toEqual({
      asOf: '2026-01-01T05:00:00.000Z',
      agencies: [],
    });
  });
});
