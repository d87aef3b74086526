// The `kpi forecast` shape (DESIGN §6): {asOf, series:[{id, target, deadline, start?, baseline?,
// observations:[{at, value}]}]} → {asOf, series:[{id, forecast, low, high, probabilityOfMiss,
// level}]}, with a validator that names each bad field (DESIGN §9).
import { forecast } from './forecaster.js';
import { targetValueOf } from './target.js';
import type { Direction, Level, MethodName, TargetLike, Thresholds } from './types.js';
import { parseIsoMs } from '../scoring/iso-date.js';

const OPS = new Set(['>=', '>', '<=', '<', '=', 'between']);

export interface SeriesInput {
  id: string;
  /** The verbatim target text, or an already parsed target (or list of them). */
  target: string | TargetLike | TargetLike[];
  /** Targets parsed by the caller from `target`; the first one is forecast (DESIGN §5). */
  targets?: TargetLike[];
  deadline: string;
  start?: string | null;
  baseline?: number | null;
  observations: { at: string; value: number }[];
  direction?: Direction;
  maxAgeDays?: number;
}

export interface ForecastSeriesInput {
  asOf: string;
  series: SeriesInput[];
}

export interface SeriesForecast {
  id: string;
  forecast: number | null;
  low: number | null;
  high: number | null;
  probabilityOfMiss: number | null;
  level: Level;
}

export interface ForecastSeriesOutput {
  asOf: string;
  series: SeriesForecast[];
}

export interface ForecastSeriesOptions {
  /** Parses a verbatim target text (shared/src/targets parseTargets); used when `targets` is absent. */
  parseTargets?: (text: string) => TargetLike[] | { targets: TargetLike[] };
  method?: MethodName;
  thresholds?: Partial<Thresholds>;
}

export interface FieldError {
  /** e.g. `series[2].deadline` */
  path: string;
  message: string;
}

export class ForecastInputError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('; '));
    this.name = 'ForecastInputError';
  }
}

/**
 * ISO 8601 date or date-time → ms (a date alone is midnight UTC, a time without a zone UTC), null
 * when invalid: the scoring engine's parser, so `kpi score` and `kpi forecast` read dates alike.
 */
export function parseIsoDate(text: unknown): number | null {
  return typeof text === 'string' ? parseIsoMs(text.trim()) : null;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function targetErrors(t: unknown, path: string): FieldError[] {
  if (!isObject(t)) return [{ path, message: 'expected a target object {op, value, unit}' }];
  const errors: FieldError[] = [];
  if (typeof t.op !== 'string' || !OPS.has(t.op))
    errors.push({ path: `${path}.op`, message: 'must be one of >=, >, <=, <, =, between' });
  else if (targetValueOf(t as unknown as TargetLike) === null)
    errors.push({ path: t.op === 'between' ? `${path}.min` : `${path}.value`, message: 'not a finite number' });
  if (t.unit !== undefined && t.unit !== null && typeof t.unit !== 'string')
    errors.push({ path: `${path}.unit`, message: 'must be a string or null' });
  return errors;
}

interface Resolved {
  asOfMs: number;
  series: {
    id: string;
    target: TargetLike;
    deadlineMs: number;
    startMs: number | null;
    baseline: number | null;
    observations: { atMs: number; value: number }[];
    direction?: Direction;
    maxAgeDays?: number;
  }[];
}

export type ValidationResult = { ok: true; value: Resolved } | { ok: false; errors: FieldError[] };

/** Checks a `kpi forecast` input and resolves it; every error names its field, e.g. `series[2].deadline: not an ISO date`. */
export function validateForecastSeriesInput(input: unknown, options: ForecastSeriesOptions = {}): ValidationResult {
  const errors: FieldError[] = [];
  if (!isObject(input))
    return { ok: false, errors: [{ path: '(input)', message: 'expected an object {asOf, series}' }] };
  const asOfMs = parseIsoDate(input.asOf);
  if (input.asOf === undefined) errors.push({ path: 'asOf', message: 'required' });
  else if (asOfMs === null) errors.push({ path: 'asOf', message: 'not an ISO date' });
  if (!Array.isArray(input.series)) {
    errors.push({ path: 'series', message: input.series === undefined ? 'required' : 'expected an array' });
    return { ok: false, errors };
  }
  const resolved: Resolved['series'] = [];
  const seen = new Set<string>();
  input.series.forEach((raw: unknown, i: number) => {
    const p = `series[${i}]`;
    if (!isObject(raw)) {
      errors.push({ path: p, message: 'expected an object' });
      return;
    }
    const before = errors.length;
    const id = raw.id;
    if (typeof id !== 'string' || id.trim() === '')
      errors.push({ path: `${p}.id`, message: 'required, a non-empty string' });
    else if (seen.has(id)) errors.push({ path: `${p}.id`, message: `duplicate id "${id}"` });
    else seen.add(id);

    // The target: parsed targets from the caller win; else a parsed object; else the text through the parser.
    let target: TargetLike | null = null;
    if (raw.targets !== undefined) {
      if (!Array.isArray(raw.targets) || raw.targets.length === 0)
        errors.push({ path: `${p}.targets`, message: 'expected a non-empty array of targets' });
      else {
        const e = targetErrors(raw.targets[0], `${p}.targets[0]`);
        errors.push(...e);
        if (!e.length) target = raw.targets[0] as TargetLike;
      }
    } else if (typeof raw.target === 'string') {
      if (raw.target.trim() === '') errors.push({ path: `${p}.target`, message: 'empty' });
      else if (!options.parseTargets)
        errors.push({ path: `${p}.targets`, message: 'required when target is text (no target parser given)' });
      else {
        const parsed = options.parseTargets(raw.target);
        const list = Array.isArray(parsed) ? parsed : parsed?.targets;
        if (!list || list.length === 0)
          errors.push({ path: `${p}.target`, message: `no target found in "${raw.target}"` });
        else {
          const e = targetErrors(list[0], `${p}.target`);
          errors.push(...e);
          if (!e.length) target = list[0];
        }
      }
    } else if (Array.isArray(raw.target) || isObject(raw.target)) {
      const first = Array.isArray(raw.target) ? raw.target[0] : raw.target;
      const path = Array.isArray(raw.target) ? `${p}.target[0]` : `${p}.target`;
      const e = targetErrors(first, path);
      errors.push(...e);
      if (!e.length) target = first as TargetLike;
    } else
      errors.push({
        path: `${p}.target`,
        message: raw.target === undefined ? 'required' : 'expected the target text or a parsed target',
      });

    const deadlineMs = parseIsoDate(raw.deadline);
    if (raw.deadline === undefined || raw.deadline === null)
      errors.push({ path: `${p}.deadline`, message: 'required' });
    else if (deadlineMs === null) errors.push({ path: `${p}.deadline`, message: 'not an ISO date' });
    let startMs: number | null = null;
    if (raw.start !== undefined && raw.start !== null) {
      startMs = parseIsoDate(raw.start);
      if (startMs === null) errors.push({ path: `${p}.start`, message: 'not an ISO date' });
      else if (deadlineMs !== null && startMs >= deadlineMs)
        errors.push({ path: `${p}.start`, message: 'must be before the deadline' });
    }
    let baseline: number | null = null;
    if (raw.baseline !== undefined && raw.baseline !== null) {
      if (!isFiniteNumber(raw.baseline)) errors.push({ path: `${p}.baseline`, message: 'not a finite number' });
      else baseline = raw.baseline;
    }
    if (raw.direction !== undefined && raw.direction !== 'higher' && raw.direction !== 'lower')
      errors.push({ path: `${p}.direction`, message: "must be 'higher' or 'lower'" });
    if (raw.maxAgeDays !== undefined && !(isFiniteNumber(raw.maxAgeDays) && raw.maxAgeDays > 0))
      errors.push({ path: `${p}.maxAgeDays`, message: 'must be a positive number' });
    const observations: { atMs: number; value: number }[] = [];
    if (!Array.isArray(raw.observations))
      errors.push({
        path: `${p}.observations`,
        message: raw.observations === undefined ? 'required (may be empty)' : 'expected an array',
      });
    else
      raw.observations.forEach((o: unknown, j: number) => {
        const op = `${p}.observations[${j}]`;
        if (!isObject(o)) {
          errors.push({ path: op, message: 'expected an object {at, value}' });
          return;
        }
        const atMs = parseIsoDate(o.at);
        if (atMs === null)
          errors.push({ path: `${op}.at`, message: o.at === undefined ? 'required' : 'not an ISO date' });
        if (!isFiniteNumber(o.value))
          errors.push({ path: `${op}.value`, message: o.value === undefined ? 'required' : 'not a finite number' });
        if (atMs !== null && isFiniteNumber(o.value)) observations.push({ atMs, value: o.value });
      });
    if (errors.length === before && target && deadlineMs !== null)
      resolved.push({
        id: id as string,
        target,
        deadlineMs,
        startMs,
        baseline,
        observations,
        direction: raw.direction as Direction | undefined,
        maxAgeDays: raw.maxAgeDays as number | undefined,
      });
  });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { asOfMs: asOfMs!, series: resolved } };
}

const round = (x: number | null, digits: number) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/**
 * Runs the forecaster over a `kpi forecast` input. Throws ForecastInputError (listing every bad
 * field) when the input is invalid. Values are rounded to 4 decimals, probabilities to 3.
 */
export function forecastSeries(input: unknown, options: ForecastSeriesOptions = {}): ForecastSeriesOutput {
  const v = validateForecastSeriesInput(input, options);
  if (!v.ok) throw new ForecastInputError(v.errors);
  const { asOfMs, series } = v.value;
  return {
    asOf: new Date(asOfMs).toISOString(),
    series: series.map((s) => {
      const r = forecast({
        observations: s.observations,
        target: s.target,
        direction: s.direction,
        deadlineMs: s.deadlineMs,
        startMs: s.startMs,
        baseline: s.baseline,
        asOfMs,
        maxAgeDays: s.maxAgeDays,
        method: options.method,
        thresholds: options.thresholds,
      });
      return {
        id: s.id,
        forecast: round(r.forecast, 4),
        low: round(r.low, 4),
        high: round(r.high, 4),
        probabilityOfMiss: round(r.probabilityOfMiss, 3),
        level: r.level,
      };
    }),
  };
}
