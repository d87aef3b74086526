// The manual entry form (operators): what the form checks before posting to
// POST /api/observations/manual, and the body it posts. The server checks again; this only saves
// a round trip and names the field in the form.
export interface ManualForm {
  agency: string;
  indicator: string;
  /** `<input type="datetime-local">` value, local time of the browser. */
  at: string;
  value: string;
  reason: string;
}

export interface ManualBody {
  agency: string;
  indicator: string;
  at: string;
  value: number;
  reason: string;
}

export type ManualErrors = Partial<Record<keyof ManualForm, 'required' | 'number' | 'future'>>;

export const emptyManualForm = (): ManualForm => ({ agency: '', indicator: '', at: '', value: '', reason: '' });

/** Parses a number typed the Vietnamese way ("62,5") or the English way ("62.5"). */
export function parseValue(text: string): number | null {
  const t = text.trim().replace(/\s/g, '');
  if (!t) return null;
  // "1.234,5" (vi thousands + decimal comma) or "62,5"
  const normalised = /,\d+$/.test(t) ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  const n = Number(normalised);
  return Number.isFinite(n) ? n : null;
}

export function checkManual(form: ManualForm, nowMs: number): { errors: ManualErrors; body: ManualBody | null } {
  const errors: ManualErrors = {};
  if (!form.agency) errors.agency = 'required';
  if (!form.indicator) errors.indicator = 'required';
  const atMs = form.at ? Date.parse(form.at) : NaN;
  if (!form.at || Number.isNaN(atMs)) errors.at = 'required';
  else if (atMs > nowMs + 60_000) errors.at = 'future';
  const value = parseValue(form.value);
  if (!form.value.trim()) errors.value = 'required';
  else if (value === null) errors.value = 'number';
  if (!form.reason.trim()) errors.reason = 'required';
  if (Object.keys(errors).length) return { errors, body: null };
  return {
    errors,
    body: {
      agency: form.agency,
      indicator: form.indicator,
      at: new Date(atMs).toISOString(),
      value: value!,
      reason: form.reason.trim(),
    },
  };
}
