// Vietnamese number notation and text clean-up, below the parser.
import { isYearLike, readNumber, scale } from './numbers.js';
import { normalizeTargetText } from './normalize.js';
import { tokenize } from './tokenize.js';

describe('readNumber', () => {
  it.each<[string, number | null]>([
    ['100', 100],
    ['01', 1],
    ['7,5', 7.5],
    ['0,88', 0.88],
    ['1.000', 1000],
    ['10.885', 10885],
    ['1.000.000', 1_000_000],
    ['1.000,5', 1000.5],
    ['0.88', 0.88], // not three digits after the dot: a decimal point
    ['2.5', 2.5],
    ['1234.5', 1234.5],
    ['0.885', 0.885], // "0." never starts a grouped thousand
    ['01.10.2026', null], // a date
    ['1.2.3', null], // a version
    ['1,2,3', null], // a list
    ['1.5,5', null],
    ['', null],
    ['abc', null],
    ['-5', null],
  ])('%s → %s', (raw, expected) => {
    expect(readNumber(raw)).toBe(expected);
  });
});

describe('scale', () => {
  it('multiplies without binary noise', () => {
    expect(2.01 * 1e6).not.toBe(2_010_000);
    expect(scale(2.01, 1e6)).toBe(2_010_000);
    expect(scale(0.3, 1e9)).toBe(300_000_000);
  });
});

describe('isYearLike', () => {
  it.each<[string, boolean]>([
    ['2026', true],
    ['1900', true],
    ['2100', true],
    ['2101', false],
    ['1899', false],
    ['2.026', false],
    ['202', false],
  ])('%s → %s', (raw, expected) => {
    expect(isYearLike(raw, readNumber(raw)!)).toBe(expected);
  });
});

describe('normalizeTargetText', () => {
  it.each<[string, string]>([
    ['Tối thiểu'.normalize('NFD'), 'Tối thiểu'],
    ['  đạt\u00a0\u00a0 ≥\t95% ', 'đạt ≥ | 95%'],
    ['$\\geq 75\\%$', '≥ 75%'],
    ['đạt \\geq 60%', 'đạt ≥ 60%'],
    ['$\\leq 5\\%$', '≤ 5%'],
    ['>= 5', '≥ 5'],
    ['<= 5', '≤ 5'],
    ['7–8', '7-8'],
    ['**90%**', '90%'],
    ['<b>≥ 95%</b>', '≥ 95%'],
    ['&ge; 95%', '≥ 95%'],
    ['top10', 'top 10'],
    ['5\u200b0%', '50%'],
  ])('%j → %j', (text, expected) => {
    expect(normalizeTargetText(text)).toBe(expected);
  });

  it('gives an empty string for anything that is not a string', () => {
    expect(normalizeTargetText(null)).toBe('');
    expect(normalizeTargetText(42)).toBe('');
  });
});

describe('tokenize', () => {
  const kinds = (text: string): string[] => tokenize(text).map((tok) => `${tok.kind}:${tok.raw}`);

  it('splits numbers, words and symbols', () => {
    expect(kinds('đạt ≥ 7,5%')).toEqual(['word:đạt', 'sym:≥', 'num:7,5', 'sym:%']);
  });

  it('keeps identifiers with digits whole', () => {
    expect(kinds('5G NĐ-CP Covid-19 IPv6')).toEqual(['word:5G', 'word:NĐ-CP', 'word:Covid-19', 'word:IPv6']);
  });

  it('splits a number from a glued unit', () => {
    expect(kinds('1Gb/s 100Mbps 5km 10m²')).toEqual([
      'num:1',
      'word:Gb/s',
      'num:100',
      'word:Mbps',
      'num:5',
      'word:km',
      'num:10',
      'word:m²',
    ]);
  });

  it('records whether a space precedes a token', () => {
    expect(tokenize('7 - 8').map((tok) => tok.spaced)).toEqual([false, true, true]);
    expect(tokenize('01/10').map((tok) => tok.spaced)).toEqual([false, false, false]);
  });
});
