// Text clean-up before tokenizing. Target texts come from Word tables, PDFs converted to text,
// Markdown and LaTeX ("$\geq 75\%$"), so the same target arrives in many spellings. Everything
// here maps a spelling onto one canonical form; nothing here decides what a target is.

const LATEX_COMMANDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\\%/g, '%'],
  [/\\(?:geqslant|geq|ge)(?![a-zA-Z])/g, '≥'],
  [/\\(?:leqslant|leq|le)(?![a-zA-Z])/g, '≤'],
  [/\\gt(?![a-zA-Z])/g, '>'],
  [/\\lt(?![a-zA-Z])/g, '<'],
  [/\\(?:approx|simeq|sim)(?![a-zA-Z])/g, '≈'],
  [/\\(?:text|mathrm|textbf|mathbf|textit|mbox)\s*\{([^{}]*)\}/g, '$1'],
  [/\\[,;:! ]/g, ' '],
  // Any other command (\quad, \displaystyle…) carries no meaning for a target.
  [/\\[a-zA-Z]+/g, ' '],
];

const SYMBOLS: ReadonlyArray<readonly [RegExp, string]> = [
  [/&(?:ge|geq);|&#8805;|&#x2265;/gi, '≥'],
  [/&(?:le|leq);|&#8804;|&#x2264;/gi, '≤'],
  [/&gt;/gi, '>'],
  [/&lt;/gi, '<'],
  [/&amp;/gi, '&'],
  [/&nbsp;/gi, ' '],
  [/<\/?[a-z][^<>]*>/gi, ' '], // HTML tags left in converted tables (<b>…</b>)
  [/>=|=>|⩾|≧|＞=/g, '≥'],
  [/<=|=<|⩽|≦|＜=/g, '≤'],
  [/＞/g, '>'],
  [/＜/g, '<'],
  [/％/g, '%'],
  [/＝/g, '='],
  [/[‐‑‒–—―−﹣－]/g, '-'], // hyphens, en/em dashes and the minus sign
  [/\*\*|__/g, ''], // Markdown bold: "đạt tối thiểu **90%**"
];

// Cheap tests that let the common case ("≥ 95%", "đạt tối thiểu 90%") skip the rewrites.
const HAS_LATEX = /[$\\]/;
const HAS_SYMBOL = /[&<>=＞＜％＝‐‑‒–—―−﹣－*_]/;
const HAS_GLUED_TOP = /top\d/i;
const HAS_INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/;
const HAS_ODD_SPACE = /[^\S ]| {2}|^ | $/;

/** Returns the text in NFC with symbols, LaTeX and whitespace in one canonical form. */
export function normalizeTargetText(text: unknown): string {
  if (typeof text !== 'string') return '';
  let s = text.normalize('NFC');
  if (HAS_LATEX.test(s)) {
    // Inside $…$ a "~" is LaTeX's unbreakable space, not "about".
    s = s.replace(/\$([^$]*)\$/g, (_, inner: string) => ` ${inner.replace(/~/g, ' ')} `);
    s = s.replace(/\$/g, ' ');
    for (const [pattern, replacement] of LATEX_COMMANDS) s = s.replace(pattern, replacement);
    s = s.replace(/[{}]/g, '');
  }
  if (HAS_SYMBOL.test(s)) for (const [pattern, replacement] of SYMBOLS) s = s.replace(pattern, replacement);
  // "top10" / "TOP 10": split the glued form so "top" is a word of its own.
  if (HAS_GLUED_TOP.test(s)) s = s.replace(/(^|[^\p{L}\p{M}])(top)(?=\d)/giu, '$1$2 ');
  if (HAS_INVISIBLE.test(s)) s = s.replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, ''); // zero-width, soft hyphen
  if (HAS_ODD_SPACE.test(s)) {
    s = s.replace(/\t/g, ' | '); // a tab separates table cells: a hard boundary
    s = s.replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ').trim();
  }
  return s;
}
