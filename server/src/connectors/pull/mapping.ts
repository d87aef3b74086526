// Pure mapping from a source's records to our observations {agency, indicator, at, value}:
// JSONPath-like field paths, optional constants and code maps (source code → our code). A record
// that cannot be mapped becomes a rejected value naming its index, field and reason; the others
// go on to ingestion. No I/O here, so every rule is unit-tested on its own.
import type { RejectedValue } from '../connectors.repository.js';

export interface FieldMapping {
  agency?: string;
  indicator?: string;
  at?: string;
  value?: string;
}

export interface MappingConfig {
  /** where each field is in a record (a path); for sql and csv, a column name */
  fields?: FieldMapping;
  /** a fixed agency or indicator when the source reports only one */
  constants?: { agency?: string; indicator?: string };
  /** source code → our code; when a map is given, a code missing from it is rejected */
  codeMap?: { agency?: Record<string, string>; indicator?: Record<string, string> };
  /** how a time is written when it is a number: epoch milliseconds (default) or seconds */
  timeFormat?: 'iso' | 'epoch-ms' | 'epoch-s';
}

export interface MappedItem {
  agency: string;
  indicator: string;
  at: string;
  value: number;
}

export interface MappedBatch {
  items: MappedItem[];
  /** for each item, the index of the source record it came from */
  sourceIndex: number[];
  rejected: RejectedValue[];
}

type Segment = string | number;

/** The mapped fields; columns default to their own names (agency, indicator, at, value). */
export function columnFields(config: MappingConfig, columns: boolean): FieldMapping {
  const f = config.fields ?? {};
  if (!columns) return { ...f, at: f.at ?? 'at', value: f.value ?? 'value' };
  return {
    agency: f.agency ?? (config.constants?.agency ? undefined : 'agency'),
    indicator: f.indicator ?? (config.constants?.indicator ? undefined : 'indicator'),
    at: f.at ?? 'at',
    value: f.value ?? 'value',
  };
}

/** `$.data.items[0].value`, `data.items[0]['a b']`, `value` → segments; throws on a malformed path. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  let rest = path.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  if (rest === '') return segments;
  const token = /^(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[(?:'([^']*)'|"([^"]*)")\])/;
  if (!rest.startsWith('.') && !rest.startsWith('[')) rest = '.' + rest;
  while (rest.length) {
    const m = token.exec(rest);
    if (!m || m[0] === '') throw new Error(`malformed path "${path}" at "${rest}"`);
    segments.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] ?? m[4])!));
    rest = rest.slice(m[0].length);
  }
  return segments;
}

/** The value at `path` in `data`, or undefined when any step is missing. */
export function getPath(data: unknown, path: string | Segment[]): unknown {
  const segments = typeof path === 'string' ? parsePath(path) : path;
  let current: unknown = data;
  for (const s of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[s];
  }
  return current;
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A number from a source value: numbers as they are, numeric strings (CSV, DHIS2 and many JSON
 * APIs send strings) parsed; anything else is a reason. A blank is missing, never a 0.
 */
export function toNumber(raw: unknown): { value: number } | { reason: string } {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : { reason: `not a finite number: ${raw}` };
  if (typeof raw === 'string') {
    const s = raw.trim();
    if (s === '') return { reason: 'missing (blank)' };
    if (NUMERIC.test(s)) return { value: Number(s) };
    return { reason: `not a number: "${s.slice(0, 60)}"` };
  }
  if (raw === null || raw === undefined) return { reason: 'missing' };
  return { reason: `not a number: ${typeof raw}` };
}

/** An ISO time from a source value: ISO strings pass through (ingestion checks them), numbers are epochs. */
export function toTime(
  raw: unknown,
  format: MappingConfig['timeFormat'] = 'epoch-ms',
): { at: string } | { reason: string } {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? { reason: 'invalid date' } : { at: raw.toISOString() };
  if (typeof raw === 'string' && raw.trim()) {
    const s = raw.trim();
    if (format !== 'iso' && /^\d+$/.test(s)) return toTime(Number(s), format);
    return { at: s };
  }
  if (typeof raw === 'number' && Number.isFinite(raw) && format !== 'iso') {
    const d = new Date(format === 'epoch-s' ? raw * 1000 : raw);
    return Number.isNaN(d.getTime()) ? { reason: `not a time: ${raw}` } : { at: d.toISOString() };
  }
  if (raw === null || raw === undefined || raw === '') return { reason: 'missing' };
  return { reason: `not a time: ${JSON.stringify(raw).slice(0, 60)}` };
}

function toCode(
  raw: unknown,
  constant: string | undefined,
  map: Record<string, string> | undefined,
): { code: string } | { reason: string } {
  const source = raw === undefined || raw === null || raw === '' ? constant : raw;
  if (source === undefined) return { reason: 'missing' };
  if (typeof source !== 'string' && typeof source !== 'number') return { reason: `not a code: ${typeof source}` };
  const code = String(source).trim();
  if (!map) return { code };
  const mapped = Object.prototype.hasOwnProperty.call(map, code) ? map[code] : undefined;
  return mapped ? { code: mapped } : { reason: `source code "${code.slice(0, 60)}" is not in the code map` };
}

/** Maps records (numbered from `firstIndex`, e.g. across pages) to observations and rejections. */
export function mapRecords(
  records: readonly unknown[],
  config: MappingConfig,
  options: {
    /** index of the first record (records are numbered across pages) */
    firstIndex?: number;
    /** fields are column names (csv, sql), not paths */
    columns?: boolean;
    /** the time of a record when the source has its own notion of it (DHIS2 periods) */
    timeOf?: (record: unknown) => { at: string } | { reason: string };
  } = {},
): MappedBatch {
  const { firstIndex = 0, columns = false, timeOf } = options;
  const fields = columnFields(config, columns);
  const toPath = (f: string | undefined) => (f === undefined ? null : columns ? [f] : parsePath(f));
  const paths = {
    agency: toPath(fields.agency),
    indicator: toPath(fields.indicator),
    at: toPath(fields.at)!,
    value: toPath(fields.value)!,
  };
  const out: MappedBatch = { items: [], sourceIndex: [], rejected: [] };
  records.forEach((record, i) => {
    const index = firstIndex + i;
    const reject = (field: string, reason: string) => out.rejected.push({ index, field, reason });
    if (record === null || typeof record !== 'object') return reject('(record)', 'must be an object');
    const agency = toCode(
      paths.agency ? getPath(record, paths.agency) : undefined,
      config.constants?.agency,
      config.codeMap?.agency,
    );
    if ('reason' in agency) return reject('agency', agency.reason);
    const indicator = toCode(
      paths.indicator ? getPath(record, paths.indicator) : undefined,
      config.constants?.indicator,
      config.codeMap?.indicator,
    );
    if ('reason' in indicator) return reject('indicator', indicator.reason);
    const at = timeOf ? timeOf(record) : toTime(getPath(record, paths.at), config.timeFormat);
    if ('reason' in at) return reject('at', at.reason);
    const value = toNumber(getPath(record, paths.value));
    if ('reason' in value) return reject('value', value.reason);
    out.items.push({ agency: agency.code, indicator: indicator.code, at: at.at, value: value.value });
    out.sourceIndex.push(index);
  });
  return out;
}
