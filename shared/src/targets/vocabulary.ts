// The words the parser knows, as phrase tables over lower-cased word tokens. Vietnamese writes a
// word as several space-separated syllables ("tối thiểu", "doanh nghiệp"), so every entry is a
// phrase and the longest phrase wins ("không thấp hơn" before "thấp hơn").
import type { TargetOp } from './types.js';
import type { Token } from './tokenize.js';

interface Phrase<V> {
  words: string[];
  value: V;
}

export interface PhraseMatch<V> {
  /** First token index of the phrase. */
  start: number;
  /** One past the last token index. */
  end: number;
  value: V;
}

export class PhraseTable<V> {
  private readonly byFirst = new Map<string, Phrase<V>[]>();
  private readonly byLast = new Map<string, Phrase<V>[]>();

  constructor(entries: ReadonlyArray<readonly [string, V]>) {
    for (const [text, value] of entries) {
      const words = text.normalize('NFC').toLowerCase().split(' ');
      const phrase = { words, value };
      push(this.byFirst, words[0]!, phrase);
      push(this.byLast, words[words.length - 1]!, phrase);
    }
    for (const list of [...this.byFirst.values(), ...this.byLast.values()]) {
      list.sort((a, b) => b.words.length - a.words.length);
    }
  }

  /** The longest phrase starting at token `i`. */
  matchAt(tokens: readonly Token[], i: number): PhraseMatch<V> | null {
    const first = tokens[i];
    if (first?.kind !== 'word') return null;
    for (const phrase of this.byFirst.get(first.lower) ?? []) {
      if (phrase.words.every((w, k) => wordAt(tokens, i + k) === w)) {
        return { start: i, end: i + phrase.words.length, value: phrase.value };
      }
    }
    return null;
  }

  /** The longest phrase ending at token `j` (inclusive). */
  matchEndingAt(tokens: readonly Token[], j: number): PhraseMatch<V> | null {
    const last = tokens[j];
    if (last?.kind !== 'word') return null;
    for (const phrase of this.byLast.get(last.lower) ?? []) {
      const start = j - phrase.words.length + 1;
      if (start >= 0 && phrase.words.every((w, k) => wordAt(tokens, start + k) === w)) {
        return { start, end: j + 1, value: phrase.value };
      }
    }
    return null;
  }

  /** The first phrase anywhere in tokens [from, to). */
  find(tokens: readonly Token[], from: number, to: number): PhraseMatch<V> | null {
    for (let i = from; i < to; i++) {
      const m = this.matchAt(tokens, i);
      if (m && m.end <= to) return m;
    }
    return null;
  }
}

function push<V>(map: Map<string, Phrase<V>[]>, key: string, phrase: Phrase<V>): void {
  const list = map.get(key);
  if (list) list.push(phrase);
  else map.set(key, [phrase]);
}

function wordAt(tokens: readonly Token[], i: number): string | undefined {
  const t = tokens[i];
  return t?.kind === 'word' ? t.lower : undefined;
}

/**
 * What a word before a number says about it. `op` words set the comparison; `approx` marks
 * "about"; `verb` ("đạt", achieve) names a target without changing the default `>=`; `filler`
 * words may stand between an operator and its number ("tối thiểu là", "ở mức") and say nothing.
 */
export type Cue = { kind: 'op'; op: TargetOp } | { kind: 'approx' } | { kind: 'verb' } | { kind: 'filler' };

const op = (o: TargetOp): Cue => ({ kind: 'op', op: o });
const APPROX: Cue = { kind: 'approx' };
const VERB: Cue = { kind: 'verb' };
const FILLER: Cue = { kind: 'filler' };

export const CUES = new PhraseTable<Cue>([
  // DESIGN §4
  ['trên', op('>')],
  ['dưới', op('<')],
  ['tối thiểu', op('>=')],
  ['ít nhất', op('>=')],
  ['không thấp hơn', op('>=')],
  ['tối đa', op('<=')],
  ['không quá', op('<=')],
  ['khoảng', APPROX],
  ['đạt', VERB],
  // The same comparisons in other words the plans use.
  ['không dưới', op('>=')],
  ['không ít hơn', op('>=')],
  ['không nhỏ hơn', op('>=')],
  ['bằng hoặc cao hơn', op('>=')],
  ['bằng hoặc lớn hơn', op('>=')],
  ['bằng hoặc hơn', op('>=')],
  ['không vượt quá', op('<=')],
  ['không cao hơn', op('<=')],
  ['không lớn hơn', op('<=')],
  ['không nhiều hơn', op('<=')],
  ['không hơn', op('<=')],
  ['nhiều nhất', op('<=')],
  ['bằng hoặc thấp hơn', op('<=')],
  ['bằng hoặc nhỏ hơn', op('<=')],
  ['bằng hoặc ít hơn', op('<=')],
  ['trong vòng', op('<=')], // "trong vòng 30 phút": within
  ['hơn', op('>')],
  ['cao hơn', op('>')],
  ['lớn hơn', op('>')],
  ['nhiều hơn', op('>')],
  ['vượt', op('>')],
  ['vượt quá', op('>')],
  ['vượt trên', op('>')],
  ['thấp hơn', op('<')],
  ['nhỏ hơn', op('<')],
  ['ít hơn', op('<')],
  // "=" only when the text says so: "bằng 100%" (DESIGN leaves "=" to explicit wording).
  ['bằng', op('=')],
  ['xấp xỉ', APPROX],
  ['khoảng chừng', APPROX],
  ['chừng', APPROX],
  ['gần', APPROX],
  ['đạt được', VERB],
  ['đạt mức', VERB],
  ['mức', FILLER],
  ['ở mức', FILLER],
  ['ở', FILLER],
  ['là', FILLER],
  ['từ', FILLER], // "từ 14 người/vạn dân trở lên": the op comes from "trở lên"
  ['vào', FILLER],
  ['được', FILLER],
  ['con số', FILLER],
  ['tỷ lệ', FILLER],
  ['tỉ lệ', FILLER],
  ['tăng', FILLER],
  ['giảm', FILLER],
  ['trung bình', FILLER],
  ['bình quân', FILLER],
  ['mỗi năm', FILLER],
  ['hằng năm', FILLER],
  ['hàng năm', FILLER],
]);

/** Symbols before a number. "~" and "≈" mean about. */
export const SYMBOL_CUES: ReadonlyMap<string, Cue> = new Map<string, Cue>([
  ['≥', op('>=')],
  ['≤', op('<=')],
  ['>', op('>')],
  ['<', op('<')],
  ['=', op('=')],
  ['≈', APPROX],
  ['~', APPROX],
  [':', FILLER],
]);

/** After a quantity: "95% trở lên", "5% trở xuống". */
export const TRAILING_OPS = new PhraseTable<TargetOp>([
  ['trở lên', '>='],
  ['trở xuống', '<='],
  ['hoặc hơn', '>='],
  ['hoặc cao hơn', '>='],
  ['hoặc thấp hơn', '<='],
]);

/** "1,5 triệu", "5 nghìn tỷ". "tỷ lệ"/"tỷ trọng" (ratio, share) are checked by the caller. */
export const MULTIPLIERS = new PhraseTable<number>([
  ['nghìn', 1e3],
  ['ngàn', 1e3],
  ['triệu', 1e6],
  ['tỷ', 1e9],
  ['tỉ', 1e9],
]);

/** Words after "tỷ"/"tỉ" that make it "ratio"/"share", not "billion". */
export const NOT_BILLION = new Set(['lệ', 'trọng']);

/**
 * Words before a number that make it an identifier, not a quantity: "năm 2026",
 * "Nghị định số 42/2022/NĐ-CP", "mức độ 2", "Đề án 06", "cấp độ 3", "Công nghiệp 4.0".
 * "thứ N" (an ordinal, or a weekday) and "nhóm N" (a group) are ranks in rank wording instead.
 */
export type Label = 'identifier' | 'ordinal' | 'group';

export const LABELS = new PhraseTable<Label>([
  ...[
    'năm',
    'tháng',
    'quý',
    'tuần',
    'ngày',
    'giai đoạn',
    'số',
    'mã',
    'số hiệu',
    'ký hiệu',
    'mức độ',
    'cấp độ',
    'level',
    'điều',
    'khoản',
    'điểm',
    'chương',
    'mục',
    'phần',
    'phụ lục',
    'biểu',
    'biểu mẫu',
    'mẫu',
    'bước',
    'nghị quyết',
    'nghị định',
    'quyết định',
    'thông tư',
    'chỉ thị',
    'kế hoạch',
    'công văn',
    'văn bản',
    'luật',
    'thông báo',
    'đề án',
    'dự án',
    'chương trình',
    'tiêu chuẩn',
    'quy chuẩn',
    'iso',
    'tcvn',
    'qcvn',
    'phiên bản',
    'version',
    'công nghiệp', // "Công nghiệp 4.0"
    'web',
    'lần thứ',
    'khóa',
    'khoá',
    'tổ',
    'tổ dân phố',
    'khu phố',
    'phường',
    'quận',
    'đường',
    'phố',
    'ngõ',
    'ngách',
    'lô',
    'tầng',
    'phòng',
  ].map((w) => [w, 'identifier'] as const),
  ['thứ', 'ordinal'],
  ['nhóm', 'group'],
]);

/** Time units: with a time-frame word before them they say when, not how much. */
export const TIME_UNITS = new Set(['giây', 'phút', 'giờ', 'ngày', 'ngày làm việc', 'tuần', 'tháng', 'quý', 'năm']);

/** "trong 12 tháng đầu", "sau 6 tháng", "mỗi 3 năm": a time frame, not a target. */
export const TIME_FRAMES = new PhraseTable<true>(
  ['trong', 'sau', 'trước', 'suốt', 'qua', 'mỗi', 'sau khi'].map((w) => [w, true] as const),
);

/** Words after a number that describe who is counted, not how many: "từ 15 tuổi trở lên". */
export const QUALIFIERS = new PhraseTable<true>([['tuổi', true]]);

/** Words that make a clause about rank: its plain numbers are places in a ranking. */
export const RANK_KEYWORDS = new PhraseTable<true>(
  ['thứ bậc', 'xếp hạng', 'thứ hạng', 'xếp thứ', 'đứng thứ', 'vị trí thứ', 'top'].map((w) => [w, true] as const),
);

/** Words just before a number that make it a place in a ranking: "top 10", "hạng 3". */
export const RANK_PREFIXES = new PhraseTable<true>([
  ['top', true],
  ['hạng', true],
]);

/** Words before "thứ N" that make it a rank ("đứng thứ 3"), not an ordinal or a weekday. */
export const RANK_VERBS = new PhraseTable<true>(
  ['đứng', 'xếp', 'xếp hạng', 'vị trí', 'hạng', 'top', 'từ'].map((w) => [w, true] as const),
);

/** "đứng đầu" (first in the country) is rank <= 1; "dẫn đầu" closes "nhóm N … dẫn đầu". */
export const LEADER_PHRASES = new PhraseTable<true>(
  ['đứng đầu', 'dẫn đầu', 'đứng thứ nhất', 'hạng nhất'].map((w) => [w, true] as const),
);

/** Place units: "nhóm 5 tỉnh/thành phố" counts places in a ranking. */
export const PLACE_UNITS = new Set([
  'tỉnh',
  'thành phố',
  'tỉnh/thành phố',
  'tỉnh, thành phố',
  'địa phương',
  'quốc gia',
]);

/**
 * Units that may be glued to their number ("1Gb/s", "100Mbps", "5km"); other letters glued to a
 * number make an identifier ("5G", "4G", "3D"), not a quantity. They are unit words after a space
 * too (UNITS includes them).
 */
export const GLUED_UNITS: ReadonlySet<string> = new Set([
  'gbps',
  'mbps',
  'kbps',
  'km',
  'km2',
  'km²',
  'm',
  'm2',
  'm²',
  'm3',
  'm³',
  'cm',
  'mm',
  'kg',
  'ha',
  'tb',
  'gb',
  'mb',
  'kb',
  'ghz',
  'mhz',
  'kw',
  'kwh',
  'mw',
  'usd',
  'vnd',
]);

/**
 * Unit words after a number, longest first. A "/" after one of them adds a denominator
 * ("lần/06 tháng", "người/vạn dân", "sản phẩm/dịch vụ"). A word not listed here is not taken as
 * a unit: the target keeps unit null rather than a guessed one.
 */
export const UNITS = new PhraseTable<true>(
  [
    // counts of things
    'bộ',
    'bộ dữ liệu',
    'sản phẩm',
    'dịch vụ',
    'dịch vụ công',
    'chiến dịch',
    'cuộc',
    'lần',
    'lượt',
    'lượt truy cập',
    'người',
    'người dân',
    'hộ',
    'hộ gia đình',
    'hộ kinh doanh',
    'doanh nghiệp',
    'tổ chức',
    'cơ quan',
    'đơn vị',
    'khu',
    'cụm',
    'trung tâm',
    'nền tảng',
    'ứng dụng',
    'hệ thống',
    'cơ sở dữ liệu',
    'tài khoản',
    'hồ sơ',
    'thủ tục',
    'văn bản',
    'nhiệm vụ',
    'đề tài',
    'sáng chế',
    'sáng kiến',
    'mô hình',
    'kênh',
    'bài',
    'bài giảng',
    'bài viết',
    'tin',
    'tin bài',
    'video',
    'khóa',
    'khoá',
    'khóa học',
    'khoá học',
    'lớp',
    'buổi',
    'hội nghị',
    'sự kiện',
    'chuyên gia',
    'cán bộ',
    'học sinh',
    'sinh viên',
    'giáo viên',
    'trường',
    'camera',
    'trạm',
    'thiết bị',
    'máy',
    'điểm',
    'điểm truy cập',
    'giao dịch',
    'cửa hàng',
    'chợ',
    'xã',
    'phường',
    'tỉnh',
    'thành phố',
    'địa phương',
    'quốc gia',
    'tổ',
    'đội',
    'startup',
    'dân',
    'vạn dân',
    'nghìn dân',
    // money (usd, vnd: with the glued units)
    'đồng',
    // time
    'giây',
    'phút',
    'giờ',
    'ngày',
    'ngày làm việc',
    'tuần',
    'tháng',
    'quý',
    'năm',
    // measures, written apart or glued to the number
    'gb/s',
    'mb/s',
    'kb/s',
    ...GLUED_UNITS,
    'tấn',
    'ha',
  ].map((w) => [w, true] as const),
);
