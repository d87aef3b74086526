import { ForecastInputError, forecastSeries, parseIsoDate, validateForecastSeriesInput } from './series.js';
import type { TargetLike } from './types.js';

const obs = (values: number[]) =>
  values.map((value, i) => ({ at: new Date(Date.UTC(2026, i + 1, 0)).toISOString().slice(0, 10), value }));

/** A stand-in for shared/src/targets parseTargets, enough for these texts. */
function parseTargets(text: string): TargetLike[] {
  const m = /(≥|>=|<=|≤|<|>)?\s*(\d+(?:,\d+)?)\s*(%)?/.exec(text);
  if (!m) return [];
  const op = ({ '≥': '>=', '≤': '<=' } as Record<string, string>)[m[1]] ?? m[1] ?? '>=';
  return [{ op: op as TargetLike['op'], value: Number(m[2].replace(',', '.')), unit: m[3] ?? null }];
}

describe('parseIsoDate', () => {
  it.each<[string, number | null]>([
    ['2026-12-31', Date.UTC(2026, 11, 31)],
    ['2026-12-31T10:00:00Z', Date.UTC(2026, 11, 31, 10)],
    ['2026-12-31T10:00', Date.UTC(2026, 11, 31, 10)],
    ['2026-12-31T17:00:00+07:00', Date.UTC(2026, 11, 31, 10)],
    ['2026-12-31T10:00:00.250Z', Date.UTC(2026, 11, 31, 10, 0, 0, 250)],
    ['2026-02-30', null],
    ['2026-13-01', null],
    ['31/12/2026', null],
    ['2026-12-31T25:00', null],
    ['', null],
  ])('%s', (text, ms) => expect(parseIsoDate(text)).toBe(ms));

  it('rejects non-strings', () => {
    expect(parseIsoDate(20261231)).toBeNull();
    expect(parseIsoDate(null)).toBeNull();
  });
});

describe('forecastSeries', () => {
  const input = {
    asOf: '2026-10-05',
    series: [
      {
        id: 'vt-12/a',
        target: '≥ 95%',
        targets: [{ op: '>=', value: 95, unit: '%' }],
        deadline: '2026-12-31',
        start: '2026-01-01',
        baseline: 40,
        observations: obs([40, 48, 56, 64, 70, 70, 70, 70, 70]),
      },
      {
        id: 'vt-12/b',
        target: { op: '<', value: 5, unit: '%' },
        deadline: '2026-12-31',
        observations: obs([12, 11, 10, 9, 8, 7, 6, 5, 4]),
      },
      {
        id: 'vt-12/c',
        target: [{ op: '<=', value: 10, unit: 'rank' }],
        deadline: '2026-12-31',
        observations: obs([25, 23, 21, 19, 17, 15, 13, 11, 9]),
      },
      {
        id: 'vt-12/d',
        target: '≥ 95%',
        targets: [{ op: '>=', value: 95, unit: '%' }],
        deadline: '2026-12-31',
        observations: [],
      },
    ],
  };

  it('returns the DESIGN §6 shape', () => {
    const out = forecastSeries(input);
    expect(out.asOf).toBe('2026-10-05T00:00:00.000Z');
    expect(out.series.map((s) => s.id)).toEqual(['vt-12/a', 'vt-12/b', 'vt-12/c', 'vt-12/d']);
    for (const s of out.series)
      expect(Object.keys(s).sort()).toEqual(['forecast', 'high', 'id', 'level', 'low', 'probabilityOfMiss'].sort());
    expect(out.series[0].level).toBe('off_track');
    expect(['achieved', 'on_track']).toContain(out.series[1].level);
    expect(['achieved', 'on_track']).toContain(out.series[2].level);
    expect(out.series[3]).toEqual({
      id: 'vt-12/d',
      forecast: null,
      low: null,
      high: null,
      probabilityOfMiss: null,
      level: 'no_data',
    });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('parses target text with the parser it is given', () => {
    const out = forecastSeries(
      {
        asOf: '2026-10-05',
        series: [
          {
            id: 'x',
            target: 'Tỷ lệ đạt ≥ 95%',
            deadline: '2026-12-31',
            observations: obs([40, 48, 56, 64, 70, 70, 70, 70, 70]),
          },
        ],
      },
      { parseTargets },
    );
    expect(out.series[0].level).toBe('off_track');
    const wrapped = forecastSeries(
      {
        asOf: '2026-04-05',
        series: [{ id: 'x', target: '≥ 95%', deadline: '2026-12-31', observations: obs([96, 97, 98]) }],
      },
      { parseTargets: (t) => ({ targets: parseTargets(t) }) },
    );
    expect(wrapped.series[0].level).toBe('achieved');
  });

  it('prefers the caller’s parsed targets over the text', () => {
    const out = forecastSeries({
      asOf: '2026-04-05',
      series: [
        {
          id: 'x',
          target: 'whatever the text says',
          targets: [{ op: '>=', value: 50, unit: '%' }],
          deadline: '2026-12-31',
          observations: obs([60, 61, 62]),
        },
      ],
    });
    expect(out.series[0].level).toBe('achieved');
  });

  it('throws ForecastInputError naming the fields', () => {
    expect(() => forecastSeries({ asOf: 'yesterday', series: [] })).toThrow(ForecastInputError);
    try {
      forecastSeries({ asOf: 'yesterday', series: [] });
    } catch (e) {
      expect((e as ForecastInputError).errors).toEqual([{ path: 'asOf', message: 'not an ISO date' }]);
      expect((e as Error).message).toBe('asOf: not an ISO date');
    }
  });
});

describe('validateForecastSeriesInput', () => {
  const good = { id: 'a', target: { op: '>=', value: 95, unit: '%' }, deadline: '2026-12-31', observations: [] };
  const errorsOf = (input: unknown, options = {}) => {
    const v = validateForecastSeriesInput(input, options);
    return v.ok ? [] : v.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it('accepts a good input', () => {
    expect(errorsOf({ asOf: '2026-10-05', series: [good] })).toEqual([]);
  });

  it('names every bad field', () => {
    const errors = errorsOf({
      asOf: '2026-10-05',
      series: [
        good,
        { ...good, id: 'b', start: '2027-01-01' },
        { ...good, id: 'c', deadline: '31/12/2026' },
        { ...good, id: 'a' },
        { ...good, id: 'e', baseline: 'forty', observations: [{ at: '2026-01-31', value: 'x' }, { value: 3 }, 7] },
        { ...good, id: 'f', target: { op: '≈', value: 3 } },
        { ...good, id: 'g', target: { op: '>=', value: null } },
        { ...good, id: 'h', target: '≥ 95%' },
        { ...good, id: '', direction: 'up', maxAgeDays: -1 },
        { id: 'j' },
        'k',
      ],
    });
    expect(errors).toEqual([
      'series[1].start: must be before the deadline',
      'series[2].deadline: not an ISO date',
      'series[3].id: duplicate id "a"',
      'series[4].baseline: not a finite number',
      'series[4].observations[0].value: not a finite number',
      'series[4].observations[1].at: required',
      'series[4].observations[2]: expected an object {at, value}',
      'series[5].target.op: must be one of >=, >, <=, <, =, between',
      'series[6].target.value: not a finite number',
      'series[7].targets: required when target is text (no target parser given)',
      'series[8].id: required, a non-empty string',
      "series[8].direction: must be 'higher' or 'lower'",
      'series[8].maxAgeDays: must be a positive number',
      'series[9].target: required',
      'series[9].deadline: required',
      'series[9].observations: required (may be empty)',
      'series[10]: expected an object',
    ]);
  });

  it('top-level problems', () => {
    expect(errorsOf(null)).toEqual(['(input): expected an object {asOf, series}']);
    expect(errorsOf({})).toEqual(['asOf: required', 'series: required']);
    expect(errorsOf({ asOf: '2026-10-05', series: {} })).toEqual(['series: expected an array']);
  });

  it('a target text the parser finds nothing in', () => {
    expect(
      errorsOf({ asOf: '2026-10-05', series: [{ ...good, target: 'không có số' }] }, { parseTargets: () => [] }),
    ).toEqual(['series[0].target: no target found in "không có số"']);
  });

  it('a range target needs its minimum', () => {
    expect(
      errorsOf({
        asOf: '2026-10-05',
        series: [{ ...good, targets: [{ op: 'between', value: null, min: null, max: 7.5, unit: '%' }] }],
      }),
    ).toEqual(['series[0].targets[0].min: not a finite number']);
  });
});
