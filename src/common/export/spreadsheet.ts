import { Language } from '../identity/role';

/**
 * A table an agency's grants office imports: what each column holds and how it is written, independent of the
 * format. The exporters (CSV, XLSX) turn the same definition into files that agree cell for cell.
 */
export type Localised = Readonly<Record<Language, string>>;

export type ColumnKind =
  /** Free text, written as text (never a formula, whatever it starts with). */
  | 'text'
  | 'integer'
  /** A number with as many decimals as it has (a mean score, a z-score); `decimals` rounds it for display only. */
  | 'number'
  /** An exact decimal string with two decimals ("1250000.00") in the column's currency; never a float on the way. */
  | 'amount'
  /** An instant, written as the wall-clock time in the export's time zone, which the header names. */
  | 'datetime'
  /** A share between 0 and 1, shown as a percentage in XLSX. */
  | 'ratio';

export type CellValue = string | number | Date | null | undefined;

export interface Column<Row> {
  header: Localised;
  kind: ColumnKind;
  value: (row: Row) => CellValue;
  /** ISO 4217 code of an `amount` column: named in the header and, in XLSX, in the number format. */
  currency?: string;
  /** Decimals shown for a `number` column in XLSX (the stored value keeps its precision). */
  decimals?: number;
  /** Width in characters in XLSX; by default from the header and the kind. */
  width?: number;
}

export interface Sheet<Row> {
  name: Localised;
  columns: readonly Column<Row>[];
  rows: AsyncIterable<Row> | Iterable<Row>;
}

export interface ExportOptions {
  language: Language;
  /** IANA zone the dates are written in: the call's. */
  timeZone: string;
}

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The header as the file shows it: the currency of an amount and the zone of a date are part of it. */
export function headerOf(column: Column<unknown>, options: ExportOptions): string {
  const header = column.header[options.language];
  if (column.kind === 'amount' && column.currency) return `${header} (${column.currency})`;
  if (column.kind === 'datetime') return `${header} (${options.timeZone})`;
  return header;
}

export function toInstant(value: CellValue): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`Not an instant: ${String(value)}`);
  return date;
}

const AMOUNT = /^-?\d{1,13}\.\d{2}$/;

/** An amount column's value, checked: exact two-decimal strings only, so that nothing was a float before. */
export function exactAmount(value: CellValue): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' || !AMOUNT.test(value)) throw new Error(`An amount must be a two-decimal string, got ${String(value)}`);
  return value;
}
