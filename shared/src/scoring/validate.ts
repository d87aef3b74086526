// Checks the raw JSON of `kpi score --input FILE` (DESIGN §5), before the target texts are
// parsed, and names every bad field with its reason (DESIGN §9), e.g.
// `indicators[3].deadline: not an ISO date`. Unknown extra fields are ignored.
//
// Rules beyond the obvious types:
// - codes are non-empty strings, unique among agencies and among indicators;
// - assignments and observations must name a known agency and indicator; an (agency,
//   indicator) pair may be assigned once; an observation of a pair that is not assigned is
//   valid but scores nothing;
// - weights are numbers > 0, maxAgeDays a number > 0, baseline and values finite numbers;
//   optional fields may be absent or null;
// - dates are ISO 8601 (see iso-date.ts; a date alone is midnight UTC); a deadline before the
//   start is an error.
import { parseIsoMs } from './iso-date.js';
import type { FieldError, ScoringInput, ScoringValidation } from './types.js';

/** At most this many errors are listed; a last entry says how many more there were. */
export const MAX_VALIDATION_ERRORS = 100;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

class Collector {
  readonly errors: FieldError[] = [];
  private dropped = 0;

  add(field: string, reason: string): void {
    if (this.errors.length < MAX_VALIDATION_ERRORS) this.errors.push({ field, reason });
    else this.dropped++;
  }

  finish(): FieldError[] {
    if (this.dropped > 0) this.errors.push({ field: '(root)', reason: `${this.dropped} more errors not listed` });
    return this.errors;
  }

  /** A required non-empty string; returns it or null. */
  code(obj: Json, key: string, path: string): string | null {
    const v = obj[key];
    if (v === undefined) this.add(`${path}.${key}`, 'required');
    else if (typeof v !== 'string') this.add(`${path}.${key}`, `must be a string, got ${show(v)}`);
    else if (v.trim() === '') this.add(`${path}.${key}`, 'must not be empty');
    else return v;
    return null;
  }

  optionalString(obj: Json, key: string, path: string): void {
    const v = obj[key];
    if (v !== undefined && v !== null && typeof v !== 'string')
      this.add(`${path}.${key}`, `must be a string, got ${show(v)}`);
  }

  /** An optional number (absent or null allowed) that must satisfy `positive` when asked. */
  optionalNumber(obj: Json, key: string, path: string, positive: boolean): void {
    const v = obj[key];
    if (v === undefined || v === null) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.add(`${path}.${key}`, `must be a number, got ${show(v)}`);
    else if (positive && !(v > 0)) this.add(`${path}.${key}`, `must be greater than 0, got ${v}`);
  }

  /** A date; returns its epoch ms, or null when absent (allowed if optional) or bad. */
  date(obj: Json, key: string, path: string, required: boolean): number | null {
    const v = obj[key];
    const field = path === '' ? key : `${path}.${key}`;
    if (v === undefined || v === null) {
      if (required) this.add(field, 'required');
      return null;
    }
    if (typeof v !== 'string') {
      this.add(field, `not an ISO date: must be a string, got ${show(v)}`);
      return null;
    }
    const ms = parseIsoMs(v);
    if (ms === null) this.add(field, `not an ISO date: ${show(v)}`);
    return ms;
  }

  array(obj: Json, key: string): unknown[] {
    const v = obj[key];
    if (v === undefined) this.add(key, 'required (an array)');
    else if (!Array.isArray(v)) this.add(key, `must be an array, got ${show(v)}`);
    else return v;
    return [];
  }
}

/** Check the raw `kpi score` JSON; on success `input` is the same object, typed. */
export function validateScoringInput(json: unknown): ScoringValidation {
  const c = new Collector();
  if (!isObject(json)) {
    c.add('(root)', `must be a JSON object, got ${show(json)}`);
    return { ok: false, errors: c.finish() };
  }
  c.date(json, 'asOf', '', true);

  const indicatorCodes = new Set<string>();
  c.array(json, 'indicators').forEach((raw, i) => {
    const path = `indicators[${i}]`;
    if (!isObject(raw)) return c.add(path, `must be an object, got ${show(raw)}`);
    const code = c.code(raw, 'code', path);
    if (code !== null) {
      if (indicatorCodes.has(code)) c.add(`${path}.code`, `duplicate indicator code "${code}"`);
      indicatorCodes.add(code);
    }
    c.code(raw, 'pillar', path);
    if (raw.target === undefined || raw.target === null) c.add(`${path}.target`, 'required (the target text)');
    else if (typeof raw.target !== 'string') c.add(`${path}.target`, `must be a string, got ${show(raw.target)}`);
    c.optionalString(raw, 'unit', path);
    const t = raw.trajectory;
    if (t !== undefined && t !== null && t !== 'flat' && t !== 'linear')
      c.add(`${path}.trajectory`, `must be "flat" or "linear", got ${show(t)}`);
    c.optionalNumber(raw, 'baseline', path, false);
    const start = c.date(raw, 'start', path, false);
    const deadline = c.date(raw, 'deadline', path, false);
    if (start !== null && deadline !== null && deadline < start) c.add(`${path}.deadline`, 'must not be before start');
    c.optionalNumber(raw, 'maxAgeDays', path, true);
    c.optionalNumber(raw, 'weight', path, true);
  });

  const agencyCodes = new Set<string>();
  c.array(json, 'agencies').forEach((raw, i) => {
    const path = `agencies[${i}]`;
    if (!isObject(raw)) return c.add(path, `must be an object, got ${show(raw)}`);
    const code = c.code(raw, 'code', path);
    if (code !== null) {
      if (agencyCodes.has(code)) c.add(`${path}.code`, `duplicate agency code "${code}"`);
      agencyCodes.add(code);
    }
    c.optionalString(raw, 'name', path);
  });

  const reference = (raw: Json, path: string): [string | null, string | null] => {
    const agency = c.code(raw, 'agency', path);
    if (agency !== null && !agencyCodes.has(agency)) c.add(`${path}.agency`, `unknown agency "${agency}"`);
    const indicator = c.code(raw, 'indicator', path);
    if (indicator !== null && !indicatorCodes.has(indicator))
      c.add(`${path}.indicator`, `unknown indicator "${indicator}"`);
    return [agency, indicator];
  };

  const assigned = new Map<string, Set<string>>();
  c.array(json, 'assignments').forEach((raw, i) => {
    const path = `assignments[${i}]`;
    if (!isObject(raw)) return c.add(path, `must be an object, got ${show(raw)}`);
    const [agency, indicator] = reference(raw, path);
    if (agency !== null && indicator !== null) {
      let set = assigned.get(agency);
      if (set === undefined) assigned.set(agency, (set = new Set()));
      if (set.has(indicator)) c.add(path, `duplicate assignment of "${indicator}" to "${agency}"`);
      set.add(indicator);
    }
    c.optionalNumber(raw, 'weight', path, true);
  });

  c.array(json, 'observations').forEach((raw, i) => {
    const path = `observations[${i}]`;
    if (!isObject(raw)) return c.add(path, `must be an object, got ${show(raw)}`);
    reference(raw, path);
    c.date(raw, 'at', path, true);
    const v = raw.value;
    if (v === undefined || v === null) c.add(`${path}.value`, 'required');
    else if (typeof v !== 'number' || !Number.isFinite(v)) c.add(`${path}.value`, `must be a number, got ${show(v)}`);
  });

  const errors = c.finish();
  return errors.length === 0 ? { ok: true, input: json as unknown as ScoringInput } : { ok: false, errors };
}
