import { dataValues, dhis2Uid, type Dhis2Query } from './dhis2-source.js';
import { parseTargets } from '@kpi/shared/targets';
import type { SimulatedSeries } from '../connectors/simulator.js';

const series: SimulatedSeries[] = [
  {
    agency: 'ward-a',
    indicator: 'plan/1',
    scoring: {
      targets: parseTargets('≥ 95%'),
      unit: '%',
      trajectory: 'linear',
      baseline: null,
      startMs: Date.UTC(2025, 0, 1),
      deadlineMs: Date.UTC(2025, 11, 31),
      maxAgeDays: 45,
    },
  },
];
const units = new Map([['ward-a', [dhis2Uid('orgUnit', 'ward-a'), dhis2Uid('orgUnit', 'city')]]]);
const query = (q: Partial<Dhis2Query>): Dhis2Query => ({
  dataSet: 'x',
  periods: null,
  startDate: null,
  endDate: null,
  orgUnits: [dhis2Uid('orgUnit', 'city')],
  children: true,
  ...q,
});

describe('simulated DHIS2 data values', () => {
  const now = Date.UTC(2025, 3, 15); // mid-April: January to March have closed

  it('reports each closed month from the start, stamped as a DHIS2 monthly period', () => {
    const values = dataValues(series, query({}), units, now);
    expect(values.map((v) => v.period)).toEqual(['202501', '202502', '202503']);
    expect(values[0]).toMatchObject({
      dataElement: dhis2Uid('dataElement', 'plan/1'),
      orgUnit: dhis2Uid('orgUnit', 'ward-a'),
      categoryOptionCombo: 'HllvX50cXC0',
    });
    expect(values.every((v) => /^\d+(\.\d+)?$/.test(v.value))).toBe(true);
  });

  it('filters by period, by date range and by org unit (children or the unit itself)', () => {
    expect(dataValues(series, query({ periods: ['202502'] }), units, now).map((v) => v.period)).toEqual(['202502']);
    expect(
      dataValues(series, query({ startDate: '2025-02-01', endDate: '2025-02-28' }), units, now).map((v) => v.period),
    ).toEqual(['202502']);
    expect(dataValues(series, query({ children: false }), units, now)).toEqual([]);
    expect(
      dataValues(series, query({ children: false, orgUnits: [dhis2Uid('orgUnit', 'ward-a')] }), units, now),
    ).toHaveLength(3);
  });

  it('makes UIDs DHIS2 accepts, stable per code and kind', () => {
    expect(dhis2Uid('orgUnit', 'x')).toMatch(/^[a-zA-Z][a-zA-Z0-9]{10}$/);
    expect(dhis2Uid('orgUnit', 'x')).toBe(dhis2Uid('orgUnit', 'x'));
    expect(dhis2Uid('orgUnit', 'x')).not.toBe(dhis2Uid('dataElement', 'x'));
  });
});
