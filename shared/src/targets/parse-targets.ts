// The Vietnamese target parser (DESIGN §4): "≥ 98%", "đạt tối thiểu 95%", "7% - 7,5%",
// "xếp hạng từ thứ 10 trở lên", "từ 14 người/vạn dân trở lên", "Đứng đầu cả nước"…
//
// How it reads a text:
//   1. normalize (NFC, one spelling per symbol, LaTeX and Markdown stripped) and tokenize;
//   2. for every number, left to right, decide whether it is an identifier (a year, a date, a
//      legal reference, "mức độ 2") or a quantity, read the quantity (value, multiplier, unit,
//      range) and the cues around it (operator words before, "trở lên" after, rank wording);
//   3. keep a quantity only when something says it is a target (an operator, a unit, a range,
//      a rank, or the number standing on its own); otherwise record why it was left out;
//   4. add "đứng đầu" (rank 1) for clauses with no number, and fold a number that the rank
//      wording repeats ("≤ 5 Thuộc nhóm 5 tỉnh/thành phố dẫn đầu") into one target.
// Unknown text gives no targets and a reason, never a guess.
//
// Decisions beyond DESIGN §4 (each has a row in parse-targets.test.ts):
// - "=" only when written: the symbol "=" or the word "bằng" right before the number.
//   "bằng hoặc cao hơn" is ">=", "bằng hoặc thấp hơn" is "<=". A bare number stays ">=".
// - More words for the same comparisons: "không dưới", "không ít hơn" (>=); "không vượt quá",
//   "nhiều nhất", "trong vòng" (<=); "hơn", "cao hơn", "vượt" (>); "thấp hơn", "nhỏ hơn" (<);
//   "N trở lên" (>=), "N trở xuống" (<=); "xấp xỉ", "gần", "~", "≈" are "about" like "khoảng".
//   The operator nearest the number wins ("đạt trên 60%" is "> 60").
// - A range keeps "between" whatever word precedes it ("tối thiểu 7-8%/năm" is 7..8, met at 7);
//   "từ a đến b" is a range too; a range written high to low is stored low to high.
// - Ranks: "<" stays strict ("xếp hạng dưới 10"), every other rank wording is "<=". "dẫn đầu"
//   alone is rank 1 like "đứng đầu", but only in a clause with no number target.
// - A number is a target only with some context: an operator word or symbol, "đạt", a unit
//   ("%" or a known unit word), a range, rank wording, or nothing after it but the end of the
//   text or punctuation ("100", "Cấp xã: 80", "100 (tăng dần…)"). "5 robot" is not a target.
// - Not targets: years (1900–2100 written bare, "năm 2026", "2021-2025"), dates and references
//   ("01/10/2026", "42/2022/NĐ-CP"), labelled numbers ("mức độ 2", "Đề án 06", "thứ 2"), lists
//   after them ("cấp độ 1, 2"), ages ("15 tuổi"), time frames ("trong 12 tháng"), quoted names
//   ("“4 lớp”"), heading numbers ("1.2. Phát triển…") and identifiers ("5G", "Covid-19").
// - A unit is a "%" (with any "/năm", "GRDP"… after it) or a word from a known list, with its
//   "/denominator" ("lần/06 tháng"); an unknown word is never guessed as a unit (unit null).
import { isYearLike, scale } from './numbers.js';
import { normalizeTargetText } from './normalize.js';
import { tokenize, type NumberToken, type Token } from './tokenize.js';
import type { Target, TargetOp, TargetParse } from './types.js';
import {
  type Cue,
  CUES,
  LABELS,
  LEADER_PHRASES,
  MULTIPLIERS,
  NOT_BILLION,
  PLACE_UNITS,
  QUALIFIERS,
  RANK_KEYWORDS,
  RANK_PREFIXES,
  RANK_VERBS,
  SYMBOL_CUES,
  TIME_FRAMES,
  TIME_UNITS,
  TRAILING_OPS,
  UNITS,
} from './vocabulary.js';

/** Every target in the text, in order (DESIGN §4). */
export function parseTargets(text: string): Target[] {
  return parseTargetText(text).targets;
}

/** The targets, or none and a short English reason why. */
export function parseTargetText(text: string): TargetParse {
  const normalized = normalizeTargetText(text);
  if (normalized === '') return { targets: [], reason: 'empty text' };
  const reader = new Reader(normalized);
  const targets = reader.read();
  return { targets, reason: targets.length > 0 ? null : reader.reason() };
}

// ---------------------------------------------------------------------------------------------

/** A number with its multiplier and unit, e.g. "1,5 triệu đồng", "7-8%/năm" (one side of it). */
interface Quantity {
  value: number;
  /** Token index of the number and one past the quantity's last token. */
  start: number;
  end: number;
  unit: string | null;
  /** The multiplier written after the number ("triệu": 1e6), else 1. */
  factor: number;
}

/** What the words before a number say. */
interface Cues {
  op: TargetOp | null;
  approximate: boolean;
  /** An operator, "about" or "đạt" was written: the number is meant as a target. */
  explicit: boolean;
  /** "từ" was written ("từ 7 đến 8%"). */
  from: boolean;
  /** First token index of the cue words. */
  start: number;
}

interface Found {
  target: Target;
  /** Token index, for ordering. */
  at: number;
  clause: number;
  /** Came from rank wording around the number ("nhóm 5 … dẫn đầu", "top 10", "thứ 10"). */
  rankPhrase: boolean;
}

const CLAUSE_BREAKS = new Set([';', '.', '•', '|']);
/** After a bare number, these end it: "100", "Cấp xã: 80", "100 (tăng dần…)". */
const STANDALONE_ENDS = new Set([';', '.', ',', '(', ')', '[', ']', '"', "'", '“', '”', '-']);
const RANGE_DASHES = new Set(['-', '÷', '~']);
const RANGE_WORDS = new Set(['đến', 'tới']);
const CHAIN_JOINS = new Set(['/', '-', '.', ':']);
/** Marks that may open a heading line: "### 1.", "- 1.2.", "* 3)". */
const HEADING_MARKS = new Set(['#', '-', '*', '+', '•']);
/** Opening quotes: "mô hình “4 lớp”" names a model, it sets no target. */
const OPENING_QUOTES = new Set(['“', '«', '‘']);

class Reader {
  private readonly tokens: Token[];
  /** Clause number of every token; clauses end at ";" and ".". */
  private readonly clauseOf: number[];
  private readonly rankClauses = new Set<number>();
  private readonly found: Found[] = [];
  /** Numbers left out, with why, for the reason. */
  private readonly skipped: string[] = [];
  /** Token indices of rank words a number-based rank target already used. */
  private readonly usedLeaders = new Set<number>();
  /** End of the last identifier, for lists of identifiers ("cấp độ 1, 2"). */
  private lastIdentifierEnd = -1;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
    this.clauseOf = [];
    let clause = 0;
    for (const t of this.tokens) {
      this.clauseOf.push(clause);
      if (t.kind === 'sym' && CLAUSE_BREAKS.has(t.raw)) clause++;
    }
    for (let i = 0; i < this.tokens.length; i++) {
      if (RANK_KEYWORDS.matchAt(this.tokens, i)) this.rankClauses.add(this.clauseOf[i]!);
    }
  }

  read(): Target[] {
    const { tokens } = this;
    let i = 0;
    while (i < tokens.length) {
      i = tokens[i]!.kind === 'num' ? this.readNumberAt(i) : i + 1;
    }
    this.addLeaders();
    this.found.sort((a, b) => a.at - b.at);
    return this.foldRepeatedRanks().map((f) => f.target);
  }

  reason(): string {
    if (this.skipped.length > 0) return `number without a target context: ${this.skipped[0]}`;
    if (LEADER_PHRASES.find(this.tokens, 0, this.tokens.length)) return 'rank group without a number';
    return 'no number found';
  }

  // --- one number ------------------------------------------------------------------------------

  /** Reads the number at token `i`; returns the index to continue from. */
  private readNumberAt(i: number): number {
    const { tokens } = this;
    const num = tokens[i] as NumberToken;

    // Dates and references are glued chains: "01/10/2026", "42/2022/NĐ-CP", "57-NQ/TW".
    const chainEnd = this.identifierChainEnd(i);
    if (chainEnd > i + 1 || num.value === null || this.insideChain(i)) {
      const end = Math.max(chainEnd, i + 1);
      return this.skip(i, end, 'a date or reference');
    }

    // "1.2. Phát triển hạ tầng số": a heading number, not a quantity.
    if (this.isHeadingNumber(i)) return this.skip(i, i + 1, 'a heading number');

    // Words right before the number: rank wording, or a label that makes it an identifier.
    const clause = this.clauseOf[i]!;
    let cueEnd = i; // cue words are read backwards from here
    let rankPhrase = false;
    let leaderUsed: number | null = null;
    const prefix = RANK_PREFIXES.matchEndingAt(tokens, i - 1);
    const label = prefix ? null : LABELS.matchEndingAt(tokens, i - 1);
    if (prefix) {
      rankPhrase = true;
      cueEnd = prefix.start;
    } else if (label?.value === 'ordinal' && this.isRankOrdinal(i, label.start)) {
      rankPhrase = true; // "từ thứ 10 trở lên"
      cueEnd = label.start;
    } else if (label?.value === 'group' && (leaderUsed = this.leaderAfter(i)) !== null) {
      rankPhrase = true; // "nhóm 5 tỉnh/thành phố dẫn đầu"
      cueEnd = label.start;
    } else if (label && !this.isSymbol(i + 1, '%')) {
      // "năm 2026", "mức độ 2", "Đề án 06"; but "kinh tế số 30%" is a percentage.
      return this.skip(label.start, this.labelledEnd(i), 'an identifier');
    }

    let left = this.readQuantity(i);
    if (QUALIFIERS.matchAt(tokens, left.end)) return this.skip(i, left.end + 1, 'a qualifier');

    const cues = this.readCues(cueEnd);
    const right = this.readRangeEnd(left, cues);
    // "1-2 triệu": a multiplier written once applies to both ends.
    if (right && left.factor === 1 && right.factor !== 1) left = { ...left, value: scale(left.value, right.factor) };
    const last = right ?? left;
    const trailing = TRAILING_OPS.matchAt(tokens, last.end);
    const end = trailing ? trailing.end : last.end;

    const unit = right ? (right.unit ?? left.unit) : left.unit;
    const isRank = rankPhrase || (this.rankClauses.has(clause) && (unit === null || isPlaceUnit(unit)));

    // Identifiers and plain numbers in prose are not targets unless something says so.
    if (right && !isRank && left.unit === null && right.unit === null && !cues.explicit) {
      if (isYearToken(tokens[left.start]!) && isYearToken(tokens[right.start]!)) {
        return this.skip(i, end, 'a period of years');
      }
    }
    if (!right && !isRank && !cues.explicit && !trailing) {
      if (unit === null && isYearToken(num)) return this.skip(cues.start, end, 'a year');
      if (unit !== '%' && this.isSymbolIn(cues.start - 1, OPENING_QUOTES))
        return this.skip(cues.start - 1, end, 'a name');
      if (unit !== null && isTimeUnit(unit) && TIME_FRAMES.matchEndingAt(tokens, cues.start - 1)) {
        return this.skip(cues.start - 1, end, 'a time frame');
      }
      const standalone = end >= tokens.length || STANDALONE_ENDS.has(tokens[end]!.raw);
      if (unit === null && !standalone) return this.skip(cues.start, end, 'no operator, unit or rank');
      if (unit === null && this.continuesIdentifierList(cues.start)) {
        return this.skip(cues.start, end, 'an identifier');
      }
    }

    let target: Target;
    if (right) {
      const [min, max] = left.value <= right.value ? [left.value, right.value] : [right.value, left.value];
      target = { op: 'between', value: min, min, max, unit: isRank ? 'rank' : unit, approximate: cues.approximate };
    } else {
      const op = isRank ? rankOp(cues.op) : (cues.op ?? trailing?.value ?? '>=');
      target = single(op, left.value, isRank ? 'rank' : unit, cues.approximate);
    }
    if (leaderUsed !== null) this.usedLeaders.add(leaderUsed);
    this.found.push({ target, at: i, clause, rankPhrase });
    return end;
  }

  /** A number, its multiplier words and its unit, starting at token `i`. */
  private readQuantity(i: number): Quantity {
    const { tokens } = this;
    let j = i + 1;
    let factor = 1;
    for (let m = MULTIPLIERS.matchAt(tokens, j); m; m = MULTIPLIERS.matchAt(tokens, j)) {
      const next = tokens[m.end];
      if (next?.kind === 'word' && NOT_BILLION.has(next.lower)) break; // "tỷ lệ" is "ratio"
      factor *= m.value; // "nghìn tỷ" is 1e12
      j = m.end;
    }
    const value = scale((tokens[i] as NumberToken).value!, factor);
    let unit: string | null = null;
    if (this.isSymbol(j, '%')) {
      // "%", "%/năm", "% GRDP", "% dân số": all percentages. The denominator is consumed so
      // that "7-8%/2 năm" does not leave a stray "2".
      unit = '%';
      j = this.readDenominator(j + 1) ?? j + 1;
    } else {
      const word = UNITS.matchAt(tokens, j);
      if (word) {
        const unitEnd = this.readDenominator(word.end) ?? word.end;
        unit = this.text.slice(tokens[word.start]!.start, tokens[unitEnd - 1]!.end);
        j = unitEnd;
      }
    }
    return { value, start: i, end: j, unit, factor };
  }

  /** "/06 tháng", "/vạn dân", "/năm" after a unit: returns the end, or null if there is none. */
  private readDenominator(j: number): number | null {
    const { tokens } = this;
    if (!this.isSymbol(j, '/')) return null;
    let k = j + 1;
    if (tokens[k]?.kind === 'num') k++;
    const word = UNITS.matchAt(tokens, k);
    if (word) return word.end;
    const t = tokens[k];
    if (t?.kind === 'word' && !t.ident) return k + 1;
    return null;
  }

  /** The right side of a range "a - b", "a-b", "a–b", "a ÷ b", "từ a đến b", or null. */
  private readRangeEnd(left: Quantity, cues: Cues): Quantity | null {
    const { tokens } = this;
    const join = tokens[left.end];
    if (!join) return null;
    const isDash = join.kind === 'sym' && RANGE_DASHES.has(join.raw);
    const isWord = join.kind === 'word' && RANGE_WORDS.has(join.lower) && cues.from;
    if (!isDash && !isWord) return null;
    const k = left.end + 1;
    const next = tokens[k];
    if (next?.kind !== 'num' || next.value === null || this.identifierChainEnd(k) > k + 1) return null;
    const right = this.readQuantity(k);
    if (left.unit !== null && right.unit !== null && left.unit.toLowerCase() !== right.unit.toLowerCase()) return null;
    return right;
  }

  /** Operator, "about" and filler words read backwards from token `end` (exclusive). */
  private readCues(end: number): Cues {
    const { tokens } = this;
    const cues: Cues = { op: null, approximate: false, explicit: false, from: false, start: end };
    let j = end - 1;
    while (j >= 0) {
      const t = tokens[j]!;
      let cue: Cue | undefined;
      let start = j;
      if (t.kind === 'sym') {
        cue = SYMBOL_CUES.get(t.raw);
      } else if (t.kind === 'word') {
        const m = CUES.matchEndingAt(tokens, j);
        if (m) {
          cue = m.value;
          start = m.start;
          if (t.lower === 'từ' && m.start === j) cues.from = true;
        }
      }
      if (!cue) break;
      // The operator nearest the number wins: "đạt trên 60%" is "> 60".
      if (cue.kind === 'op') cues.op ??= cue.op;
      if (cue.kind === 'approx') cues.approximate = true;
      if (cue.kind !== 'filler') cues.explicit = true;
      cues.start = start;
      j = start - 1;
    }
    return cues;
  }

  // --- identifiers -----------------------------------------------------------------------------

  /**
   * The end of a glued chain starting at number `i` ("01/10/2026", "42/2022/NĐ-CP", "57-NQ"),
   * or i + 1 when the number stands alone. "7-8" (two numbers and a dash) is a range, not a chain.
   */
  private identifierChainEnd(i: number): number {
    const { tokens } = this;
    let end = i + 1;
    let parts = 1;
    let onlyDashedNumbers = true;
    while (end + 1 < tokens.length) {
      const join = tokens[end]!;
      const part = tokens[end + 1]!;
      if (join.kind !== 'sym' || !CHAIN_JOINS.has(join.raw) || join.spaced || part.spaced) break;
      if (part.kind === 'sym') break;
      if (join.raw !== '-' || part.kind !== 'num') onlyDashedNumbers = false;
      end += 2;
      parts++;
    }
    if (parts === 2 && onlyDashedNumbers) return i + 1;
    return end;
  }

  /** Number `i` continues a glued chain that started with a word: "KH/2025", "II.1.3". */
  private insideChain(i: number): boolean {
    const { tokens } = this;
    const join = tokens[i - 1];
    const before = tokens[i - 2];
    if (!join || !before || join.kind !== 'sym' || tokens[i]!.spaced || join.spaced) return false;
    return (join.raw === '/' || join.raw === '-' || join.raw === '.') && before.kind === 'word';
  }

  /**
   * A number opening the text (after "#", "-"…) and followed by "." or ")" and more words is a
   * heading or list number ("1.2. Phát triển…", "3) …"); "100." alone is still a target.
   */
  private isHeadingNumber(i: number): boolean {
    const { tokens } = this;
    for (let k = 0; k < i; k++) {
      const t = tokens[k]!;
      if (t.kind !== 'sym' || !HEADING_MARKS.has(t.raw)) return false;
    }
    const after = tokens[i + 1];
    return after?.kind === 'sym' && (after.raw === '.' || after.raw === ')') && tokens[i + 2] !== undefined;
  }

  /** After a label, the identifier may be a glued range or chain: "giai đoạn 2021-2025". */
  private labelledEnd(i: number): number {
    const { tokens } = this;
    const join = tokens[i + 1];
    const next = tokens[i + 2];
    if (join?.kind === 'sym' && join.raw === '-' && !join.spaced && next?.kind === 'num' && !next.spaced) return i + 3;
    return i + 1;
  }

  /** "cấp độ 1, 2" and "năm 2025 và 2026": a bare number listed after an identifier. */
  private continuesIdentifierList(start: number): boolean {
    const { tokens } = this;
    const sep = tokens[start - 1];
    if (!sep) return false;
    const isSep =
      (sep.kind === 'sym' && sep.raw === ',') || (sep.kind === 'word' && (sep.lower === 'và' || sep.lower === 'hoặc'));
    return isSep && this.lastIdentifierEnd === start - 1;
  }

  private skip(from: number, to: number, why: string): number {
    const { tokens } = this;
    const first = tokens[Math.max(0, from)]!;
    const last = tokens[Math.min(to, tokens.length) - 1]!;
    this.skipped.push(`"${this.text.slice(first.start, last.end)}" (${why})`);
    this.lastIdentifierEnd = to;
    return to;
  }

  // --- ranks -----------------------------------------------------------------------------------

  /**
   * "thứ N" is a rank after "đứng", "xếp", "từ"…, before "trở lên", or in a clause about rank;
   * otherwise it is an ordinal or a weekday ("thứ 2").
   */
  private isRankOrdinal(i: number, thuAt: number): boolean {
    const { tokens } = this;
    return (
      this.rankClauses.has(this.clauseOf[i]!) ||
      RANK_VERBS.matchEndingAt(tokens, thuAt - 1) !== null ||
      this.nextIsTrailing(i)
    );
  }

  private nextIsTrailing(i: number): boolean {
    const q = this.readQuantity(i);
    return TRAILING_OPS.matchAt(this.tokens, q.end) !== null;
  }

  /** For "nhóm N …": the token index of a "dẫn đầu"/"đứng đầu" later in the clause, or null. */
  private leaderAfter(i: number): number | null {
    const clause = this.clauseOf[i]!;
    for (let k = i + 1; k < this.tokens.length && this.clauseOf[k] === clause; k++) {
      if (LEADER_PHRASES.matchAt(this.tokens, k)) return k;
    }
    return null;
  }

  /**
   * "Đứng đầu cả nước" is rank <= 1, in a clause with no number target. In "5 doanh nghiệp dẫn
   * đầu" the words describe the enterprises, and "nhóm dẫn đầu" without a number is no target.
   */
  private addLeaders(): void {
    const { tokens } = this;
    const clausesWithTargets = new Set(this.found.map((f) => f.clause));
    for (let i = 0; i < tokens.length; i++) {
      const m = LEADER_PHRASES.matchAt(tokens, i);
      if (!m) continue;
      const clause = this.clauseOf[i]!;
      if (this.usedLeaders.has(i) || clausesWithTargets.has(clause)) continue;
      if (this.clauseHasWord(clause, 'nhóm', i)) continue;
      this.found.push({ target: single('<=', 1, 'rank', false), at: i, clause, rankPhrase: true });
      clausesWithTargets.add(clause);
      i = m.end - 1;
    }
  }

  private clauseHasWord(clause: number, word: string, before: number): boolean {
    for (let k = before - 1; k >= 0 && this.clauseOf[k] === clause; k--) {
      const t = this.tokens[k]!;
      if (t.kind === 'word' && t.lower === word) return true;
    }
    return false;
  }

  /**
   * "≤ 5 Thuộc nhóm 5 tỉnh/thành phố dẫn đầu cả nước" writes one target twice, as a symbol and
   * in words. A unitless (or rank) target followed in the same clause by rank wording with the
   * same number becomes one rank target; the symbol's "<" is kept if it was strict.
   */
  private foldRepeatedRanks(): Found[] {
    const out: Found[] = [];
    for (const f of this.found) {
      const prev = out[out.length - 1];
      const t = f.target;
      if (
        prev &&
        prev.clause === f.clause &&
        t.unit === 'rank' &&
        (f.rankPhrase || prev.target.unit === 'rank') &&
        (prev.target.unit === null || prev.target.unit === 'rank') &&
        prev.target.op !== 'between' &&
        t.op !== 'between' &&
        prev.target.value === t.value
      ) {
        const op = prev.target.op === '<' ? '<' : t.op;
        out[out.length - 1] = { ...f, at: prev.at, target: { ...t, op } };
        continue;
      }
      out.push(f);
    }
    return out;
  }

  private isSymbol(i: number, raw: string): boolean {
    const t = this.tokens[i];
    return t?.kind === 'sym' && t.raw === raw;
  }

  private isSymbolIn(i: number, set: ReadonlySet<string>): boolean {
    const t = this.tokens[i];
    return t?.kind === 'sym' && set.has(t.raw);
  }
}

function single(op: TargetOp, value: number, unit: string | null, approximate: boolean): Target {
  return { op, value, min: null, max: null, unit, approximate };
}

/** A rank is lower-is-better: "<" stays strict ("dưới 10"), every other wording is "<=". */
function rankOp(op: TargetOp | null): TargetOp {
  return op === '<' ? '<' : '<=';
}

function isPlaceUnit(unit: string): boolean {
  const lower = unit.toLowerCase();
  return PLACE_UNITS.has(lower) || PLACE_UNITS.has(lower.split('/')[0]!);
}

function isTimeUnit(unit: string): boolean {
  return TIME_UNITS.has(unit.toLowerCase());
}

function isYearToken(t: Token): boolean {
  return t.kind === 'num' && t.value !== null && isYearLike(t.raw, t.value);
}
