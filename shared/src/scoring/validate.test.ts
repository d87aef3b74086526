import { MAX_VALIDATION_ERRORS, validateScoringInput } from './validate.js';

function valid(): Record<string, any> {
  return {
    asOf: '2026-06-30',
    indicators: [
      { code: 'p/1', pillar: 'government', target: '≥ 90%' },
      {
        code: 'p/2',
        pillar: 'society',
        target: 'dưới 5%',
        unit: '%',
        trajectory: 'linear',
        baseline: 20,
        start: '2026-01-01',
        deadline: '2026-12-31T23:59:59+07:00',
        maxAgeDays: 30,
        weight: 2,
      },
    ],
    agencies: [{ code: 'a', name: 'A' }, { code: 'b' }],
    assignments: [
      { agency: 'a', indicator: 'p/1' },
      { agency: 'a', indicator: 'p/2', weight: 3 },
      { agency: 'b', indicator: 'p/1', weight: null },
    ],
    observations: [
      { agency: 'a', indicator: 'p/1', at: '2026-06-01', value: 91 },
      { agency: 'b', indicator: 'p/2', at: '2026-06-01T08:00:00Z', value: 3 }, // not assigned: fine
    ],
  };
}

function errorsOf(json: unknown) {
  const r = validateScoringInput(json);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('validateScoringInput', () => {
  it('accepts a valid input and returns it', () => {
    const json = valid();
    const r = validateScoringInput(json);
    expect(r).toEqual({ ok: true, input: json });
  });

  it('accepts empty lists and null optional fields', () => {
    expect(
      validateScoringInput({ asOf: '2026-06-30', indicators: [], agencies: [], assignments: [], observations: [] }).ok,
    ).toBe(true);
    const json = valid();
    Object.assign(json.indicators[1], {
      unit: null,
      trajectory: null,
      baseline: null,
      start: null,
      deadline: null,
      maxAgeDays: null,
      weight: null,
    });
    expect(validateScoringInput(json).ok).toBe(true);
  });

  it('rejects a document that is not an object', () => {
    expect(errorsOf([])).toEqual([{ field: '(root)', reason: 'must be a JSON object, got an array' }]);
    expect(errorsOf(null)[0].field).toBe('(root)');
  });

  it('names a bad date field: indicators[1].deadline: not an ISO date', () => {
    const json = valid();
    json.indicators[1].deadline = '31/12/2026';
    expect(errorsOf(json)).toEqual([{ field: 'indicators[1].deadline', reason: 'not an ISO date: "31/12/2026"' }]);
  });

  it('requires asOf, and the four arrays', () => {
    const errors = errorsOf({ indicators: {}, agencies: [] });
    expect(errors).toEqual([
      { field: 'asOf', reason: 'required' },
      { field: 'indicators', reason: 'must be an array, got an object' },
      { field: 'assignments', reason: 'required (an array)' },
      { field: 'observations', reason: 'required (an array)' },
    ]);
    expect(errorsOf({ ...valid(), asOf: 'now' })).toEqual([{ field: 'asOf', reason: 'not an ISO date: "now"' }]);
  });

  it('checks every indicator field', () => {
    const json = valid();
    json.indicators[1] = {
      code: '',
      pillar: 3,
      target: null,
      unit: 5,
      trajectory: 'curve',
      baseline: 'x',
      start: '2026-12-31',
      deadline: '2026-01-01',
      maxAgeDays: 0,
      weight: -1,
    };
    json.assignments = [];
    json.observations = [];
    expect(errorsOf(json)).toEqual([
      { field: 'indicators[1].code', reason: 'must not be empty' },
      { field: 'indicators[1].pillar', reason: 'must be a string, got 3' },
      { field: 'indicators[1].target', reason: 'required (the target text)' },
      { field: 'indicators[1].unit', reason: 'must be a string, got 5' },
      { field: 'indicators[1].trajectory', reason: 'must be "flat" or "linear", got "curve"' },
      { field: 'indicators[1].baseline', reason: 'must be a number, got "x"' },
      { field: 'indicators[1].deadline', reason: 'must not be before start' },
      { field: 'indicators[1].maxAgeDays', reason: 'must be greater than 0, got 0' },
      { field: 'indicators[1].weight', reason: 'must be greater than 0, got -1' },
    ]);
  });

  it('rejects duplicate codes and duplicate assignments', () => {
    const json = valid();
    json.indicators.push({ code: 'p/1', pillar: 'x', target: '1' });
    json.agencies.push({ code: 'a' });
    json.assignments.push({ agency: 'a', indicator: 'p/1' });
    expect(errorsOf(json)).toEqual([
      { field: 'indicators[2].code', reason: 'duplicate indicator code "p/1"' },
      { field: 'agencies[2].code', reason: 'duplicate agency code "a"' },
      { field: 'assignments[3]', reason: 'duplicate assignment of "p/1" to "a"' },
    ]);
  });

  it('rejects unknown references in assignments and observations', () => {
    const json = valid();
    json.assignments.push({ agency: 'zz', indicator: 'p/9' });
    json.observations.push({ agency: 'a', indicator: 'p/9', at: '2026-01-01', value: 1 });
    expect(errorsOf(json)).toEqual([
      { field: 'assignments[3].agency', reason: 'unknown agency "zz"' },
      { field: 'assignments[3].indicator', reason: 'unknown indicator "p/9"' },
      { field: 'observations[2].indicator', reason: 'unknown indicator "p/9"' },
    ]);
  });

  it('checks observation dates and values', () => {
    const json = valid();
    json.observations = [
      { agency: 'a', indicator: 'p/1', at: '2026-02-30', value: '91' },
      { agency: 'a', indicator: 'p/1', value: null },
      'x',
    ];
    expect(errorsOf(json)).toEqual([
      { field: 'observations[0].at', reason: 'not an ISO date: "2026-02-30"' },
      { field: 'observations[0].value', reason: 'must be a number, got "91"' },
      { field: 'observations[1].at', reason: 'required' },
      { field: 'observations[1].value', reason: 'required' },
      { field: 'observations[2]', reason: 'must be an object, got "x"' },
    ]);
  });

  it('checks assignment weights', () => {
    const json = valid();
    json.assignments[0].weight = 0;
    expect(errorsOf(json)).toEqual([{ field: 'assignments[0].weight', reason: 'must be greater than 0, got 0' }]);
  });

  it(`lists at most ${MAX_VALIDATION_ERRORS} errors, then says how many more`, () => {
    const json = valid();
    json.observations = Array.from({ length: 150 }, () => ({ agency: 'a', indicator: 'p/1', at: 'x', value: 1 }));
    const errors = errorsOf(json);
    expect(errors).toHaveLength(MAX_VALIDATION_ERRORS + 1);
    expect(errors.at(-1)).toEqual({ field: '(root)', reason: '50 more errors not listed' });
  });
});
