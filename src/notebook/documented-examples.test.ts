/**
 * Keeps docs/notebook-format.md honest: every example cell it shows must parse as a notebook and be accepted by
 * its kind's spec reader, and every cell kind must have at least one example there.
 *
 * Example cells are the fences at the start of a line whose info string is a cell (```rfm scores), read as Kura
 * reads a notebook. A ````markdown block is a whole example notebook: it is parsed as one, and its cells (its prose
 * too: that is how text cells are shown) count as examples.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../document/model.ts';
import { closesFence, fenceOpening } from '../document/fences.ts';
import { cellKinds, isSpecCell, specCellKindOf } from '../cells/kinds.ts';
import { cellInfo } from './cell-kinds.ts';
import { parseNotebook } from './format.ts';

const docPath = join(import.meta.dirname, '../../docs/notebook-format.md');
const docLines = readFileSync(docPath, 'utf8').split('\n');

interface Example {
  /** 1-based line of the opening fence in the doc. */
  line: number;
  /** 'cell': one example cell; 'notebook': a ````markdown block holding a whole notebook. */
  form: 'cell' | 'notebook';
  /** The first word of the info string. */
  word: string;
  text: string;
}

/** The doc's fenced blocks, as Kura's own parser splits a file: a block's body is never searched for fences. */
function documentedExamples(): { examples: Example[]; indented: number[] } {
  const examples: Example[] = [];
  const indented: number[] = [];
  let index = 0;
  while (index < docLines.length) {
    const opening = fenceOpening(docLines[index]!);
    if (!opening) {
      index++;
      continue;
    }
    let close = index + 1;
    while (close < docLines.length && !closesFence(docLines[close]!, opening)) close++;
    const word = opening.info.split(/\s+/)[0] ?? '';
    const isCell = cellInfo(opening.info) !== null;
    if (isCell && opening.indent > 0) indented.push(index + 1);
    else if (isCell) examples.push({ line: index + 1, form: 'cell', word, text: docLines.slice(index, close + 1).join('\n') + '\n' });
    else if (word === 'markdown')
      examples.push({ line: index + 1, form: 'notebook', word, text: docLines.slice(index + 1, close).join('\n') + '\n' });
    index = close + 1;
  }
  return { examples, indented };
}

/** Checks one parsed cell as its kind would before running it. */
function checkCell(cell: Cell): void {
  if (cell.kind === 'source') expect(cell.spec.file, 'a source cell names its file').not.toBe('');
  else if (cell.kind === 'sql') expect(cell.sql.trim(), 'a SQL cell has SQL').not.toBe('');
  else if (isSpecCell(cell)) {
    const kind = specCellKindOf(cell.kind)!;
    expect(() => kind.readSpec(cell.spec)).not.toThrow();
  }
}

const { examples, indented } = documentedExamples();

describe('docs/notebook-format.md', () => {
  it('has example cells, none indented (an indented fence is prose, not a cell)', () => {
    expect(examples.filter((example) => example.form === 'cell').length).toBeGreaterThan(10);
    expect(indented, 'lines with an indented cell fence').toEqual([]);
  });

  it.each(examples.filter((example) => example.form === 'cell'))(
    'the $word example at line $line parses and its spec is accepted',
    (example) => {
      const { cells } = parseNotebook(example.text);
      expect(cells).toHaveLength(1);
      const cell = cells[0]!;
      expect(cell.kind, 'the info string is exactly "<kind> [name]"').toBe(example.word);
      checkCell(cell);
    },
  );

  it.each(examples.filter((example) => example.form === 'notebook'))(
    'the example notebook at line $line parses and its specs are accepted',
    (example) => {
      const { cells } = parseNotebook(example.text);
      expect(cells.length).toBeGreaterThan(0);
      for (const cell of cells) {
        expect(cell.kind).not.toBe('other');
        checkCell(cell);
      }
    },
  );

  it('shows every cell kind at least once', () => {
    const shown = new Set<string>();
    for (const example of examples) for (const cell of parseNotebook(example.text).cells) shown.add(cell.kind);
    const missing = cellKinds.map((kind) => kind.word).filter((word) => !shown.has(word));
    expect(missing, 'cell kinds without an example in docs/notebook-format.md').toEqual([]);
  });
});
