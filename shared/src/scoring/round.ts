// Decimal rounding for scores (DESIGN §5.7): half away from zero on the DECIMAL value a person
// would read, not on the binary double. `1.005` is stored as 1.00499999999999989…, so
// `Math.round(1.005 * 100) / 100` gives 1 where the reader expects 1.01; sums of weighted scores
// also leave tails such as 87.12499999999999 for an exact 87.125.
//
// Method: first normalise to a few significant digits beyond the ones kept (at most 15, which a
// double always carries exactly), which removes such tails; then shift the decimal point in the
// number's own shortest decimal text (`1.005e2` parses to exactly 100.5) and round there.

/** Shift the decimal point of a non-negative finite number by `places`, exactly in decimal. */
function shiftDecimal(n: number, places: number): number {
  const text = String(n);
  const e = text.indexOf('e');
  if (e < 0) return Number(`${text}e${places}`);
  return Number(`${text.slice(0, e)}e${Number(text.slice(e + 1)) + places}`);
}

/** Round half away from zero to `decimals` places, on the decimal value (see the file comment). */
export function roundHalfAwayFromZero(x: number, decimals: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  const a = Math.abs(x);
  // Fast path (no strings; rankings round thousands of scores): when the scaled value is below
  // 1e8 (binary noise under 1e-8) and not within 1e-7 of a half, neither noise nor the
  // normalisation below can change the result, and `r / scale` is the same double as the
  // decimal text `r e-decimals` (both are the nearest double to that decimal).
  const scale = 10 ** decimals;
  const scaled = a * scale;
  if (scaled < 1e8 && Number.isInteger(decimals) && decimals >= 0 && decimals <= 15) {
    const floor = Math.floor(scaled);
    if (Math.abs(scaled - floor - 0.5) > 1e-7) {
      const fast = (scaled - floor > 0.5 ? floor + 1 : floor) / scale;
      if (fast === 0) return 0;
      return x < 0 ? -fast : fast;
    }
  }
  const intDigits = a >= 1 ? Math.floor(Math.log10(a)) + 1 : 1;
  const significant = Math.min(15, intDigits + decimals + 8);
  const normalised = Number(a.toPrecision(significant));
  const rounded = shiftDecimal(Math.round(shiftDecimal(normalised, decimals)), -decimals);
  if (rounded === 0) return 0; // no -0
  return x < 0 ? -rounded : rounded;
}

/** Scores (assignment, pillar, agency) are shown and compared at 2 decimals. */
export function roundScore(x: number): number {
  return roundHalfAwayFromZero(x, 2);
}
