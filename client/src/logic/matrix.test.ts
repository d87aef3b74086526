import { groupByPillar, sortRows, statusCounts, type MatrixRow } from './matrix';

const cell = (score: number, status: 'achieved' | 'on_track' | 'behind' | 'no_data') => ({
  value: score * 100,
  score,
  status,
  level: null,
  observedAt: null,
  targetInForce: null,
});

const rows: MatrixRow[] = [
  { code: 'a', name: 'Ủy ban', kind: 'ward', score: 80, rank: 1, cells: { x: cell(1, 'achieved'), y: null } },
  {
    code: 'b',
    name: 'Công an',
    kind: 'police',
    score: 60,
    rank: 2,
    cells: { x: cell(0.5, 'behind'), y: cell(0, 'no_data') },
  },
  { code: 'c', name: 'Bưu điện', kind: 'post', score: 60, rank: 2, cells: { x: null, y: cell(0.9, 'on_track') } },
];

describe('groupByPillar', () => {
  it("keeps the plan's pillar order, then adds others, and drops empty pillars", () => {
    const groups = groupByPillar(
      [
        { code: '1', name: '', pillar: 'society', unit: null },
        { code: '2', name: '', pillar: 'government', unit: null },
        { code: '3', name: '', pillar: 'other', unit: null },
        { code: '4', name: '', pillar: 'government', unit: null },
      ],
      ['government', 'economy', 'society'],
    );
    expect(groups.map((g) => [g.pillar, g.indicators.map((i) => i.code)])).toEqual([
      ['government', ['2', '4']],
      ['society', ['1']],
      ['other', ['3']],
    ]);
  });
});

describe('sortRows', () => {
  it('sorts by one indicator, unassigned cells last whatever the direction', () => {
    expect(sortRows(rows, 'cell:x', 'desc').map((r) => r.code)).toEqual(['a', 'b', 'c']);
    expect(sortRows(rows, 'cell:x', 'asc').map((r) => r.code)).toEqual(['b', 'a', 'c']);
  });
  it('breaks ties by rank and sorts names the Vietnamese way', () => {
    expect(sortRows(rows, 'score', 'desc').map((r) => r.code)).toEqual(['a', 'b', 'c']);
    expect(sortRows(rows, 'name', 'asc').map((r) => r.name)).toEqual(['Bưu điện', 'Công an', 'Ủy ban']);
  });
  it('does not reorder its input', () => {
    sortRows(rows, 'name', 'asc');
    expect(rows.map((r) => r.code)).toEqual(['a', 'b', 'c']);
  });
});

describe('statusCounts', () => {
  it('counts assigned cells by status', () => {
    expect(statusCounts(rows[1])).toEqual({ achieved: 0, on_track: 0, behind: 1, no_data: 1 });
  });
});
