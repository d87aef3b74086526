// What each pull connector's config must hold, checked when an operator creates or edits one so a
// mistake is a 400 naming the field (`config.url`) rather than a failed run at 3 a.m.; the
// resilience settings with their defaults; and the secrets that never leave the server.
import type { FieldProblem } from '../../common/error-response.js';
import { parsePath } from './mapping.js';
import type { RetryPolicy } from './resilience.js';

export const PULL_KINDS = ['http-json', 'csv', 'sql', 'dhis2'] as const;
export type PullKind = (typeof PULL_KINDS)[number];

export interface Resilience extends RetryPolicy {
  /** consecutive failed runs that open the breaker */
  breakerThreshold: number;
  /** how long an open breaker skips scheduled ticks before one probe run */
  breakerCooldownMs: number;
}

export const RESILIENCE_DEFAULTS: Resilience = {
  timeoutMs: 10_000,
  retries: 3,
  retryBaseMs: 500,
  retryMaxMs: 30_000,
  breakerThreshold: 5,
  breakerCooldownMs: 5 * 60_000,
};

const LIMITS: Record<keyof Resilience, [number, number]> = {
  timeoutMs: [1, 600_000],
  retries: [0, 10],
  retryBaseMs: [0, 60_000],
  retryMaxMs: [0, 600_000],
  breakerThreshold: [1, 1000],
  breakerCooldownMs: [1, 7 * 86_400_000],
};

export function resilienceOf(config: Record<string, unknown>): Resilience {
  const r = { ...RESILIENCE_DEFAULTS };
  for (const key of Object.keys(LIMITS) as (keyof Resilience)[]) {
    if (typeof config[key] === 'number') r[key] = config[key];
  }
  return r;
}

/** Config keys whose values are secrets: never returned, kept when an edit sends the mask back. */
export const SECRET_KEYS = ['token', 'password'] as const;
export const MASK = '********';
const SECRET_HEADERS = /^(authorization|x-api-key|api-key|cookie)$/i;

/** The config as it may be shown: secrets replaced by the mask, a URL's password too. */
export function maskConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) if (typeof out[key] === 'string' && out[key]) out[key] = MASK;
  if (typeof out.url === 'string') out.url = maskUrl(out.url);
  if (isRecord(out.headers)) {
    out.headers = Object.fromEntries(
      Object.entries(out.headers).map(([k, v]) => [k, SECRET_HEADERS.test(k) ? MASK : v]),
    );
  }
  return out;
}

function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = MASK;
    return u.toString();
  } catch {
    return url;
  }
}

/** An edited config: where the client sent back a mask (or left a secret out), the stored secret stays. */
export function keepSecrets(next: Record<string, unknown>, stored: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...next };
  for (const key of SECRET_KEYS) {
    if ((out[key] === MASK || !(key in out)) && key in stored) out[key] = stored[key];
  }
  if (typeof out.url === 'string' && typeof stored.url === 'string') {
    try {
      const u = new URL(out.url);
      const s = new URL(stored.url);
      if (decodeURIComponent(u.password) === MASK) {
        u.password = s.password;
        out.url = u.toString();
      }
    } catch {
      // an unreadable URL is reported by validation
    }
  }
  if (isRecord(out.headers) && isRecord(stored.headers)) {
    const storedHeaders = stored.headers;
    out.headers = Object.fromEntries(
      Object.entries(out.headers).map(([k, v]) => [k, v === MASK && k in storedHeaders ? storedHeaders[k] : v]),
    );
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Problems with a pull connector's config, each naming its field as `config.<path>`. */
export function validateConfig(kind: PullKind, config: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const bad = (field: string, reason: string) => problems.push({ field: `config.${field}`, reason });
  if (!isRecord(config)) return [{ field: 'config', reason: 'must be an object' }];
  const c = config;
  const str = (key: string, required: boolean) => {
    const v = c[key];
    if (v === undefined || v === null) {
      if (required) bad(key, 'is required');
      return false;
    }
    if (typeof v !== 'string' || !v.trim()) {
      bad(key, 'must be a non-empty string');
      return false;
    }
    return true;
  };
  const httpUrl = (key: string, required: boolean) => {
    if (!str(key, required)) return;
    try {
      const u = new URL(c[key] as string);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') bad(key, 'must be an http(s) URL');
    } catch {
      bad(key, 'must be an absolute URL');
    }
  };
  const path = (key: string, value: unknown) => {
    if (value === undefined) return;
    if (typeof value !== 'string') return bad(key, 'must be a path such as "$.data.items"');
    try {
      parsePath(value);
    } catch (e) {
      bad(key, (e as Error).message);
    }
  };
  const stringMap = (key: string, value: unknown) => {
    if (value === undefined) return;
    if (!isRecord(value)) return bad(key, 'must be an object of strings');
    for (const [k, v] of Object.entries(value))
      if (typeof v !== 'string' || !v) bad(`${key}.${k}`, 'must be a non-empty string');
  };
  const mapping = (columns: boolean) => {
    const fields = c.fields;
    if (fields === undefined && !columns) bad('fields', 'is required: where agency, indicator, at and value are');
    else if (fields !== undefined) {
      if (!isRecord(fields)) bad('fields', 'must be an object {agency, indicator, at, value}');
      else {
        for (const [k, v] of Object.entries(fields)) {
          if (!['agency', 'indicator', 'at', 'value'].includes(k)) bad(`fields.${k}`, 'is not a mapped field');
          else if (columns) {
            if (typeof v !== 'string' || !v) bad(`fields.${k}`, 'must be a column name');
          } else path(`fields.${k}`, v);
        }
      }
    }
    const constants = c.constants;
    if (constants !== undefined) {
      if (!isRecord(constants)) bad('constants', 'must be an object {agency?, indicator?}');
      else
        for (const [k, v] of Object.entries(constants)) {
          if (!['agency', 'indicator'].includes(k)) bad(`constants.${k}`, 'only agency and indicator can be fixed');
          else if (typeof v !== 'string' || !v) bad(`constants.${k}`, 'must be a code');
        }
    }
    const f = isRecord(fields) ? fields : {};
    const k = isRecord(constants) ? constants : {};
    if (!columns) {
      if (!f.agency && !k.agency) bad('fields.agency', 'is required (or constants.agency)');
      if (!f.indicator && !k.indicator) bad('fields.indicator', 'is required (or constants.indicator)');
      if (!f.at) bad('fields.at', 'is required');
      if (!f.value) bad('fields.value', 'is required');
    }
    if (c.timeFormat !== undefined && !['iso', 'epoch-ms', 'epoch-s'].includes(c.timeFormat as string))
      bad('timeFormat', 'must be iso, epoch-ms or epoch-s');
  };
  const codeMap = () => {
    if (c.codeMap === undefined) return;
    if (!isRecord(c.codeMap)) return bad('codeMap', 'must be an object {agency?, indicator?}');
    for (const [k, v] of Object.entries(c.codeMap)) {
      if (!['agency', 'indicator'].includes(k)) bad(`codeMap.${k}`, 'only agency and indicator codes are mapped');
      else stringMap(`codeMap.${k}`, v);
    }
  };

  switch (kind) {
    case 'http-json': {
      httpUrl('url', true);
      if (c.method !== undefined && !['GET', 'POST'].includes(c.method as string)) bad('method', 'must be GET or POST');
      stringMap('headers', c.headers);
      str('token', false);
      path('recordsPath', c.recordsPath);
      mapping(false);
      const p = c.pagination;
      if (p !== undefined) {
        if (!isRecord(p)) bad('pagination', 'must be an object');
        else if (p.style === 'next-link') {
          if (typeof p.nextPath !== 'string') bad('pagination.nextPath', 'is required: where the next page URL is');
          else path('pagination.nextPath', p.nextPath);
        } else if (p.style === 'page' || p.style === 'offset') {
          if (typeof p.param !== 'string' || !p.param) bad('pagination.param', 'must be a query parameter name');
          if (p.sizeParam !== undefined && (typeof p.sizeParam !== 'string' || !p.sizeParam))
            bad('pagination.sizeParam', 'must be a query parameter name');
          if (p.size !== undefined && !(Number.isInteger(p.size) && (p.size as number) >= 1))
            bad('pagination.size', 'must be a whole number ≥ 1');
          if (p.style === 'offset' && p.size === undefined) bad('pagination.size', 'is required for offset paging');
          if (p.start !== undefined && !(Number.isInteger(p.start) && (p.start as number) >= 0))
            bad('pagination.start', 'must be a whole number ≥ 0');
        } else bad('pagination.style', 'must be next-link, page or offset');
      }
      if (c.maxPages !== undefined && !(Number.isInteger(c.maxPages) && (c.maxPages as number) >= 1))
        bad('maxPages', 'must be a whole number ≥ 1');
      break;
    }
    case 'csv': {
      const hasPath = c.path !== undefined;
      const hasUrl = c.url !== undefined;
      if (hasPath === hasUrl) bad(hasPath ? 'url' : 'path', 'give either path (a file) or url, not both');
      if (hasPath && str('path', true) && (c.path as string).includes('\0')) bad('path', 'is not a file name');
      if (hasUrl) httpUrl('url', true);
      if (
        c.delimiter !== undefined &&
        (typeof c.delimiter !== 'string' || c.delimiter.length !== 1 || /["\r\n]/.test(c.delimiter))
      )
        bad('delimiter', 'must be one character (not a quote or a newline)');
      mapping(true);
      break;
    }
    case 'sql': {
      if (str('url', true)) {
        try {
          const u = new URL(c.url as string);
          if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') bad('url', 'must be a postgres:// URL');
        } catch {
          bad('url', 'must be a postgres:// URL');
        }
      }
      if (str('query', true) && !/^\s*(select|with)\b/i.test(c.query as string))
        bad('query', 'must be a SELECT (or WITH … SELECT) returning agency, indicator, at, value');
      str('password', false);
      mapping(true);
      break;
    }
    case 'dhis2': {
      httpUrl('url', true);
      str('dataSet', true);
      const hasPeriod = c.period !== undefined;
      const hasRange = c.startDate !== undefined || c.endDate !== undefined;
      if (hasPeriod === hasRange) bad('period', 'give either period or startDate and endDate');
      if (hasPeriod) str('period', true);
      if (hasRange) {
        for (const key of ['startDate', 'endDate'])
          if (typeof c[key] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(c[key] as string))
            bad(key, 'must be a date YYYY-MM-DD');
      }
      const ou = c.orgUnit;
      if (
        !(typeof ou === 'string' && ou) &&
        !(Array.isArray(ou) && ou.length && ou.every((o) => typeof o === 'string' && o))
      )
        bad('orgUnit', 'must be an organisation unit id or a list of them');
      if (c.children !== undefined && typeof c.children !== 'boolean') bad('children', 'must be true or false');
      // one combo's id, or "sum"; absent: values broken down by several combos are rejected
      str('categoryOptionCombo', false);
      // null clears a credential (an edit switching from a password to a token sends password: null)
      const auth = [c.token != null, c.username != null || c.password != null];
      if (auth[0] && auth[1]) bad('token', 'give either token or username and password');
      if (auth[0]) str('token', true);
      if (auth[1]) {
        str('username', true);
        str('password', true);
      }
      if (!isRecord(c.codeMap))
        bad('codeMap', 'is required: {agency: {orgUnit: agency}, indicator: {dataElement: indicator}}');
      else {
        if (!isRecord(c.codeMap.agency)) bad('codeMap.agency', 'is required: orgUnit id → agency code');
        if (!isRecord(c.codeMap.indicator)) bad('codeMap.indicator', 'is required: dataElement id → indicator code');
      }
      break;
    }
  }
  codeMap();
  for (const [key, [min, max]] of Object.entries(LIMITS)) {
    const v = c[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max))
      bad(key, `must be a whole number within ${min}–${max}`);
  }
  return problems;
}
