import type { Cell, OtherCell, SourceCell, SpecCell, SqlCell } from '../document/model.ts';
import { cellInfo, isSpecCellWord } from './cell-kinds.ts';
import { fenceFor, fenceOpening } from '../document/fences.ts';
import { contentOf, type Line } from '../document/lines.ts';
import { parseSourceSpec, sourceSpecText } from '../document/source-spec.ts';
import { parseYamlMapping, yamlText } from '../document/yaml-mapping.ts';

export type FencedCell = SqlCell | SourceCell | SpecCell | OtherCell;
type CellValue<C> = C extends Cell ? Omit<C, 'id' | 'raw'> : never;

/** Reads a fenced cell from its lines, opening and closing fence included. */
export function parseFencedCell(lines: readonly Line[], id: string): FencedCell {
  const opening = lines[0]!;
  const { info } = fenceOpening(opening.text)!;
  const { kind, name, simple } = cellInfo(info)!;
  const body = contentOf(lines.slice(1, -1));
  if (kind === 'sql' && simple) return { id, kind: 'sql', name: name ?? '', sql: body };
  if (kind === 'source' && simple) {
    return { id, kind: 'source', name: name ?? '', spec: parseSourceSpec(body, opening.number + 1, name ?? '') };
  }
  if (isSpecCellWord(kind) && simple) {
    const what = `The spec of ${kind} cell${name ? ` "${name}"` : ''}`;
    return { id, kind, name: name ?? '', spec: parseYamlMapping(body, opening.number + 1, what).values };
  }
  return { id, kind: 'other', info, body };
}

/** The name other cells use to refer to this cell's result, if it has one. */
export function cellName(cell: Cell): string | undefined {
  if (cell.kind === 'markdown') return undefined;
  if (cell.kind === 'other') return cellInfo(cell.info)?.name;
  return cell.name || undefined;
}

/** Canonical text of a fenced cell, LF line endings, ending with a line ending. */
export function fencedCellText(cell: CellValue<FencedCell>): string {
  switch (cell.kind) {
    case 'sql':
      return fenced(cell.name ? `sql ${cell.name}` : 'sql', cell.sql);
    case 'source':
      return fenced(cell.name ? `source ${cell.name}` : 'source', sourceSpecText(cell.spec).replace(/\n$/, ''));
    case 'other':
      return fenced(cell.info, cell.body);
    default: {
      const body = Object.keys(cell.spec).length === 0 ? '' : yamlText(cell.spec).replace(/\n$/, '');
      return fenced(cell.name ? `${cell.kind} ${cell.name}` : cell.kind, body);
    }
  }
}

function fenced(info: string, body: string): string {
  const fence = fenceFor(body);
  return `${fence}${info}\n${body === '' ? '' : `${body}\n`}${fence}\n`;
}
