import ExcelJS from 'exceljs';
import type { Response } from 'superagent';

/** Supertest's parser for a binary download: the body as one Buffer. */
export function binary(response: Response, done: (error: Error | null, body: Buffer) => void): void {
  const parts: Buffer[] = [];
  response.on('data', (part: Buffer) => parts.push(part));
  response.on('end', () => done(null, Buffer.concat(parts)));
}

/** The first sheet of an XLSX download, read back with a spreadsheet reader: the header row and the typed cells. */
export async function readXlsx(content: Buffer): Promise<{ worksheet: ExcelJS.Worksheet; headers: string[]; rows: ExcelJS.CellValue[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  const worksheet = workbook.worksheets[0];
  const values = worksheet.getSheetValues().slice(1) as ExcelJS.CellValue[][];
  const [headers, ...rows] = values.map((row) => row.slice(1));
  return { worksheet, headers: headers.map(String), rows };
}
