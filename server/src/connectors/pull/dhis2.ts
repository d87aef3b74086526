// DHIS2 periods → the time a value refers to. A DHIS2 value describes a whole period (a month,
// a quarter, a year…); we stamp it at the period's last day, because the plan's targets are
// "by <date>" states (e.g. 31/12/2026): a yearly 2026 value must count at the year's end, not as
// if it had been measured on 1 January. A period that has not ended yet is therefore "in the
// future" and rejected by ingestion until it closes: DHIS2 values of an open period are partial.
// The date is written without a time (midnight UTC), like the dates our sources push.
//
// Category option combos: DHIS2 may report one data element for an org unit and period several
// times, broken down by a category (sex, age group, channel…), one value per combo. Our
// indicators have one value per agency and period, so the connector's `categoryOptionCombo`
// says what to take: one combo's values (its id; the others are left out, they are other
// breakdowns, not errors), or "sum" (the total of a count over its breakdowns — not meaningful
// for a rate). Without it, a value reported by one combo (usually DHIS2's "default") is taken
// as it is, and one broken down by several is rejected with a reason that says what to set,
// rather than keeping whichever breakdown came last.
import type { RejectedValue } from '../connectors.repository.js';
import type { MappedBatch } from './mapping.js';

function iso(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

/** Last day of a month (1-based). */
function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The last day (YYYY-MM-DD) of a DHIS2 period, or null when the format is not supported. */
export function dhis2PeriodEnd(period: string): string | null {
  const p = period.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(p))) return iso(+m[1], 12, 31);
  if ((m = /^(\d{4})(\d{2})$/.exec(p))) {
    const [y, mo] = [+m[1], +m[2]];
    return mo >= 1 && mo <= 12 ? iso(y, mo, lastDay(y, mo)) : null;
  }
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(p))) {
    const [y, mo, d] = [+m[1], +m[2], +m[3]];
    return mo >= 1 && mo <= 12 && d >= 1 && d <= lastDay(y, mo) ? iso(y, mo, d) : null;
  }
  if ((m = /^(\d{4})Q([1-4])$/.exec(p))) return iso(+m[1], +m[2] * 3, lastDay(+m[1], +m[2] * 3));
  if ((m = /^(\d{4})S([12])$/.exec(p))) return iso(+m[1], +m[2] * 6, +m[2] === 1 ? 30 : 31);
  if ((m = /^(\d{4})(\d{2})B$/.exec(p))) {
    // bi-monthly: 202601B is January–February
    const [y, b] = [+m[1], +m[2]];
    return b >= 1 && b <= 6 ? iso(y, b * 2, lastDay(y, b * 2)) : null;
  }
  if ((m = /^(\d{4})W(\d{1,2})$/.exec(p))) {
    // ISO week: week 1 holds the year's first Thursday; weeks run Monday–Sunday
    const [y, w] = [+m[1], +m[2]];
    const jan4 = new Date(Date.UTC(y, 0, 4));
    const week1Monday = Date.UTC(y, 0, 4 - ((jan4.getUTCDay() + 6) % 7));
    const weeksInYear = dhis2IsoWeeks(y);
    if (w < 1 || w > weeksInYear) return null;
    return new Date(week1Monday + ((w - 1) * 7 + 6) * 86_400_000).toISOString().slice(0, 10);
  }
  return null;
}

function dhis2IsoWeeks(y: number): number {
  // a year has 53 ISO weeks when 1 January or 31 December is a Thursday
  const thursday = (d: Date) => d.getUTCDay() === 4;
  return thursday(new Date(Date.UTC(y, 0, 1))) || thursday(new Date(Date.UTC(y, 11, 31))) ? 53 : 52;
}

/** The time of a DHIS2 data value, from its period. */
export function dhis2Time(record: unknown): { at: string } | { reason: string } {
  const period = (record as Record<string, unknown>).period;
  if (typeof period !== 'string' || !period) return { reason: 'missing period' };
  const at = dhis2PeriodEnd(period);
  return at ? { at } : { reason: `unsupported DHIS2 period "${period.slice(0, 30)}"` };
}

/** The data values of a DHIS2 dataValueSets response. */
export function dhis2Values(body: unknown): { records: unknown[] } | { error: string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { error: 'not a dataValueSet object' };
  const values = (body as Record<string, unknown>).dataValues;
  if (values === undefined) return { records: [] }; // DHIS2 leaves the array out when nothing matches
  if (!Array.isArray(values)) return { error: 'dataValues is not an array' };
  return { records: values };
}

/** The `categoryOptionCombo` setting: a combo id to keep, "sum", or null (one combo only). */
export type ComboRule = string | null;

/**
 * Applies the combo rule to a mapped batch; `records` are the ones `batch.sourceIndex` points at.
 * Items are grouped by (agency, indicator, time), i.e. by data element, org unit and period.
 */
export function resolveCombos(batch: MappedBatch, records: readonly unknown[], rule: ComboRule): MappedBatch {
  const comboOf = (k: number) => {
    const c = (records[batch.sourceIndex[k]] as Record<string, unknown>).categoryOptionCombo;
    return typeof c === 'string' && c ? c : null;
  };
  const groups = new Map<string, number[]>();
  batch.items.forEach((item, k) => {
    const key = `${item.agency}|${item.indicator}|${item.at}`;
    const group = groups.get(key);
    if (group) group.push(k);
    else groups.set(key, [k]);
  });
  const out: MappedBatch = { items: [], sourceIndex: [], rejected: [...batch.rejected] };
  const keep = (k: number, value = batch.items[k].value) => {
    out.items.push({ ...batch.items[k], value });
    out.sourceIndex.push(batch.sourceIndex[k]);
  };
  const rejected: RejectedValue[] = [];
  for (const group of groups.values()) {
    if (rule !== null && rule !== 'sum') {
      // a value without a combo is not a breakdown: it is the value
      for (const k of group) if (comboOf(k) === rule || comboOf(k) === null) keep(k);
      continue;
    }
    const combos = new Set(group.map(comboOf));
    if (combos.size <= 1) {
      for (const k of group) keep(k);
    } else if (rule === 'sum') {
      // a value without a combo beside the breakdowns is their total already: it is the value
      const total = group.find((k) => comboOf(k) === null);
      if (total !== undefined) keep(total);
      else
        keep(
          group[0],
          group.reduce((sum, k) => sum + batch.items[k].value, 0),
        );
    } else {
      for (const k of group)
        rejected.push({
          index: batch.sourceIndex[k],
          field: 'categoryOptionCombo',
          reason:
            `broken down by ${combos.size} category option combos for this org unit and period: ` +
            'set the connector\'s categoryOptionCombo to one of them or to "sum"',
        });
    }
  }
  out.rejected.push(...rejected);
  return out;
}
