import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CellValue, Column, exactAmount, ExportOptions, headerOf, Sheet, toInstant } from './spreadsheet';
import { wallTime } from '../time/wall-clock';

const NUMBER_FORMATS: Record<Column<unknown>['kind'], (column: Column<unknown>) => string | undefined> = {
  text: () => '@',
  integer: () => '0',
  number: (column) => (column.decimals === undefined ? undefined : `0.${'0'.repeat(column.decimals)}`),
  amount: (column) => `#,##0.00${column.currency ? ` "${column.currency}"` : ''}`,
  datetime: () => 'yyyy-mm-dd hh:mm',
  ratio: () => '0.0%',
};

const WIDTHS: Record<Column<unknown>['kind'], number> = { text: 24, integer: 10, number: 12, amount: 18, datetime: 18, ratio: 10 };

function xlsxCell(column: Column<unknown>, value: CellValue, options: ExportOptions): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case 'text':
      return String(value);
    case 'amount': {
      // A two-decimal string of at most 15 digits converts to the double nearest it, which prints back as the
      // same string: the cell holds the amount exactly as the database does.
      const amount = exactAmount(value);
      return amount === null ? null : Number(amount);
    }
    case 'datetime': {
      // A spreadsheet date has no zone: it holds the wall-clock time of the call's zone, which the header names.
      const instant = toInstant(value);
      if (!instant) return null;
      const t = wallTime(instant, options.timeZone);
      return new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
    }
    case 'integer':
    case 'number':
    case 'ratio':
      return typeof value === 'number' ? value : Number(value);
  }
}

/**
 * The sheets as one XLSX workbook, streamed: rows are committed as they come, so a call of any size costs one
 * row's memory. Typed cells (numbers, exact amounts with their currency, dates), a frozen bold header row,
 * widths from the header and the kind.
 */
export function xlsxExport(sheets: readonly Sheet<unknown>[], options: ExportOptions): Readable {
  const output = new PassThrough();
  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
    for (const sheet of sheets) {
      const worksheet = workbook.addWorksheet(sheet.name[options.language].slice(0, 31), {
        views: [{ state: 'frozen', ySplit: 1 }],
      });
      worksheet.columns = sheet.columns.map((column, index) => {
        const header = headerOf(column, options);
        return {
          key: String(index),
          header,
          width: column.width ?? Math.max(WIDTHS[column.kind], Math.min(40, header.length + 2)),
          style: { numFmt: NUMBER_FORMATS[column.kind](column) },
        };
      });
      worksheet.getRow(1).font = { bold: true };
      worksheet.getRow(1).commit();
      for await (const row of sheet.rows) {
        worksheet.addRow(sheet.columns.map((column) => xlsxCell(column, column.value(row), options))).commit();
      }
      worksheet.commit();
    }
    await workbook.commit();
  };
  write().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}
