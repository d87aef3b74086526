// The demo's simulated DHIS2 instance: the city's statistics system as DHIS2 would hold plan
// 139's indicators — one data set, one data element per indicator, one organisation unit per
// agency, monthly periods, 11-character UIDs — answering `GET /api/dataValueSets` in DHIS2's own
// shape. The demo's `dhis2` connector pulls from it through the real connector path (HTTP, basic
// authentication, code maps, periods stamped at their end), so `npm start` shows a pull source
// at work, not only values written straight into the database. Values come from the same
// deterministic simulator as the `simulator` connector (connectors/simulator.ts).
import { createHash } from 'node:crypto';
import { simulatedValue, type SimulatedSeries } from '../connectors/simulator.js';

/** The plan whose values the simulated DHIS2 holds. */
export const DHIS2_DEMO_PLAN = 'hanoi-139-2025';

const UID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A stable DHIS2-style UID for one of our codes: 11 characters, a letter first. */
export function dhis2Uid(kind: 'dataSet' | 'dataElement' | 'orgUnit', code: string): string {
  const bytes = createHash('sha256').update(`${kind}:${code}`).digest();
  let uid = UID_ALPHABET[bytes[0] % 52];
  for (let i = 1; i < 11; i++) uid += UID_ALPHABET[bytes[i] % 62];
  return uid;
}

export interface Dhis2Query {
  dataSet: string;
  /** Explicit periods (YYYYMM), or a date range. */
  periods: string[] | null;
  startDate: string | null;
  endDate: string | null;
  orgUnits: string[];
  children: boolean;
}

export interface Dhis2DataValue {
  dataElement: string;
  period: string;
  orgUnit: string;
  categoryOptionCombo: string;
  attributeOptionCombo: string;
  value: string;
  storedBy: string;
  lastUpdated: string;
  followup: boolean;
}

/** DHIS2's default category option combo, which values without a disaggregation carry. */
export const DEFAULT_COMBO = 'HllvX50cXC0';

function monthEndMs(year: number, month: number): number {
  return Date.UTC(year, month, 0); // month is 1-based: day 0 of the next month is the last day
}

/**
 * The data values the query selects: one per assignment and closed month (a month whose last day
 * has begun: DHIS2 values of an open period are partial, and the connector stamps a period at its
 * last day), from the indicator's start. `agencyUnits` maps each agency to the org units it
 * belongs to (itself and, for `children`, every ancestor).
 */
export function dataValues(
  series: SimulatedSeries[],
  query: Dhis2Query,
  agencyUnits: Map<string, string[]>,
  nowMs: number,
): Dhis2DataValue[] {
  const wanted = new Set(query.orgUnits);
  const inUnits = (agency: string) => {
    const units = agencyUnits.get(agency) ?? [];
    return query.children ? units.some((u) => wanted.has(u)) : wanted.has(units[0]);
  };
  const from = query.startDate ? Date.parse(`${query.startDate}T00:00:00Z`) : -Infinity;
  const to = query.endDate ? Date.parse(`${query.endDate}T00:00:00Z`) : Infinity;
  const periods = query.periods ? new Set(query.periods) : null;
  const out: Dhis2DataValue[] = [];
  for (const s of series) {
    if (!inUnits(s.agency)) continue;
    const start = new Date(s.scoring.startMs ?? nowMs);
    // one series is one (data element, org unit): their UIDs are hashed once, not per month
    const dataElement = dhis2Uid('dataElement', s.indicator);
    const orgUnit = dhis2Uid('orgUnit', s.agency);
    for (let k = start.getUTCFullYear() * 12 + start.getUTCMonth(); ; k++) {
      const [y, m] = [Math.floor(k / 12), (k % 12) + 1];
      const endMs = monthEndMs(y, m);
      if (endMs > nowMs || endMs > to) break;
      const period = `${y}${String(m).padStart(2, '0')}`;
      if (endMs < from || (periods && !periods.has(period))) continue;
      const value = simulatedValue(s, endMs);
      if (value === null) continue;
      out.push({
        dataElement,
        period,
        orgUnit,
        categoryOptionCombo: DEFAULT_COMBO,
        attributeOptionCombo: DEFAULT_COMBO,
        value: String(Math.round(value * 100) / 100),
        storedBy: 'demo',
        lastUpdated: new Date(Math.min(nowMs, endMs + 86_400_000)).toISOString().replace('Z', ''),
        followup: false,
      });
    }
  }
  return out;
}
