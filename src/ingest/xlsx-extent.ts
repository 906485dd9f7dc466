/**
 * Sizes an .xlsx sheet by its content, before read-excel-file reads it.
 *
 * Threat model: a sheet's XML names each cell's position (`r="XFD1048576"`), and read-excel-file builds a dense
 * array from A1 to the last row and the last column holding a value, padding every row in between; so one value
 * in the far corner of a 1.5 KB file asks for 17 billion cells and the tab or the command line dies of heap
 * exhaustion. `<dimension ref>` is a claim, not content (read-excel-file ignores it, and so does Kura). Here the
 * sheet's XML is rewritten without its rows that hold no value, the rest renumbered 1, 2, 3…, and the sheet is
 * refused when what remains — rows holding a value × the last column holding one — is more than `maxSheetCells`.
 */
import { unreadable } from './refusal.ts';

/** About 32 million cells: what read-excel-file's arrays and the columns made from them take in a tab (~1 GB). */
export const maxSheetCells = 2 ** 25;

const rowPattern = /<((?:[\w-]+:)?)row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1row>)/g;
const cellPattern = /<((?:[\w-]+:)?)c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1c>)/g;
/** A value (`<v>`) or an inline string's text (`<t>`) with something in it. */
const valuePattern = /<(?:[\w-]+:)?(?:v|t)(?:\s[^>]*)?>[^<]*\S/;

export interface CompactSheet {
  xml: string;
  /** Rows that hold a value. */
  rows: number;
  /** The last column (1-based) that holds a value in any row. */
  columns: number;
}

/** The sheet's XML without empty rows, rows renumbered; throws when its content is more than `maxSheetCells`. */
export function compactSheet(xml: string, sheet: string): CompactSheet {
  let rows = 0;
  let columns = 0;
  const compacted = xml.replace(rowPattern, (_whole, prefix: string, attributes: string, body: string | undefined) => {
    if (body === undefined || !valuePattern.test(body)) return '';
    let position = 0;
    let filled = false;
    for (const [, , cellAttributes, cellBody] of body.matchAll(cellPattern)) {
      const reference = /\br="([A-Za-z]{1,3})\d*"/.exec(cellAttributes!);
      position = reference ? columnNumber(reference[1]!) : position + 1;
      if (cellBody !== undefined && valuePattern.test(cellBody)) {
        filled = true;
        if (position > columns) columns = position;
      }
    }
    if (!filled) return '';
    rows += 1;
    const row = rows;
    const renumbered = body.replace(
      /(<(?:[\w-]+:)?c\b[^>]*?\br=")([A-Za-z]{1,3})\d+"/g,
      (_cell, start: string, letters: string) => `${start}${letters}${row}"`,
    );
    return `<${prefix}row${attributes.replace(/\br="\d+"/, `r="${row}"`)}>${renumbered}</${prefix}row>`;
  });
  if (rows * columns > maxSheetCells) {
    throw unreadable('refuse.sheetTooLarge', { sheet, rows, columns, limit: maxSheetCells.toLocaleString('en-US') });
  }
  return { xml: compacted, rows, columns };
}

/** A → 1, Z → 26, AA → 27, XFD → 16384. */
function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters.toUpperCase()) number = number * 26 + (letter.charCodeAt(0) - 64);
  return number;
}
