import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvLine, parseCsv, unguardCell } from '../../shared/csv/csv';

async function parse(chunks: Array<string | Uint8Array>) {
  const out: Array<{ row: number; fields: string[] }> = [];
  for await (const record of parseCsv(chunks)) out.push(record);
  return out;
}

/** Cuts a string into pieces at the given positions (to test records split across chunks). */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push(text.slice(from, p));
    from = p;
  }
  pieces.push(text.slice(from));
  return pieces;
}

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, commas and line breaks inside quotes, CRLF and a BOM', async () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\nlast,,\n';
    expect(await parse([text])).toEqual([
      { row: 1, fields: ['a', 'b', 'c'] },
      { row: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
      // The blank line is row 3 and is skipped.
      { row: 4, fields: ['last', '', ''] },
    ]);
  });

  it('decodes UTF-8 split inside a character across byte chunks', async () => {
    const bytes = new TextEncoder().encode('name\r\nZoë – Łódź\r\n');
    const pieces = [bytes.slice(0, 9), bytes.slice(9, 10), bytes.slice(10)];
    expect((await parse(pieces))[1]?.fields).toEqual(['Zoë – Łódź']);
  });

  it('reports a quote that is never closed, with its row', async () => {
    await expect(parse(['a\r\n"open,b\r\n'])).rejects.toEqual(
      new CsvSyntaxError(2, 'A quoted field is never closed'),
    );
  });

  it('reads back whatever csvLine writes, however the text is chunked', async () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', '=', '-', "'", 'é', '0'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (rows, cuts) => {
          // A record that is one empty field is a blank line, which a reader skips; give it content.
          const records = rows.map((r) => (r.length === 1 && r[0] === '' ? ['x'] : r));
          const text = records.map(csvLine).join('');
          const parsed = await parse(cut(text, cuts));
          expect(parsed.map((p) => p.fields.map(unguardCell))).toEqual(records);
          expect(parsed.map((p) => p.row)).toEqual(records.map((_, i) => i + 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('guards cells a spreadsheet would run as formulas', () => {
    expect(csvLine(['=SUM(A1)', '+1', '-x', '@cmd', 'plain'])).toBe("'=SUM(A1),'+1,'-x,'@cmd,plain\r\n");
    expect(unguardCell("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unguardCell("'quoted")).toBe("'quoted");
  });
});
