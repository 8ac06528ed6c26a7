import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { CellValue, Column, exactAmount, ExportOptions, headerOf, Sheet, toInstant } from './spreadsheet';
import { wallTime } from '../time/wall-clock';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A spreadsheet opens a cell starting with one of these as a formula: text from researchers ("=HYPERLINK(...)")
 * must stay text in the grants office, so such a cell gets a leading apostrophe (OWASP's CSV injection advice).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(column: Column<unknown>, value: CellValue, options: ExportOptions): string {
  if (value === null || value === undefined) return '';
  switch (column.kind) {
    case 'text': {
      const text = String(value);
      return FORMULA_START.test(text) ? `'${text}` : text;
    }
    case 'amount':
      return exactAmount(value) ?? '';
    case 'datetime': {
      const instant = toInstant(value);
      if (!instant) return '';
      const t = wallTime(instant, options.timeZone);
      return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
    }
    case 'integer':
    case 'number':
    case 'ratio':
      return String(value);
  }
}

/**
 * The sheet as CSV, streamed row by row: RFC 4180 quoting, a UTF-8 byte-order mark so that a spreadsheet reads the
 * Chinese headers and names right, the headers in the reader's language.
 */
export function csvExport<Row>(sheet: Sheet<Row>, options: ExportOptions): Readable {
  const columns = sheet.columns as readonly Column<unknown>[];
  const records = async function* () {
    yield columns.map((column) => headerOf(column, options));
    for await (const row of sheet.rows) yield columns.map((column) => csvCell(column, column.value(row), options));
  };
  const csv = stringify({ bom: true, record_delimiter: 'windows' });
  // pipeline, not pipe: a failing row destroys the output with its error instead of leaving the download hanging.
  pipeline(Readable.from(records()), csv, () => undefined);
  return csv;
}
