// The words of an alert (DESIGN §6): why a target is at risk, in Vietnamese and English, in words
// a ward leader understands. Numbers vi-VN style in Vietnamese (1.234,5), dates dd/mm/yyyy in
// Vietnam's time (UTC+7).
import type { ForecastResult, TargetLike } from './types.js';

export interface ExplainContext {
  /** The indicator's name, put in front when given ("Tỷ lệ hồ sơ trực tuyến: …"). */
  name?: string | null;
  /** The parsed target, when the result's own (op, value, unit) is not enough (ranges). */
  target?: TargetLike | null;
}

export interface Explanation {
  vi: string;
  en: string;
}

const VN_OFFSET_MS = 7 * 3_600_000;

/** dd/mm/yyyy in UTC+7. */
export function formatDateVn(ms: number): string {
  const d = new Date(ms + VN_OFFSET_MS);
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${d.getUTCFullYear()}`;
}

/**
 * A number for people: at most one decimal below 1000, none from 1000 on, trailing zeros
 * dropped; vi groups thousands with '.' and marks decimals with ','; en the other way round.
 */
export function formatNumber(x: number, locale: 'vi' | 'en'): string {
  if (!Number.isFinite(x)) return String(x);
  const digits = Math.abs(x) >= 1000 ? 0 : 1;
  const fixed = Math.abs(x).toFixed(digits);
  let [int, frac = ''] = fixed.split('.');
  frac = frac.replace(/0+$/, '');
  int = int.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'vi' ? '.' : ',');
  const sign = x < 0 && Number(fixed) !== 0 ? '-' : '';
  return sign + int + (frac ? (locale === 'vi' ? ',' : '.') + frac : '');
}

function withUnit(x: number, unit: string | null, locale: 'vi' | 'en'): string {
  const n = formatNumber(x, locale);
  if (!unit) return n;
  return unit === '%' ? `${n}%` : `${n} ${unit}`;
}

const OP_SYMBOL: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

/** The target in words: "≥ 95%", "7–7,5%", "xếp hạng thứ 10 trở lên" / "rank 10 or better". */
export function describeTarget(target: TargetLike, locale: 'vi' | 'en'): string {
  const unit = target.unit ?? null;
  if (unit === 'rank') {
    const v = formatNumber(target.value ?? target.min ?? NaN, locale);
    return locale === 'vi' ? `xếp hạng thứ ${v} trở lên` : `rank ${v} or better`;
  }
  if (
    target.op === 'between' &&
    target.min !== null &&
    target.min !== undefined &&
    target.max !== null &&
    target.max !== undefined
  ) {
    const range = `${formatNumber(target.min, locale)}–${formatNumber(target.max, locale)}`;
    return unit === '%' ? `${range}%` : unit ? `${range} ${unit}` : range;
  }
  const about = target.approximate ? (locale === 'vi' ? 'khoảng ' : 'about ') : '';
  return `${about}${OP_SYMBOL[target.op] ?? target.op} ${withUnit(target.value ?? NaN, unit, locale)}`;
}

function valueWords(x: number, unit: string | null, locale: 'vi' | 'en', verb: boolean): string {
  if (unit === 'rank') {
    const r = formatNumber(Math.max(1, Math.round(x)), locale);
    return locale === 'vi' ? (verb ? `xếp thứ ${r}` : `thứ ${r}`) : `rank ${r}`;
  }
  return (locale === 'vi' && verb ? 'đạt ' : '') + withUnit(x, unit, locale);
}

function percent(p: number, locale: 'vi' | 'en'): string {
  return `${formatNumber(Math.round(p * 100), locale)}%`;
}

/**
 * Explains a forecast: e.g. vi "Với tốc độ hiện tại, dự kiến đạt 72% vào 31/12/2026, chỉ tiêu
 * ≥ 95%." / en "At the current pace, 72% by 31/12/2026 against a target of ≥ 95%.", followed by
 * the likely range and the chance of missing. `no_data` explains what data is missing instead.
 */
export function explain(result: ForecastResult, context: ExplainContext = {}): Explanation {
  const target: TargetLike = context.target ?? { op: result.targetOp, value: result.targetValue, unit: result.unit };
  const unit = result.unit ?? target.unit ?? null;
  const tVi = describeTarget(target, 'vi');
  const tEn = describeTarget(target, 'en');
  const deadline = formatDateVn(result.deadlineMs);
  const prefix = (s: string) => (context.name ? `${context.name}: ${s}` : s);
  const out = (vi: string, en: string): Explanation => ({ vi: prefix(vi), en: prefix(en) });

  if (result.level === 'no_data') {
    if (result.noDataReason === 'stale' && result.latest) {
      const last = formatDateVn(result.latest.atMs);
      return out(
        `Số liệu đã cũ (cập nhật lần cuối ${last}), chưa thể dự báo; đề nghị cập nhật số liệu. Chỉ tiêu ${tVi}, hạn ${deadline}.`,
        `The data is out of date (last reported ${last}), so there is no forecast; please update it. Target ${tEn}, due ${deadline}.`,
      );
    }
    if (result.noDataReason === 'too_few') {
      return out(
        `Mới có một lần báo cáo số liệu, chưa đủ để ước tính tốc độ; đề nghị cập nhật thường xuyên. Chỉ tiêu ${tVi}, hạn ${deadline}.`,
        `Only one figure has been reported, not enough to measure a pace; please report regularly. Target ${tEn}, due ${deadline}.`,
      );
    }
    return out(
      `Chưa có số liệu để dự báo; đề nghị báo cáo số liệu. Chỉ tiêu ${tVi}, hạn ${deadline}.`,
      `No data to forecast from yet; please report the figures. Target ${tEn}, due ${deadline}.`,
    );
  }

  const latest = result.latest!;
  if (result.asOfMs >= result.deadlineMs) {
    const met = result.level === 'achieved';
    return out(
      `Đến hạn ${deadline}: ${valueWords(latest.value, unit, 'vi', true)}, chỉ tiêu ${tVi} — ${met ? 'đã đạt' : 'không đạt'}.`,
      `At the deadline ${deadline}: ${valueWords(latest.value, unit, 'en', false)} against a target of ${tEn} — ${met ? 'met' : 'missed'}.`,
    );
  }
  if (result.level === 'achieved') {
    return out(
      `Đã đạt chỉ tiêu ${tVi} (hiện ${valueWords(latest.value, unit, 'vi', false)}); dự kiến giữ được đến ${deadline}.`,
      `Target of ${tEn} already met (now ${valueWords(latest.value, unit, 'en', false)}); expected to hold until ${deadline}.`,
    );
  }
  const f = result.forecast!;
  let vi = `Với tốc độ hiện tại, dự kiến ${valueWords(f, unit, 'vi', true)} vào ${deadline}, chỉ tiêu ${tVi}.`;
  let en = `At the current pace, ${valueWords(f, unit, 'en', false)} by ${deadline} against a target of ${tEn}.`;
  if (result.low !== null && result.high !== null && result.method !== 'naive') {
    const [a, b] =
      unit === 'rank'
        ? [Math.max(1, Math.round(result.low)), Math.max(1, Math.round(result.high))]
        : [result.low, result.high];
    if (formatNumber(a, 'vi') !== formatNumber(b, 'vi')) {
      const rangeVi =
        unit === 'rank'
          ? `thứ ${formatNumber(a, 'vi')}–${formatNumber(b, 'vi')}`
          : `${formatNumber(a, 'vi')}–${withUnit(b, unit, 'vi')}`;
      const rangeEn =
        unit === 'rank'
          ? `rank ${formatNumber(a, 'en')}–${formatNumber(b, 'en')}`
          : `${formatNumber(a, 'en')}–${withUnit(b, unit, 'en')}`;
      vi += ` Khoảng dao động: ${rangeVi}.`;
      en += ` Likely range: ${rangeEn}.`;
    }
  }
  if (result.probabilityOfMiss !== null && result.method !== 'naive') {
    vi += ` Khả năng không đạt: ${percent(result.probabilityOfMiss, 'vi')}.`;
    en += ` Chance of missing: ${percent(result.probabilityOfMiss, 'en')}.`;
  }
  return out(vi, en);
}
