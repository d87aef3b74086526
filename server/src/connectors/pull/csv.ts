// A small RFC 4180 CSV reader (quoted fields, doubled quotes, delimiters and newlines inside
// quotes, CRLF, a leading BOM). Written here rather than added as a dependency: the rules are
// short and fully tested, and a source file is read whole anyway.

/** Rows of fields; a trailing empty line is not a row. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw new Error('the delimiter must be one character other than a quote or a newline');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('unterminated quoted field at the end of the file');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Records keyed by the header row's names (trimmed). */
export function csvRecords(text: string, delimiter = ','): { header: string[]; records: Record<string, string>[] } {
  const [header = [], ...rows] = parseCsv(text, delimiter);
  const names = header.map((h) => h.trim());
  return {
    header: names,
    records: rows.map((r) => Object.fromEntries(names.map((name, i) => [name, r[i] ?? '']))),
  };
}
