import { StreamableFile } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Readable } from 'node:stream';
import { IsOmittable } from '../validation/omittable';
import { EXPORT_MEDIA_TYPES, ExportFormat } from './spreadsheet';

export const RESPONSE_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

/** `?format=` of a resource a grants office also imports: JSON by default, or a file for a spreadsheet. */
export class ResponseFormatQuery {
  @ApiPropertyOptional({ enum: RESPONSE_FORMATS, default: 'json', description: 'json, or a file: csv (UTF-8 with BOM) or xlsx' })
  @IsOmittable()
  @IsIn(RESPONSE_FORMATS, { message: `format must be one of ${RESPONSE_FORMATS.join(', ')}` })
  format?: ResponseFormat;
}

/** The export as a download named after what it holds, e.g. `ranking-NSTC-GACR-2027.xlsx`. */
export function exportFile(content: Readable, format: ExportFormat, basename: string): StreamableFile {
  const filename = `${basename}.${format}`;
  const ascii = filename.replace(/[^\w.-]+/g, '_');
  return new StreamableFile(content, {
    type: EXPORT_MEDIA_TYPES[format],
    disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  });
}
