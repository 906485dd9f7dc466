/**
 * The notebook file: optional YAML front matter, then Markdown in which fenced blocks whose info
 * string starts with a cell kind (```sql name, ```source name, ```chart …) are cells and all other
 * text is markdown cells. See docs/notebook-format.md.
 *
 * Round trip: every piece keeps the text it was parsed from (`raw`); the serializer writes that text
 * back while the piece's value is unchanged, and canonical text for edited or new pieces.
 */
import type { Cell, MarkdownCell, Notebook, NotebookHeader, NotebookRaw } from '../document/model.ts';
import { cellInfo } from './cell-kinds.ts';
import { cellName, fencedCellText, parseFencedCell } from './fenced-cell.ts';
import { closesFence, fenceOpening } from '../document/fences.ts';
import { NotebookFormatError } from '../document/format-error.ts';
import { defaultHeader, headerText, parseHeader } from '../document/header.ts';
import { contentOf, isBlank, joinLines, splitLines, type Line } from '../document/lines.ts';
import { sameValue } from '../document/same-value.ts';

export { NotebookFormatError } from '../document/format-error.ts';

export function parseNotebook(text: string): Notebook {
  const lines = splitLines(text);
  const lineEnding = lines[0]?.end === '\r\n' ? '\r\n' : '\n';
  const frontMatter = readFrontMatter(lines);
  const cells: Cell[] = [];
  let gap = '';
  const nextId = () => `cell-${cells.length + 1}`;
  const names = new Map<string, number>();

  for (const piece of readPieces(lines.slice(frontMatter.lineCount))) {
    if (piece.fenced) {
      const cell: Cell = { ...parseFencedCell(piece.lines, nextId()), raw: { before: gap, text: joinLines(piece.lines) } };
      checkUniqueName(cell, piece.lines[0]!.number, names);
      cells.push(cell);
      gap = '';
      continue;
    }
    const first = piece.lines.findIndex((line) => !isBlank(line));
    if (first === -1) {
      gap += joinLines(piece.lines);
      continue;
    }
    let last = piece.lines.length - 1;
    while (isBlank(piece.lines[last]!)) last--;
    const content = piece.lines.slice(first, last + 1);
    const markdown: MarkdownCell = {
      id: nextId(),
      kind: 'markdown',
      text: contentOf(content),
      raw: { before: gap + joinLines(piece.lines.slice(0, first)), text: joinLines(content) },
    };
    cells.push(markdown);
    gap = joinLines(piece.lines.slice(last + 1));
  }

  return { header: frontMatter.header, cells, raw: { header: frontMatter.raw, trailing: gap, lineEnding } };
}

export function serializeNotebook(notebook: Notebook): string {
  const raw: NotebookRaw = notebook.raw ?? { header: '', trailing: '', lineEnding: '\n' };
  const eol = raw.lineEnding;
  let out = '';
  const append = (text: string) => {
    if (text === '') return;
    // A piece parsed from the end of a file may lack a final line ending; the next piece starts on a new line.
    if (out !== '' && !out.endsWith('\n')) out += eol;
    out += text;
  };

  const keepHeader = notebook.raw !== undefined && headerUnchanged(raw.header, notebook.header);
  append(keepHeader ? raw.header : withLineEnding(headerText(notebook.header), eol));
  let previous: Cell | 'new header' | undefined = keepHeader ? undefined : 'new header';
  for (const cell of notebook.cells) {
    let before = cell.raw?.before ?? (out === '' ? '' : eol);
    // Consecutive markdown cells read back as one; a blank line at least keeps their paragraphs apart.
    const needsBlankLine = previous === 'new header' || (previous?.kind === 'markdown' && cell.kind === 'markdown');
    if (needsBlankLine && !before.includes('\n')) before = eol;
    append(before);
    append(cell.raw && cellUnchanged(cell) ? cell.raw.text : withLineEnding(cellText(cell), eol));
    previous = cell;
  }
  append(raw.trailing);
  return out;
}

interface FrontMatter {
  header: NotebookHeader;
  raw: string;
  lineCount: number;
}

/** Front matter is recognised only when the first line is `---` and a closing `---` (or `...`) follows. */
function readFrontMatter(lines: readonly Line[]): FrontMatter {
  if (lines[0]?.text.trimEnd() !== '---') return { header: defaultHeader(), raw: '', lineCount: 0 };
  const close = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)[ \t]*$/.test(line.text));
  if (close === -1) return { header: defaultHeader(), raw: '', lineCount: 0 };
  const header = parseHeader(contentOf(lines.slice(1, close)), 2);
  return { header, raw: joinLines(lines.slice(0, close + 1)), lineCount: close + 1 };
}

interface Piece {
  fenced: boolean;
  lines: Line[];
}

/** Splits the body into fenced cells and the prose between them; ordinary code blocks stay in the prose. */
function readPieces(lines: readonly Line[]): Piece[] {
  const pieces: Piece[] = [];
  let prose: Line[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    const opening = fenceOpening(line.text);
    if (!opening) {
      prose.push(line);
      index++;
      continue;
    }
    let close = index + 1;
    while (close < lines.length && !closesFence(lines[close]!.text, opening)) close++;
    const isCell = opening.indent === 0 && cellInfo(opening.info) !== null;
    if (!isCell) {
      prose.push(...lines.slice(index, close + 1));
    } else if (close === lines.length) {
      throw new NotebookFormatError(
        `The ${opening.info.split(/\s+/)[0]} cell that starts at line ${line.number} has no closing fence; add a line with ${opening.marker.repeat(opening.length)} after its last line.`,
        line.number,
      );
    } else {
      if (prose.length > 0) pieces.push({ fenced: false, lines: prose });
      prose = [];
      pieces.push({ fenced: true, lines: lines.slice(index, close + 1) });
    }
    index = close + 1;
  }
  if (prose.length > 0) pieces.push({ fenced: false, lines: prose });
  return pieces;
}

/** Result names must be unique: later cells refer to them. */
function checkUniqueName(cell: Cell, line: number, seen: Map<string, number>): void {
  const name = cellName(cell);
  if (name === undefined) return;
  const earlier = seen.get(name);
  if (earlier !== undefined) {
    throw new NotebookFormatError(`Two cells are named "${name}", at lines ${earlier} and ${line}; give each cell its own name.`, line);
  }
  seen.set(name, line);
}

function headerUnchanged(raw: string, header: NotebookHeader): boolean {
  try {
    return sameValue(readFrontMatter(splitLines(raw)).header, header);
  } catch {
    return false;
  }
}

function cellUnchanged(cell: Cell): boolean {
  const lines = splitLines(cell.raw!.text);
  if (cell.kind === 'markdown') return contentOf(lines) === cell.text;
  try {
    return sameValue(valueOf(parseFencedCell(lines, cell.id)), valueOf(cell));
  } catch {
    return false;
  }
}

function valueOf(cell: Cell): Omit<Cell, 'id' | 'raw'> {
  const { id: _id, raw: _raw, ...value } = cell;
  return value;
}

function cellText(cell: Cell): string {
  if (cell.kind === 'markdown') return `${cell.text.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '')}\n`;
  return fencedCellText(cell);
}

function withLineEnding(text: string, eol: string): string {
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}
