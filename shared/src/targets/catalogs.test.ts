// The real target texts of the five plan catalogs (seeds/catalogs): every one parses, the targets
// stored beside it (written by scripts/seeds-targets.mjs) are what the parser gives today, and a
// selection of them has its expected value spelled out here.
import { readdirSync, readFileSync } from 'node:fs';
import { parseTargets, type Target, type TargetOp } from './index.js';

interface CatalogIndicator {
  code: string;
  targetText: string | null;
  targets?: Target[];
}

const catalogDir = new URL('../../../seeds/catalogs/', import.meta.url);
const catalogs = readdirSync(catalogDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => {
    const json = JSON.parse(readFileSync(new URL(name, catalogDir), 'utf8')) as { indicators: CatalogIndicator[] };
    return { name, indicators: json.indicators };
  });
const indicators = new Map(catalogs.flatMap((c) => c.indicators.map((i) => [i.code, i] as const)));

const t = (op: TargetOp, value: number, unit: string | null = null, approximate = false): Target => ({
  op,
  value,
  min: null,
  max: null,
  unit,
  approximate,
});
const range = (min: number, max: number, unit: string | null = null): Target => ({
  op: 'between',
  value: min,
  min,
  max,
  unit,
  approximate: false,
});
const pct = (op: TargetOp, value: number): Target => t(op, value, '%');
const rank = (value: number): Target => t('<=', value, 'rank');

it('finds the five plan catalogs', () => {
  expect(catalogs.map((c) => c.name)).toEqual([
    'dong-da-2025.json',
    'hai-phong-2024.json',
    'hanoi-139-2025.json',
    'hanoi-402-2025.json',
    'vinh-tuy-2026.json',
  ]);
});

describe.each(catalogs)('$name', ({ indicators: list }) => {
  const withText = list.filter((i) => i.targetText !== null);
  const withoutText = list.filter((i) => i.targetText === null);

  it.each(withText.map((i) => [i.code, i] as const))('%s: its target text parses', (_code, indicator) => {
    const targets = parseTargets(indicator.targetText!);
    expect(targets.length).toBeGreaterThanOrEqual(1);
    if (indicator.targets !== undefined) expect(indicator.targets).toEqual(targets);
  });

  if (withoutText.length > 0) {
    it.each(withoutText.map((i) => [i.code, i] as const))('%s: no target text, no targets', (_code, indicator) => {
      if (indicator.targets !== undefined) expect(indicator.targets).toEqual([]);
    });
  }
});

// Real target texts, with the targets a reader of the plan expects.
const EXPECTED: ReadonlyArray<readonly [code: string, text: string, targets: Target[]]> = [
  // Đống Đa ward 2025
  ['dong-da-2025/1', '100%', [pct('>=', 100)]],
  ['dong-da-2025/7', 'Trên 90%', [pct('>', 90)]],
  ['dong-da-2025/9', '20%', [pct('>=', 20)]],
  ['dong-da-2025/26', 'Khoảng 30%', [t('>=', 30, '%', true)]],
  ['dong-da-2025/27', '7% - 7,5%', [range(7, 7.5, '%')]],
  ['dong-da-2025/30', 'Trên 2%', [pct('>', 2)]],
  ['dong-da-2025/38', '30%', [pct('>=', 30)]],
  // Hải Phòng 2024
  ['hai-phong-2024/text-5', '30% GRDP', [pct('>=', 30)]],
  ['hai-phong-2024/text-7a', 'trên 50%', [pct('>', 50)]],
  ['hai-phong-2024/text-7b', 'tối thiểu 35%', [pct('>=', 35)]],
  ['hai-phong-2024/VII.1a', 'cho 100% hệ thống thông tin', [pct('>=', 100)]],
  ['hai-phong-2024/VII.1b', '100% hệ thống thông tin được', [pct('>=', 100)]],
  ['hai-phong-2024/VII.1c', 'tối thiểu 1 lần/2 năm', [t('>=', 1, 'lần/2 năm')]],
  ['hai-phong-2024/VII.1d', 'tối thiểu 1 lần/1 năm', [t('>=', 1, 'lần/1 năm')]],
  ['hai-phong-2024/VII.1e', '1 lần/06 tháng', [t('>=', 1, 'lần/06 tháng')]],
  ['hai-phong-2024/VII.1f', 'tối thiểu 01 cuộc diễn tập thực chiến/năm', [t('>=', 1, 'cuộc')]],
  ['hai-phong-2024/VII.1g', '100% các trang, cổng thông tin điện tử', [pct('>=', 100)]],
  // Hà Nội plan 139 (Resolution 57): the unit column holds "%", the target column the number.
  ['hanoi-139-2025/1', 'Thuộc nhóm 5 tỉnh/thành phố dẫn đầu cả nước', [rank(5)]],
  ['hanoi-139-2025/2', 'Đứng đầu cả nước', [rank(1)]],
  ['hanoi-139-2025/3', '100', [t('>=', 100)]],
  ['hanoi-139-2025/5', '> 80', [t('>', 80)]],
  ['hanoi-139-2025/12', '≥ 30', [t('>=', 30)]],
  ['hanoi-139-2025/18', '2', [t('>=', 2)]],
  ['hanoi-139-2025/20', 'từ 14 người/vạn dân trở lên', [t('>=', 14, 'người/vạn dân')]],
  ['hanoi-139-2025/22', '16 - 18', [range(16, 18)]],
  ['hanoi-139-2025/24', 'Thuộc nhóm 5 tỉnh/thành phố dẫn đầu cả nước', [rank(5)]],
  ['hanoi-139-2025/27', '8 - 10', [range(8, 10)]],
  ['hanoi-139-2025/28', '$\\geq 3\\%$', [pct('>=', 3)]],
  ['hanoi-139-2025/29', '1 - 2', [range(1, 2)]],
  ['hanoi-139-2025/42', '>0.88', [t('>', 0.88)]],
  ['hanoi-139-2025/43', 'Đứng đầu cả nước', [rank(1)]],
  ['hanoi-139-2025/46', '70-80', [range(70, 80)]],
  ['hanoi-139-2025/47', '≥80', [t('>=', 80)]],
  ['hanoi-139-2025/60', '2-3', [range(2, 3)]],
  ['hanoi-139-2025/61', '1', [t('>=', 1)]],
  ['hanoi-139-2025/67', 'Thuộc nhóm 5 tỉnh/thành phố dẫn đầu cả nước', [rank(5)]],
  ['hanoi-139-2025/68', '2-2,5', [range(2, 2.5)]],
  // Hà Nội plan 402 (smart city)
  ['hanoi-402-2025/15a', 'Các sở, ban, ngành: 100%', [pct('>=', 100)]],
  ['hanoi-402-2025/15b', 'Cấp huyện: 100%', [pct('>=', 100)]],
  ['hanoi-402-2025/15c', 'Cấp xã: 80%', [pct('>=', 80)]],
  ['hanoi-402-2025/16a', 'TP: 70%', [pct('>=', 70)]],
  ['hanoi-402-2025/16b', 'H: 60%', [pct('>=', 60)]],
  ['hanoi-402-2025/16c', 'X: 50%', [pct('>=', 50)]],
  ['hanoi-402-2025/26', 'Khoảng 30%', [t('>=', 30, '%', true)]],
  ['hanoi-402-2025/27', 'Tối thiểu 10%', [pct('>=', 10)]],
  ['hanoi-402-2025/28', '7% - 7,5%', [range(7, 7.5, '%')]],
  ['hanoi-402-2025/29', 'Trên 10%', [pct('>', 10)]],
  // Vĩnh Tuy ward 2026
  ['vinh-tuy-2026/2', 'ít nhất 50%', [pct('>=', 50)]],
  ['vinh-tuy-2026/10', 'đạt tối thiểu 95%', [pct('>=', 95)]],
  ['vinh-tuy-2026/11', 'xếp hạng từ thứ 10 trở lên', [rank(10)]],
  ['vinh-tuy-2026/12', 'đạt ≥ 98%', [pct('>=', 98)]],
  ['vinh-tuy-2026/13', '< 5%', [pct('<', 5)]],
  ['vinh-tuy-2026/15', 'đạt > 85%', [pct('>', 85)]],
  ['vinh-tuy-2026/17', 'đạt trên 60%', [pct('>', 60)]],
  ['vinh-tuy-2026/22a', 'tối thiểu 20 bộ', [t('>=', 20, 'bộ')]],
  ['vinh-tuy-2026/22b', 'tối thiểu 5 sản phẩm/dịch vụ', [t('>=', 5, 'sản phẩm/dịch vụ')]],
  ['vinh-tuy-2026/23', 'tối thiểu 7-8%/năm', [range(7, 8, '%')]],
  ['vinh-tuy-2026/26b', 'đạt 90%', [pct('>=', 90)]],
  ['vinh-tuy-2026/29', 'đạt \\geq 60%', [pct('>=', 60)]],
  ['vinh-tuy-2026/34', '$\\geq 75\\%$', [pct('>=', 75)]],
  ['vinh-tuy-2026/35', 'đạt $\\geq 85\\%$', [pct('>=', 85)]],
  ['vinh-tuy-2026/44', 'đạt 100%', [pct('>=', 100)]],
  ['vinh-tuy-2026/45a', 'tối thiểu 01 chiến dịch', [t('>=', 1, 'chiến dịch')]],
  ['vinh-tuy-2026/47', 'Tối thiểu 70%', [pct('>=', 70)]],
];

describe('real target texts', () => {
  it('covers at least 40 texts from all five plans', () => {
    expect(EXPECTED.length).toBeGreaterThanOrEqual(40);
    expect(new Set(EXPECTED.map(([code]) => code.split('/')[0])).size).toBe(5);
  });

  it.each(EXPECTED)('%s: %s', (code, text, expected) => {
    expect(indicators.get(code)?.targetText).toBe(text);
    expect(parseTargets(text)).toEqual(expected);
  });
});
