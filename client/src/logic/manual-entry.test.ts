import { checkManual, emptyManualForm, parseValue } from './manual-entry';

describe('manual entry form', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');

  it('reads numbers typed with a decimal comma or point', () => {
    expect(parseValue('62,5')).toBe(62.5);
    expect(parseValue('62.5')).toBe(62.5);
    expect(parseValue('1.234,5')).toBe(1234.5);
    expect(parseValue('1,234')).toBe(1.234);
    expect(parseValue(' 80 ')).toBe(80);
    expect(parseValue('abc')).toBeNull();
    expect(parseValue('')).toBeNull();
  });

  it('names every missing or wrong field, the reason included', () => {
    expect(checkManual(emptyManualForm(), now)).toEqual({
      errors: { agency: 'required', indicator: 'required', at: 'required', value: 'required', reason: 'required' },
      body: null,
    });
    const form = { agency: 'a', indicator: 'p/1', at: '2027-01-01T00:00', value: 'x', reason: '   ' };
    expect(checkManual(form, now).errors).toEqual({ at: 'future', value: 'number', reason: 'required' });
  });

  it('builds the body the endpoint takes', () => {
    const at = '2026-11-29T08:30';
    const { errors, body } = checkManual(
      { agency: 'vinh-tuy-ca', indicator: 'vinh-tuy-2026/26a', at, value: '62,5', reason: ' Báo cáo giấy tháng 11 ' },
      now,
    );
    expect(errors).toEqual({});
    expect(body).toEqual({
      agency: 'vinh-tuy-ca',
      indicator: 'vinh-tuy-2026/26a',
      at: new Date(at).toISOString(),
      value: 62.5,
      reason: 'Báo cáo giấy tháng 11',
    });
  });
});
