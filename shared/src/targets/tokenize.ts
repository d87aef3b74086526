// A small tokenizer for normalized target texts: numbers, words (Vietnamese syllables, or
// identifiers such as "5G", "NĐ-CP", "Covid-19") and single-character symbols. Each token keeps
// its offsets, so a unit can be copied verbatim from the text, and whether a space precedes it,
// because "01/10/2026" (glued) is a date while "7 - 8" and "7-8" are both ranges.
import { readNumber } from './numbers.js';
import { GLUED_UNITS } from './vocabulary.js';

interface TokenBase {
  /** The text as written (after normalization). */
  raw: string;
  start: number;
  end: number;
  /** Whether whitespace precedes the token. */
  spaced: boolean;
}

export interface NumberToken extends TokenBase {
  kind: 'num';
  /** null when the digits do not form a number ("01.10.2026", "1,2,3"). */
  value: number | null;
}

export interface WordToken extends TokenBase {
  kind: 'word';
  /** Lower-cased, for matching. */
  lower: string;
  /** Contains a digit: an identifier such as "5G", "IPv6", "Covid-19". */
  ident: boolean;
}

export interface SymbolToken extends TokenBase {
  kind: 'sym';
}

export type Token = NumberToken | WordToken | SymbolToken;

/** Units that may take "/s" when glued: "1Gb/s". */
const PER_SECOND = new Set(['gb', 'mb', 'kb']);

const NON_ASCII_LETTER = /[\p{L}\p{M}]/u;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function isLetterAt(text: string, pos: number): boolean {
  const c = text.charCodeAt(pos);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return NON_ASCII_LETTER.test(text[pos]!);
}

const isWordCharAt = (text: string, pos: number): boolean => isDigit(text.charCodeAt(pos)) || isLetterAt(text, pos);

/** End of a run of letters and digits, with "-"/"_" joins ("NĐ-CP", "Covid-19"). */
function wordEnd(text: string, pos: number): number {
  let end = pos;
  for (;;) {
    while (end < text.length && isWordCharAt(text, end)) end++;
    const join = text[end];
    if ((join === '-' || join === '_') && end + 1 < text.length && isWordCharAt(text, end + 1)) end++;
    else return end;
  }
}

/** End of the digits of a number: "100", "7,5", "1.000.000", "01.10.2026". */
function numberEnd(text: string, pos: number): number {
  let end = pos;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  while ((text[end] === '.' || text[end] === ',') && isDigit(text.charCodeAt(end + 1))) {
    end++;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  }
  return end;
}

/** The glued unit after a number at `pos`, or its end, or -1 when the letters are no unit. */
function gluedUnitEnd(text: string, pos: number): number {
  let end = pos;
  while (end < text.length && isLetterAt(text, end)) end++;
  if (text[end] === '²' || text[end] === '³') end++;
  const unit = text.slice(pos, end).toLowerCase();
  if (PER_SECOND.has(unit) && text[end] === '/' && (text[end + 1] === 's' || text[end + 1] === 'S')) {
    if (end + 2 >= text.length || !isWordCharAt(text, end + 2)) return end + 2;
  }
  if (!GLUED_UNITS.has(unit) || (end < text.length && isWordCharAt(text, end))) return -1;
  return end;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let spaced = false;
  const word = (start: number, end: number, sp: boolean): WordToken => {
    const raw = text.slice(start, end);
    return { kind: 'word', raw, lower: raw.toLowerCase(), ident: /\d/.test(raw), start, end, spaced: sp };
  };
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c === 32) {
      pos++;
      spaced = true;
      continue;
    }
    if (isDigit(c)) {
      const end = numberEnd(text, pos);
      if (end < text.length && isLetterAt(text, end)) {
        const unitEnd = gluedUnitEnd(text, end);
        if (unitEnd < 0) {
          tokens.push(word(pos, wordEnd(text, pos), spaced)); // "5G", "4G", "3D": an identifier
        } else {
          const raw = text.slice(pos, end);
          tokens.push({ kind: 'num', raw, value: readNumber(raw), start: pos, end, spaced });
          const unit = word(end, unitEnd, false);
          unit.ident = false;
          tokens.push(unit);
        }
      } else {
        const raw = text.slice(pos, end);
        tokens.push({ kind: 'num', raw, value: readNumber(raw), start: pos, end, spaced });
      }
    } else if (isLetterAt(text, pos)) {
      tokens.push(word(pos, wordEnd(text, pos), spaced));
    } else {
      const raw = String.fromCodePoint(text.codePointAt(pos)!);
      tokens.push({ kind: 'sym', raw, start: pos, end: pos + raw.length, spaced });
    }
    pos = tokens[tokens.length - 1]!.end;
    spaced = false;
  }
  return tokens;
}
