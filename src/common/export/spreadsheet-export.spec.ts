import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Language } from '../identity/role';
import { csvExport } from './csv-export';
import { Sheet } from './spreadsheet';
import { xlsxExport } from './xlsx-export';

interface Line {
  title: string;
  requested: string;
  score: number | null;
  reviews: number;
  share: number;
  submittedAt: Date;
}

const lines: Line[] = [
  {
    title: '量子感測 Quantum sensing',
    requested: '9999999999999.99',
    score: 4.666666666666667,
    reviews: 3,
    share: 0.5,
    submittedAt: new Date('2026-03-01T08:59:59Z'),
  },
  {
    title: '=HYPERLINK("http://evil")',
    requested: '0.10',
    score: null,
    reviews: 0,
    share: 0,
    submittedAt: new Date('2026-02-28T16:30:00Z'),
  },
  {
    title: 'Comma, "quote" and\nnewline',
    requested: '1250000.00',
    score: 3,
    reviews: 1,
    share: 1,
    submittedAt: new Date('2026-07-15T23:00:00Z'),
  },
];

const sheet = (): Sheet<Line> => ({
  name: { en: 'Ranking', 'zh-TW': '排序' },
  columns: [
    { header: { en: 'Title', 'zh-TW': '計畫名稱' }, kind: 'text', value: (line) => line.title },
    { header: { en: 'Requested from NSTC', 'zh-TW': '向國科會申請' }, kind: 'amount', currency: 'TWD', value: (line) => line.requested },
    { header: { en: 'Mean score', 'zh-TW': '平均分數' }, kind: 'number', decimals: 2, value: (line) => line.score },
    { header: { en: 'Reviews', 'zh-TW': '審查數' }, kind: 'integer', value: (line) => line.reviews },
    { header: { en: 'Share', 'zh-TW': '比例' }, kind: 'ratio', value: (line) => line.share },
    { header: { en: 'Submitted', 'zh-TW': '提交時間' }, kind: 'datetime', value: (line) => line.submittedAt },
  ],
  rows: lines,
});

const options = { language: Language.TraditionalChinese, timeZone: 'Asia/Taipei' };

async function buffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('Spreadsheet exports', () => {
  it('writes CSV with a BOM, headers in the reader’s language, exact amounts, dates in the zone, formulas defused', async () => {
    const bytes = await buffer(csvExport(sheet(), options));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 byte-order mark
    const csv = bytes.toString('utf8');
    const records: string[][] = parse(csv, { bom: true });
    expect(records).toEqual([
      ['計畫名稱', '向國科會申請 (TWD)', '平均分數', '審查數', '比例', '提交時間 (Asia/Taipei)'],
      ['量子感測 Quantum sensing', '9999999999999.99', '4.666666666666667', '3', '0.5', '2026-03-01 16:59:59'],
      [`'=HYPERLINK("http://evil")`, '0.10', '', '0', '0', '2026-03-01 00:30:00'],
      ['Comma, "quote" and\nnewline', '1250000.00', '3', '1', '1', '2026-07-16 07:00:00'],
    ]);
  });

  it('writes English headers for an English reader and dates in another zone', async () => {
    const csv = await text(csvExport(sheet(), { language: Language.English, timeZone: 'Europe/Prague' }));
    const records: string[][] = parse(csv, { bom: true });
    expect(records[0]).toEqual(['Title', 'Requested from NSTC (TWD)', 'Mean score', 'Reviews', 'Share', 'Submitted (Europe/Prague)']);
    expect(records.map((record) => record[5]).slice(1)).toEqual(['2026-03-01 09:59:59', '2026-02-28 17:30:00', '2026-07-16 01:00:00']);
  });

  it('refuses an amount that is not an exact two-decimal string rather than write a rounded float', async () => {
    const bad: Sheet<{ amount: unknown }> = {
      name: { en: 'x', 'zh-TW': 'x' },
      columns: [{ header: { en: 'Amount', 'zh-TW': '金額' }, kind: 'amount', value: (row) => row.amount as string }],
      rows: [{ amount: 0.1 + 0.2 }],
    };
    await expect(text(csvExport(bad, options))).rejects.toThrow('two-decimal string');
    await expect(buffer(xlsxExport([bad as Sheet<unknown>], options))).rejects.toThrow('two-decimal string');
  });

  it('writes XLSX that a spreadsheet reader reads back cell for cell: typed, exact, frozen header, widths', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buffer(xlsxExport([sheet() as Sheet<unknown>], options))) as unknown as ExcelJS.Buffer);
    const worksheet = workbook.getWorksheet('排序')!;
    expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const values = worksheet
      .getSheetValues()
      .slice(1)
      .map((row) => (row as ExcelJS.CellValue[]).slice(1));
    expect(values[0]).toEqual(['計畫名稱', '向國科會申請 (TWD)', '平均分數', '審查數', '比例', '提交時間 (Asia/Taipei)']);
    expect(worksheet.getRow(1).font).toMatchObject({ bold: true });

    const first = worksheet.getRow(2);
    expect(first.getCell(1).value).toBe('量子感測 Quantum sensing');
    // Exact: the stored number prints back as the database's two-decimal string.
    expect(typeof first.getCell(2).value).toBe('number');
    expect((first.getCell(2).value as number).toFixed(2)).toBe('9999999999999.99');
    expect(String(first.getCell(2).value as number)).toBe('9999999999999.99');
    expect(first.getCell(2).numFmt).toBe('#,##0.00 "TWD"');
    expect(first.getCell(3).value).toBe(4.666666666666667);
    expect(first.getCell(3).numFmt).toBe('0.00');
    expect(first.getCell(4).value).toBe(3);
    expect(first.getCell(5).numFmt).toBe('0.0%');
    // The wall-clock time in Taipei, which the header names.
    expect((first.getCell(6).value as Date).toISOString()).toBe('2026-03-01T16:59:59.000Z');
    expect(first.getCell(6).numFmt).toBe('yyyy-mm-dd hh:mm');

    const second = worksheet.getRow(3);
    expect(second.getCell(1).value).toBe('=HYPERLINK("http://evil")'); // text, not a formula
    expect(second.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(String(second.getCell(2).value as number)).toBe('0.1');
    expect((second.getCell(2).value as number).toFixed(2)).toBe('0.10');
    expect(second.getCell(3).value).toBeNull();

    expect(worksheet.getColumn(1).width).toBeGreaterThanOrEqual(24);
    expect(worksheet.getColumn(2).width).toBeGreaterThanOrEqual(18);
  });
});
