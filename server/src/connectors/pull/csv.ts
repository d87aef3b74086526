// CSV sources through csv-parse (RFC 4180: quoted fields, doubled quotes, delimiters and
// newlines inside quotes, CRLF, a leading BOM), as rows of fields or as records keyed by the
// header row; short rows are read with empty fields, a blank line is not a row.
import { CsvError, parse } from 'csv-parse/sync';

/** Rows of fields; a trailing empty line is not a row. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw new Error('the delimiter must be one character other than a quote or a newline');
  try {
    return parse(text, {
      bom: true,
      delimiter,
      // exports from different systems mix line endings; without this the first line's wins
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (e) {
    if (e instanceof CsvError && e.code === 'CSV_QUOTE_NOT_CLOSED')
      throw new Error(`unterminated quoted field (from line ${String(e.lines ?? '?')})`, { cause: e });
    throw e;
  }
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
