// A ranking kept up to date as a few agencies' scores change (DESIGN §5.8), for the server's
// incremental rescoring: re-ranking 3,321 agencies from scratch (a sort with string tie-breaks
// and an object per agency) cost more than the rest of a one-agency rescoring. The agencies stay
// sorted as rankAgencies sorts them; a changed score is moved by binary search and the ranks are
// recounted in one pass without allocating. Ranks are always exactly rankAgencies' ranks (a
// property test checks it against rankAgencies).
import { roundScore } from './round.js';

interface Entry {
  code: string;
  /** The rounded score the ranking compares. */
  key: number;
  rank: number;
}

/** `a` ranks before `b`: higher rounded score, then code in UTF-16 code-unit order. */
function before(a: Entry, key: number, code: string): boolean {
  return a.key !== key ? a.key > key : a.code < code;
}

/** Rebuild rather than move one by one when this share of the agencies changed at once. */
const REBUILD_SHARE = 1 / 16;

export class RankIndex {
  /** Ranked agencies, in rankAgencies' order; agencies without a finite score are not here. */
  private readonly entries: Entry[] = [];
  private readonly byCode = new Map<string, Entry>();

  constructor(scores: Iterable<{ code: string; score: number | null }> = []) {
    this.update(scores);
  }

  /** The agency's competition rank, or null when it has no finite score. */
  rankOf(code: string): number | null {
    return this.byCode.get(code)?.rank ?? null;
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Sets these agencies' scores (null or not finite: no longer ranked) and re-ranks. Returns
   * every agency whose rank changed, with its new rank (null: no longer ranked), including the
   * ones set when their rank moved.
   */
  update(changes: Iterable<{ code: string; score: number | null }>): Map<string, number | null> {
    const previousRanks = new Map<string, number | null>();
    const list = [...changes];
    const rebuild = list.length > Math.max(8, this.entries.length * REBUILD_SHARE);
    for (const { code, score } of list) {
      const key = score === null || !Number.isFinite(score) ? null : roundScore(score);
      const entry = this.byCode.get(code);
      if (!previousRanks.has(code)) previousRanks.set(code, entry?.rank ?? null);
      if (entry && entry.key === key) continue;
      if (entry) {
        if (!rebuild) this.entries.splice(this.indexOf(entry), 1);
        this.byCode.delete(code);
      }
      if (key === null) continue;
      const next: Entry = { code, key, rank: 0 };
      this.byCode.set(code, next);
      if (!rebuild) this.entries.splice(this.insertionPoint(key, code), 0, next);
    }
    if (rebuild) {
      this.entries.length = 0;
      for (const entry of this.byCode.values()) this.entries.push(entry);
      this.entries.sort((a, b) => (a.key !== b.key ? b.key - a.key : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    }
    // recount: one pass, no allocation unless a rank moved
    const moved = new Map<string, number | null>();
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[i];
      const rank = i > 0 && this.entries[i - 1].key === entry.key ? this.entries[i - 1].rank : i + 1;
      const previous = previousRanks.has(entry.code) ? previousRanks.get(entry.code) : entry.rank;
      entry.rank = rank;
      if (previous !== rank) moved.set(entry.code, rank);
    }
    for (const [code, previous] of previousRanks)
      if (previous !== null && !this.byCode.has(code)) moved.set(code, null);
    return moved;
  }

  private insertionPoint(key: number, code: string): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.entries[mid], key, code)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(entry: Entry): number {
    const i = this.insertionPoint(entry.key, entry.code);
    // entries are unique by code, so the insertion point of an entry is the entry itself
    return this.entries[i] === entry ? i : this.entries.indexOf(entry);
  }
}
