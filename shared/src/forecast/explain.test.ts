import { describeTarget, explain, formatDateVn, formatNumber } from './explain.js';
import { forecast } from './forecaster.js';
import type { ForecastResult, Observation } from './types.js';

const D = (s: string) => Date.parse(`${s}T00:00:00Z`);
const monthly = (values: number[]): Observation[] =>
  values.map((value, i) => ({ atMs: Date.UTC(2026, i + 1, 0), value }));

/** A hand-made result, so the wording is tested apart from the numbers of the model. */
function result(over: Partial<ForecastResult> = {}): ForecastResult {
  return {
    level: 'off_track',
    forecast: 72,
    low: 65.04,
    high: 79.46,
    probabilityOfMiss: 0.97,
    modelProbabilityOfMiss: 0.99,
    behindPlan: true,
    noDataReason: null,
    direction: 'higher',
    targetValue: 95,
    targetOp: '>=',
    unit: '%',
    latest: { atMs: D('2026-09-30'), value: 68 },
    slopePer30Days: 1.2,
    observationCount: 9,
    method: 'theil-sen',
    asOfMs: D('2026-10-05'),
    deadlineMs: D('2026-12-31'),
    ...over,
  };
}

describe('number and date formats', () => {
  it.each<[number, string, string]>([
    [72, '72', '72'],
    [72.46, '72,5', '72.5'],
    [7.5, '7,5', '7.5'],
    [0.04, '0', '0'],
    [1234.5, '1.235', '1,235'],
    [1250000, '1.250.000', '1,250,000'],
    [-3.25, '-3,3', '-3.3'],
    [99.96, '100', '100'],
  ])('%s → vi %s, en %s', (x, vi, en) => {
    expect(formatNumber(x, 'vi')).toBe(vi);
    expect(formatNumber(x, 'en')).toBe(en);
  });

  it('dates are dd/mm/yyyy in UTC+7', () => {
    expect(formatDateVn(D('2026-12-31'))).toBe('31/12/2026');
    // 20:00 UTC on 31 December is already 1 January in Hanoi.
    expect(formatDateVn(Date.parse('2026-12-31T20:00:00Z'))).toBe('01/01/2027');
    expect(formatDateVn(Date.parse('2026-03-05T16:59:59Z'))).toBe('05/03/2026');
  });

  it('targets in words', () => {
    expect(describeTarget({ op: '>=', value: 95, unit: '%' }, 'vi')).toBe('≥ 95%');
    expect(describeTarget({ op: '<', value: 5, unit: '%' }, 'en')).toBe('< 5%');
    expect(describeTarget({ op: '<=', value: 10, unit: 'rank' }, 'vi')).toBe('xếp hạng thứ 10 trở lên');
    expect(describeTarget({ op: '<=', value: 10, unit: 'rank' }, 'en')).toBe('rank 10 or better');
    expect(describeTarget({ op: 'between', value: 7, min: 7, max: 7.5, unit: '%' }, 'vi')).toBe('7–7,5%');
    expect(describeTarget({ op: '>=', value: 1000, unit: 'tài khoản' }, 'vi')).toBe('≥ 1.000 tài khoản');
    expect(describeTarget({ op: '>=', value: 30, unit: '%', approximate: true }, 'en')).toBe('about ≥ 30%');
  });
});

describe('explain', () => {
  it('says where the current pace leads, against the target (the DESIGN example)', () => {
    const e = explain(result());
    expect(e.vi.startsWith('Với tốc độ hiện tại, dự kiến đạt 72% vào 31/12/2026, chỉ tiêu ≥ 95%.')).toBe(true);
    expect(e.en.startsWith('At the current pace, 72% by 31/12/2026 against a target of ≥ 95%.')).toBe(true);
    expect(e.vi).toContain('Khoảng dao động: 65–79,5%.');
    expect(e.en).toContain('Likely range: 65–79.5%.');
    expect(e.vi).toContain('Khả năng không đạt: 97%.');
    expect(e.en).toContain('Chance of missing: 97%.');
  });

  it('uses comma decimals in Vietnamese only', () => {
    const e = explain(result({ forecast: 72.46 }));
    expect(e.vi).toContain('dự kiến đạt 72,5%');
    expect(e.en).toContain('72.5% by');
  });

  it('ranks read as places', () => {
    const e = explain(
      result({
        unit: 'rank',
        targetOp: '<=',
        targetValue: 10,
        forecast: 12.4,
        low: 10.6,
        high: 14.2,
        direction: 'lower',
      }),
    );
    expect(
      e.vi.startsWith('Với tốc độ hiện tại, dự kiến xếp thứ 12 vào 31/12/2026, chỉ tiêu xếp hạng thứ 10 trở lên.'),
    ).toBe(true);
    expect(e.en.startsWith('At the current pace, rank 12 by 31/12/2026 against a target of rank 10 or better.')).toBe(
      true,
    );
    expect(e.en).toContain('rank 11–14');
  });

  it('lower-is-better rates', () => {
    const e = explain(
      result({ unit: '%', targetOp: '<', targetValue: 5, forecast: 8.25, low: 7, high: 9.5, direction: 'lower' }),
    );
    expect(e.vi).toContain('dự kiến đạt 8,3% vào 31/12/2026, chỉ tiêu < 5%.');
  });

  it('prefixes the indicator name and takes a range target from the context', () => {
    const e = explain(result({ forecast: 6.5, low: 6, high: 7, targetOp: 'between', targetValue: 7 }), {
      name: 'Tăng trưởng kinh tế số',
      target: { op: 'between', value: 7, min: 7, max: 7.5, unit: '%' },
    });
    expect(
      e.vi.startsWith('Tăng trưởng kinh tế số: Với tốc độ hiện tại, dự kiến đạt 6,5% vào 31/12/2026, chỉ tiêu 7–7,5%.'),
    ).toBe(true);
  });

  it('achieved', () => {
    const e = explain(result({ level: 'achieved', latest: { atMs: D('2026-09-30'), value: 96.2 } }));
    expect(e.vi).toBe('Đã đạt chỉ tiêu ≥ 95% (hiện 96,2%); dự kiến giữ được đến 31/12/2026.');
    expect(e.en).toBe('Target of ≥ 95% already met (now 96.2%); expected to hold until 31/12/2026.');
  });

  it('after the deadline', () => {
    const e = explain(
      result({ level: 'off_track', asOfMs: D('2027-01-05'), latest: { atMs: D('2026-12-31'), value: 90 } }),
    );
    expect(e.vi).toBe('Đến hạn 31/12/2026: đạt 90%, chỉ tiêu ≥ 95% — không đạt.');
    expect(e.en).toBe('At the deadline 31/12/2026: 90% against a target of ≥ 95% — missed.');
  });

  it.each([
    ['no_observations', 'Chưa có số liệu', 'No data'],
    ['stale', 'Số liệu đã cũ (cập nhật lần cuối 30/09/2026)', 'last reported 30/09/2026'],
    ['too_few', 'Mới có một lần báo cáo', 'Only one figure'],
  ] as const)('no_data (%s) asks for data instead of forecasting', (reason, vi, en) => {
    const e = explain(
      result({
        level: 'no_data',
        noDataReason: reason,
        forecast: null,
        low: null,
        high: null,
        probabilityOfMiss: null,
      }),
    );
    expect(e.vi).toContain(vi);
    expect(e.en).toContain(en);
    expect(e.vi).toContain('Chỉ tiêu ≥ 95%, hạn 31/12/2026.');
  });

  it('explains a real forecast', () => {
    const r = forecast({
      observations: monthly([40, 48, 56, 64, 70, 70, 70, 70, 70]),
      target: { op: '>=', value: 95, unit: '%' },
      deadlineMs: D('2026-12-31'),
      asOfMs: D('2026-10-05'),
    });
    expect(explain(r).vi).toMatch(/^Với tốc độ hiện tại, dự kiến đạt 70% vào 31\/12\/2026, chỉ tiêu ≥ 95%\./);
  });
});
