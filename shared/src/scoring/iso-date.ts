// Strict ISO 8601 / RFC 3339 parsing to epoch milliseconds, without `Date.parse` (which reads a
// date-time without an offset as LOCAL time, so results would depend on the machine).
//
// Accepted: `YYYY-MM-DD` (midnight UTC, DESIGN §5), and `YYYY-MM-DDThh:mm[:ss[.fff…]][offset]`
// with `T`, `t` or a space, offset `Z`/`z`, `±hh:mm`, `±hhmm` or `±hh`. A date-time WITHOUT an
// offset is read as UTC too (consistent with the date-only rule). Fractions beyond milliseconds
// are truncated. Rejected: anything else, and impossible dates (`2026-02-30`, `24:00`).

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch milliseconds of an ISO 8601 date or date-time, or null when `text` is not one. */
export function parseIsoMs(text: string): number | null {
  if (typeof text !== 'string') return null;
  const m = ISO_RE.exec(text);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (year < 100) {
    // Date.UTC maps years 0–99 to 1900–1999.
    const d = new Date(ms);
    d.setUTCFullYear(year);
    ms = d.getTime();
  }
  return ms - offsetMinutes * 60_000;
}
