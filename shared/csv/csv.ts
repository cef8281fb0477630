/**
 * CSV as RFC 4180 has it (comma-separated, `"`-quoted, `""` for a quote, CRLF or LF line ends),
 * read as a stream: records come out as soon as their last byte arrives, so a file is never held
 * whole. A UTF-8 byte-order mark (spreadsheets write one) is dropped.
 */
export interface CsvRecord {
  /** The row number a spreadsheet shows: the header is row 1. */
  row: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** Reads records from text or byte chunks (UTF-8); blank lines are skipped but still counted. */
export async function* parseCsv(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  /** Inside quotes, a `"` was just read: either the closing quote or the first of `""`. */
  let quoteSeen = false;
  let afterCr = false;
  /** Records so far, blank lines included: a line break inside quotes stays in its row. */
  let row = 1;
  let hasContent = false;

  function* endRecord(): Generator<CsvRecord> {
    fields.push(field);
    if (hasContent) yield { row, fields };
    fields = [];
    field = '';
    hasContent = false;
    row++;
  }

  function* consume(text: string): Generator<CsvRecord> {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (afterCr) {
        afterCr = false;
        if (ch === '\n') continue;
      }
      if (quoted) {
        if (quoteSeen) {
          quoteSeen = false;
          if (ch === '"') {
            field += '"';
            continue;
          }
          quoted = false;
          // Falls through: the character after a closing quote is read as outside quotes.
        } else if (ch === '"') {
          quoteSeen = true;
          continue;
        } else {
          field += ch;
          continue;
        }
      }
      if (ch === '"' && field === '') {
        quoted = true;
        hasContent = true;
      } else if (ch === ',') {
        fields.push(field);
        field = '';
        hasContent = true;
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r') afterCr = true;
        yield* endRecord();
      } else {
        field += ch;
        hasContent = true;
      }
    }
  }

  let first = true;
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    // TextDecoder drops a byte-order mark from bytes; text handed over as strings may still have it.
    if (first && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    yield* consume(text);
  }
  yield* consume(decoder.decode());
  if (quoted && !quoteSeen) throw new CsvSyntaxError(row, 'A quoted field is never closed');
  quoted = false;
  quoteSeen = false;
  if (hasContent || field !== '' || fields.length) yield* endRecord();
}

/**
 * Leading characters that make a spreadsheet run a cell as a formula (CSV injection), also after
 * apostrophes already there, so that a value that really starts with `'=` survives the round trip.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * One CSV line (with CRLF). Values a spreadsheet would run as formulas get a leading `'`, which
 * the import takes off again, so an export re-imports unchanged.
 */
export function csvLine(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${values
    .map((value) => {
      let text = value === null || value === undefined ? '' : String(value);
      if (FORMULA_START.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',')}\r\n`;
}

/** Undoes `csvLine`'s formula guard on an imported cell. */
export const unguardCell = (text: string) => (/^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text);
