import { describeTarget } from './targets';

describe('describeTarget', () => {
  const t = { op: '>=', value: 95, min: null, max: null, unit: '%', approximate: false };
  it('writes the operator, the value and the unit', () => {
    expect(describeTarget(t)).toBe('≥ 95%');
    expect(describeTarget({ ...t, op: '<=', value: 2.5, unit: 'ngày' }, (n) => n.toLocaleString('vi-VN'))).toBe(
      '≤ 2,5 ngày',
    );
    expect(describeTarget({ ...t, op: 'between', value: null, min: 10, max: 20, unit: null })).toBe('10–20');
    expect(describeTarget({ ...t, approximate: true })).toBe('≈ ≥ 95%');
  });
});
