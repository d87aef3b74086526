import { forecastAssignment } from './assignment.js';
import { forecast } from './forecaster.js';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

describe('forecastAssignment', () => {
  const observations = [
    { atMs: day('2026-01-31'), value: 40 },
    { atMs: day('2026-02-28'), value: 45 },
    { atMs: day('2026-03-31'), value: 52 },
  ];
  const target = { op: '>=' as const, value: 90, unit: '%' };

  it('forecasts against the first target with the catalog days read as midnight UTC', () => {
    const result = forecastAssignment(
      {
        targets: [target, { op: '>=', value: 10, unit: '%' }],
        start: '2026-01-01',
        deadline: '2026-12-31',
        baseline: 30,
        observations,
      },
      day('2026-04-15'),
    );
    expect(result).toEqual(
      forecast({
        observations,
        target,
        deadlineMs: day('2026-12-31'),
        startMs: day('2026-01-01'),
        baseline: 30,
        asOfMs: day('2026-04-15'),
      }),
    );
    expect(result!.level).not.toBe('no_data');
  });

  it('gives null for an indicator without a target', () => {
    expect(
      forecastAssignment({ targets: [], start: '2026-01-01', deadline: '2026-12-31', baseline: null, observations }, 0),
    ).toBeNull();
  });
});
