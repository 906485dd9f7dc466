import { unzipSync, zipSync, strFromU8, strToU8 } from 'fflate';
// The universal entry reads from an ArrayBuffer without spawning workers, so it runs the same in Node and inside our worker.
import { readSheet } from 'read-excel-file/universal';
import type { ColumnValues } from './arrow.ts';
import { cleanColumnNames } from './names.ts';
import { unreadable } from './refusal.ts';
import { compactSheet } from './xlsx-extent.ts';

export interface SheetColumns {
  sheet: string;
  sheets: string[];
  columns: ColumnValues[];
}

/** Reads one sheet (by name, default the first) of an .xlsx workbook into columns; the first row is the header. */
export async function readXlsx(bytes: Uint8Array, sheet: string | undefined): Promise<SheetColumns> {
  const sheets = sheetNames(bytes);
  if (sheets.length === 0) throw unreadable('refuse.noSheets');
  const chosen = sheet ?? sheets[0]!;
  if (!sheets.includes(chosen)) {
    throw unreadable('refuse.noSuchSheet', { sheet: chosen, sheets: sheets.join(', ') });
  }
  const compacted = withCompactSheet(bytes, chosen);
  let rows: unknown[][];
  try {
    rows = (await readSheet(exactArrayBuffer(compacted), chosen)) as unknown[][];
  } catch (error) {
    throw unreadable('refuse.xlsxDamaged', undefined, String(error));
  }
  // A row whose cells are all empty (e.g. shared strings that are "") is not a record.
  const [header = [], ...data] = rows.filter((row) => row.some((value) => value !== null && value !== undefined && value !== ''));
  let width = header.length;
  for (const row of data) width = Math.max(width, row.length);
  if (width === 0) throw unreadable('refuse.sheetEmpty', { sheet: chosen });
  const names = cleanColumnNames(Array.from({ length: width }, (_, index) => header[index] ?? ''));
  const columns = names.map((name, index) => ({ name, values: data.map((row) => row[index] ?? null) }));
  return { sheet: chosen, sheets, columns };
}

/**
 * The workbook with the chosen sheet's XML sized by its content (xlsx-extent.ts), stored uncompressed for
 * read-excel-file; unchanged when the sheet's part cannot be found (read-excel-file then says what is wrong).
 */
function withCompactSheet(bytes: Uint8Array, sheet: string): Uint8Array {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw unreadable('refuse.zipDamaged', undefined, String(error));
  }
  const path = sheetPath(entries, sheet);
  const part = path === null ? undefined : entries[path];
  if (path === null || part === undefined) return bytes;
  entries[path] = strToU8(compactSheet(strFromU8(part), sheet).xml);
  return zipSync(entries, { level: 0 });
}

/** The zip path of a sheet's XML: workbook.xml names its relationship, workbook.xml.rels its target. */
function sheetPath(entries: Record<string, Uint8Array>, sheet: string): string | null {
  const workbook = entries['xl/workbook.xml'];
  const relations = entries['xl/_rels/workbook.xml.rels'];
  if (!workbook || !relations) return null;
  const sheetTag = [...strFromU8(workbook).matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)]
    .map((match) => match[0])
    .find((tag) => unescapeXml(/\bname="([^"]*)"/.exec(tag)?.[1] ?? '') === sheet);
  const id = sheetTag && /\br:id="([^"]*)"/.exec(sheetTag)?.[1];
  if (!id) return null;
  const relation = [...strFromU8(relations).matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)]
    .map((match) => match[0])
    .find((tag) => /\bId="([^"]*)"/.exec(tag)?.[1] === id);
  const target = relation && /\bTarget="([^"]*)"/.exec(relation)?.[1];
  if (!target) return null;
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** What a workbook may unpack to; a sheet this large holds more cells than Kura reads from Excel (sheetTooLarge). */
const maxUnpackedBytes = 1024 * 1024 * 1024;

/** Sheet names in workbook order, read from xl/workbook.xml. */
function sheetNames(bytes: Uint8Array): string[] {
  let entries: Record<string, Uint8Array>;
  const names: string[] = [];
  let unpacked = 0;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        unpacked += file.originalSize;
        return file.name === 'xl/workbook.xml' || file.name === 'mimetype';
      },
    });
  } catch (error) {
    throw unreadable('refuse.zipDamaged', undefined, String(error));
  }
  // fflate allocates each part at the size its header declares, so a lying or bomb-sized header is refused unread.
  if (unpacked > maxUnpackedBytes)
    throw unreadable('refuse.xlsxTooLarge', {
      megabytes: Math.round(unpacked / 1024 / 1024).toLocaleString('en'),
      limit: maxUnpackedBytes / 1024 / 1024,
    });
  const workbook = entries['xl/workbook.xml'];
  if (!workbook) throw notAWorkbook(names, entries['mimetype']);
  const xml = strFromU8(workbook);
  return [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)].map((match) => unescapeXml(match[1]!));
}

/** What a ZIP file without a workbook seems to be: another Office or OpenDocument file, or a plain archive. */
function notAWorkbook(names: string[], mimetype: Uint8Array | undefined) {
  const type = mimetype ? strFromU8(mimetype).trim() : '';
  if (type === 'application/vnd.oasis.opendocument.spreadsheet') return unreadable('refuse.ods');
  if (names.includes('word/document.xml')) return unreadable('refuse.document', { format: 'Word (.docx)' });
  if (names.includes('ppt/presentation.xml')) return unreadable('refuse.document', { format: 'PowerPoint (.pptx)' });
  if (type.startsWith('application/vnd.oasis.opendocument.')) return unreadable('refuse.document', { format: 'OpenDocument' });
  return unreadable('refuse.zipNotXlsx');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}

function exactArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
}
