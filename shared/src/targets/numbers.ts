// Vietnamese number notation (DESIGN §4): the comma is the decimal mark and a dot groups
// thousands, so "7,5" is 7.5 and "1.000" is 1000. Plans are not always consistent ("> 0.88" in
// Hà Nội's plan 139), so a dot that is NOT followed by exactly three digits is read as a decimal
// point. Anything else (several commas, "01.10.2026", "1.2.3") is not a number but a date, a
// version or a list, and the caller treats it as an identifier.

const NUMBER = /^\d+(?:[.,]\d+)*$/;
const PLAIN = /^\d+$/;

/** Reads one written number such as "100", "7,5", "1.000", "1.000.000,5", "0.88", "01". */
export function readNumber(raw: string): number | null {
  if (!NUMBER.test(raw)) return null;
  if (PLAIN.test(raw)) return Number(raw);
  const commaParts = raw.split(',');
  if (commaParts.length > 2) return null; // "1,2,3" is a list, not a number
  const [integerPart, fraction] = commaParts as [string, string | undefined];
  const groups = integerPart.split('.');
  if (groups.length === 1) return toNumber(integerPart, fraction);

  const [head, ...rest] = groups as [string, ...string[]];
  // Thousands grouping: every group after the first has exactly three digits. A leading "0"
  // cannot start a grouped number ("0.885" is a decimal, not 885).
  if (!/^0+$/.test(head) && rest.every((g) => g.length === 3)) {
    return toNumber(groups.join(''), fraction);
  }
  // A single dot that does not group thousands is a decimal point, but only without a comma.
  if (groups.length === 2 && fraction === undefined) return toNumber(head, rest[0]);
  return null;
}

function toNumber(integer: string, fraction: string | undefined): number {
  return Number(fraction === undefined ? integer : `${integer}.${fraction}`);
}

/** Multiplies without binary noise: 1,1 triệu is 1100000, not 1100000.0000000002. */
export function scale(value: number, factor: number): number {
  return Number((value * factor).toPrecision(15));
}

/** A four-digit integer between 1900 and 2100 written without separators: almost surely a year. */
export function isYearLike(raw: string, value: number): boolean {
  return /^\d{4}$/.test(raw) && value >= 1900 && value <= 2100;
}
