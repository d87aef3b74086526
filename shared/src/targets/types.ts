// The parsed form of a Vietnamese target text (DESIGN §4).

export type TargetOp = '>=' | '>' | '<=' | '<' | '=' | 'between';

export interface Target {
  op: TargetOp;
  /** The threshold; for `between` the same as `min` (a range is met at its minimum). */
  value: number | null;
  /** Only for `between`, else null. */
  min: number | null;
  /** Only for `between` (the stretch goal), else null. */
  max: number | null;
  /** '%', 'rank', another unit word ('bộ', 'người/vạn dân', 'phút'…) or null. */
  unit: string | null;
  /** true for 'khoảng' (about). */
  approximate: boolean;
}

export interface TargetParse {
  targets: Target[];
  /** Why nothing was found, when `targets` is empty; null otherwise. */
  reason: string | null;
}
