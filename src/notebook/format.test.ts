import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Cell, Notebook, SourceSpec, SpecCellWord } from '../document/model.ts';
import { NotebookFormatError, parseNotebook, serializeNotebook } from './format.ts';
import { specCellWords } from '../cells/kinds.ts';

const SPEC_CELL_KINDS = [...specCellWords] as SpecCellWord[];

const fixtureDir = join(import.meta.dirname, '../../test/fixtures/notebooks');
const fixtures = readdirSync(fixtureDir)
  .filter((name) => name.endsWith('.kura.md'))
  .map((name) => ({ name, text: readFileSync(join(fixtureDir, name), 'utf8') }));

function roundTrip(text: string): string {
  return serializeNotebook(parseNotebook(text));
}

/** The model without what the file does not store (ids) or what only serves the round trip (raw). */
function valueOf(notebook: Notebook) {
  return {
    header: notebook.header,
    cells: notebook.cells.map(({ id: _id, raw: _raw, ...cell }) => cell),
  };
}

function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { removed: a.slice(start, endA), added: b.slice(start, endB) };
}

function formatError(text: string): NotebookFormatError {
  try {
    parseNotebook(text);
  } catch (error) {
    if (error instanceof NotebookFormatError) return error;
    throw error;
  }
  throw new Error('expected a NotebookFormatError');
}

describe('round trip', () => {
  it('has a corpus to check', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
  });

  for (const { name, text } of fixtures) {
    it(`writes ${name} back byte for byte`, () => {
      expect(roundTrip(text)).toBe(text);
    });
    it(`writes ${name} back byte for byte with CRLF line endings`, () => {
      const crlf = text.replace(/\r?\n/g, '\r\n');
      expect(roundTrip(crlf)).toBe(crlf);
    });
    it(`writes ${name} back byte for byte without a final newline`, () => {
      const trimmed = text.replace(/\s+$/, '');
      expect(roundTrip(trimmed)).toBe(trimmed);
    });
    it(`writes ${name} back byte for byte after a structured clone (as the UI would hold it)`, () => {
      expect(serializeNotebook(structuredClone(parseNotebook(text)))).toBe(text);
    });
  }
});

describe('parsing', () => {
  it('reads the design example into header, markdown, source, sql and other cells', () => {
    const notebook = parseNotebook(fixtures.find((f) => f.name === 'design-example.kura.md')!.text);
    expect(valueOf(notebook)).toEqual({
      header: { kura: 1, title: '移行前の顧客データ監査', lang: 'ja' },
      cells: [
        { kind: 'markdown', text: '# Contacts before the migration' },
        { kind: 'source', name: 'contacts', spec: { file: 'salesforce_contacts.csv', preset: 'salesforce.contact' } },
        {
          kind: 'sql',
          name: 'contacts_by_region',
          sql: 'select region, count(*) as customers from contacts group by all order by customers desc',
        },
        { kind: 'chart', name: '', spec: { data: 'contacts_by_region', mark: 'barY', x: 'region', y: 'customers' } },
      ],
    });
    expect(notebook.cells.map((cell) => cell.id)).toEqual(['cell-1', 'cell-2', 'cell-3', 'cell-4']);
  });

  it('keeps ordinary code blocks, nested fences and unknown kinds where they belong', () => {
    const notebook = parseNotebook(fixtures.find((f) => f.name === 'japanese-and-nested-fences.kura.md')!.text);
    const cells = valueOf(notebook).cells;
    expect(
      cells.map((cell) => ('name' in cell ? `${cell.kind}:${cell.name}` : cell.kind === 'other' ? `other:${cell.info}` : cell.kind)),
    ).toEqual([
      'markdown',
      'sql:quoted_sql',
      'sql:with_backticks',
      'audit:contacts_audit',
      'match:customers_matched',
      'other:forecast monthly_revenue horizon=12',
      'sql:revenue',
      'segment:',
    ]);
    expect(cells[3]).toMatchObject({ spec: { rules: [{ column: 'email', check: 'not_null' }] } });
    const prose = cells[0] as Extract<Cell, { kind: 'markdown' }>;
    expect(prose.text).toContain('```python');
    expect(prose.text).toContain('```sql not_a_cell');
    expect(prose.text).toContain('行末の二つの空白は改行になります。  \n');
    expect(cells[1]).toMatchObject({
      sql: "-- A tilde fence: its body may hold ``` lines.\nselect '```' as fence, 'データ' as 日本語\n```\nnot the end yet",
    });
    expect(cells[2]).toMatchObject({ sql: 'select 1 as one\n```\nselect 2' });
    expect(notebook.header).toMatchObject({ owner: '佐藤', tags: ['migration', '名寄せ'] });
  });

  it('reads a hand-edited source spec with comments and odd key order', () => {
    const notebook = parseNotebook(fixtures.find((f) => f.name === 'hand-edited.kura.md')!.text);
    const source = notebook.cells.find((cell) => cell.kind === 'source');
    expect(source).toMatchObject({
      name: 'contacts',
      spec: {
        file: 'contacts export.csv',
        encoding: 'shift_jis',
        preset: 'hubspot.contact',
        mapping: { email: 'E-mail Address', family_name: '姓', given_name: '名' },
      },
    });
    expect(notebook.header).toEqual({ kura: 1, title: 'Hand edited', custom_key: { nested: true } });
  });

  it('reads a file without a header as the default header', () => {
    const notebook = parseNotebook('# Just prose\n');
    expect(notebook.header).toEqual({ kura: 1, title: '' });
    expect(valueOf(notebook).cells).toEqual([{ kind: 'markdown', text: '# Just prose' }]);
  });
});

describe('edits produce canonical, minimal diffs', () => {
  const text = fixtures.find((f) => f.name === 'japanese-and-nested-fences.kura.md')!.text;

  it('changes only the lines of an edited SQL cell', () => {
    const notebook = parseNotebook(text);
    const revenue = notebook.cells.find((cell) => cell.kind === 'sql' && cell.name === 'revenue') as Extract<Cell, { kind: 'sql' }>;
    revenue.sql = revenue.sql.replace('group by all', 'group by all\norder by month');
    expect(changedLines(text, serializeNotebook(notebook))).toEqual({ removed: [], added: ['order by month'] });
  });

  it('keeps CRLF for an edited cell in a CRLF file', () => {
    const crlf = fixtures.find((f) => f.name === 'crlf.kura.md')!.text;
    const notebook = parseNotebook(crlf);
    const totals = notebook.cells.find((cell) => cell.kind === 'sql') as Extract<Cell, { kind: 'sql' }>;
    totals.sql = 'select count(*) as orders from orders';
    expect(serializeNotebook(notebook)).toBe(crlf.replace('select count(*) from orders', 'select count(*) as orders from orders'));
  });

  it('writes an edited source spec in canonical key order and leaves the rest alone', () => {
    const handEdited = fixtures.find((f) => f.name === 'hand-edited.kura.md')!.text;
    const notebook = parseNotebook(handEdited);
    const source = notebook.cells.find((cell) => cell.kind === 'source') as Extract<Cell, { kind: 'source' }>;
    source.spec.mapping!.phone = '電話番号';
    const out = serializeNotebook(notebook);
    expect(out).toContain(
      '```source contacts\nfile: contacts export.csv\nencoding: shift_jis\npreset: hubspot.contact\nmapping:\n  email: E-mail Address\n  family_name: 姓\n  given_name: 名\n  phone: 電話番号\n```\n```sql joined\n',
    );
    expect(out.startsWith(handEdited.slice(0, handEdited.indexOf('```source')))).toBe(true);
    expect(out.endsWith(handEdited.slice(handEdited.indexOf('```sql joined')))).toBe(true);
  });

  it('appends a new cell after exactly one blank line', () => {
    const notebook = parseNotebook(text);
    notebook.cells.push({ id: 'new', kind: 'sql', name: 'top_customers', sql: 'select * from revenue limit 10' });
    expect(serializeNotebook(notebook)).toBe(`${text}\n\`\`\`sql top_customers\nselect * from revenue limit 10\n\`\`\`\n`);
  });

  it('starts a new cell on its own line when the file had no final newline', () => {
    const noNewline = fixtures.find((f) => f.name === 'no-header-no-final-newline.kura.md')!.text;
    const notebook = parseNotebook(noNewline);
    notebook.cells.push({ id: 'new', kind: 'markdown', text: 'The end.' });
    expect(serializeNotebook(notebook)).toBe(`${noNewline}\n\nThe end.\n`);
  });

  it('removes a deleted cell with the blank lines before it', () => {
    const notebook = parseNotebook(text);
    notebook.cells = notebook.cells.filter((cell) => cell.kind !== 'match');
    expect(changedLines(text, serializeNotebook(notebook)).added).toEqual([]);
    expect(serializeNotebook(notebook)).not.toContain('customers_matched');
    expect(serializeNotebook(notebook)).toContain('```\n\n```forecast monthly_revenue');
  });

  it('rewrites an edited analytic cell as canonical YAML and leaves the rest alone', () => {
    const notebook = parseNotebook(text);
    const audit = notebook.cells.find((cell) => cell.kind === 'audit')!;
    if (audit.kind !== 'audit') throw new Error('no audit cell');
    audit.spec = { ...audit.spec, tables: ['contacts'] };
    const written = serializeNotebook(notebook);
    expect(written).toContain('```audit contacts_audit\nrules:\n  - column: email\n    check: not_null\ntables:\n  - contacts\n```');
    expect(changedLines(text, written).added).toEqual(['tables:', '  - contacts']);
  });

  it('rewrites only the header when the title changes', () => {
    const notebook = parseNotebook(text);
    notebook.header.title = '顧客名寄せ';
    const diff = changedLines(text, serializeNotebook(notebook));
    expect(diff).toEqual({
      removed: ['title: 顧客名寄せ（株式会社／㈱の表記ゆれ）', 'lang: ja', 'owner: 佐藤', 'tags: [migration, 名寄せ]'],
      added: ['title: 顧客名寄せ', 'lang: ja', 'owner: 佐藤', 'tags:', '  - migration', '  - 名寄せ'],
    });
  });

  it('writes a new header with one blank line after it', () => {
    const notebook = parseNotebook('# Orders\n');
    notebook.header.title = 'Orders';
    expect(serializeNotebook(notebook)).toBe('---\nkura: 1\ntitle: Orders\n---\n\n# Orders\n');
  });

  it('writes a notebook made in memory canonically', () => {
    const notebook: Notebook = {
      header: { kura: 1, title: 'Orders', lang: 'en' },
      cells: [
        { id: 'a', kind: 'markdown', text: '# Orders' },
        { id: 'b', kind: 'source', name: 'orders', spec: { mapping: { email: 'Mail' }, preset: 'shopify.order', file: '2024.csv' } },
        { id: 'c', kind: 'sql', name: 'fenced', sql: 'select 1\n```\n````' },
      ],
    };
    expect(serializeNotebook(notebook)).toBe(
      [
        '---',
        'kura: 1',
        'title: Orders',
        'lang: en',
        '---',
        '',
        '# Orders',
        '',
        '```source orders',
        'file: 2024.csv',
        'preset: shopify.order',
        'mapping:',
        '  email: Mail',
        '```',
        '',
        '`````sql fenced',
        'select 1',
        '```',
        '````',
        '`````',
        '',
      ].join('\n'),
    );
  });
});

describe('errors', () => {
  it('reports a malformed header with its line number', () => {
    const error = formatError('---\nkura: 1\ntitle: [unclosed\nlang: ja\n---\n# Hi\n');
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(new RegExp(`^The header is not valid YAML at line ${error.line}: [^\\n]+\\.$`));
  });

  it('reports a bad header value in one sentence', () => {
    const error = formatError('---\ntitle: x\nkura: 2\n---\n');
    expect(error.line).toBe(3);
    expect(error.message).toBe('The header at line 3 says "kura: 2", but this version of Kura reads only "kura: 1".');
  });

  it('reports malformed spec YAML with the line number in the file', () => {
    const error = formatError('# Title\n\n```source contacts\nfile: a.csv\nmapping: : :\n  email: x\n```\n');
    expect(error.line).toBe(5);
    expect(error.message).toMatch(/^The spec of source cell "contacts" is not valid YAML at line 5: /);
  });

  it('reports an analytic cell whose body is not a YAML mapping', () => {
    const error = formatError('```chart\n- just\n- a list\n```\n');
    expect(error.line).toBe(2);
    expect(error.message).toBe('The spec of chart cell at line 2 must be a list of "key: value" lines.');
  });

  it('reports a spec without a file', () => {
    const error = formatError('\n```source contacts\npreset: x\n```\n');
    expect(error.line).toBe(2);
    expect(error.message).toBe('Source cell "contacts" at line 2 needs a "file:" line naming the file it loads.');
  });

  it('reports duplicate cell names with both line numbers', () => {
    const error = formatError('```sql totals\nselect 1\n```\n\nprose\n\n```source totals\nfile: t.csv\n```\n');
    expect(error.line).toBe(7);
    expect(error.message).toBe('Two cells are named "totals", at lines 1 and 7; give each cell its own name.');
  });

  it('reports a cell without a closing fence', () => {
    const error = formatError('# x\n\n```sql open\nselect 1\n');
    expect(error.line).toBe(3);
    expect(error.message).toContain('no closing fence');
  });

  it('is a KuraError of kind notebook-format', () => {
    expect(formatError('```sql a\n```\n```sql a\n```\n').kind).toBe('notebook-format');
  });
});

describe('property: random notebooks survive serialize → parse', () => {
  function random(seed: number) {
    let state = seed >>> 0;
    return () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
  }

  function pick<T>(next: () => number, items: readonly T[]): T {
    return items[Math.floor(next() * items.length)]!;
  }

  const words = [
    'select',
    'from',
    '顧客',
    'データ',
    '```',
    '````',
    '~~~',
    '---',
    '  indented',
    'x:',
    '# heading',
    '',
    '株式会社',
    'where a = 1',
    "'quoted'",
  ];
  const prose = [
    '# 見出し',
    'A paragraph with *emphasis*.',
    'Two trailing spaces  \nmake a break.',
    '- a list\n- of items',
    '```python\nprint("hi")\n```',
    '> a quote',
    '| a | b |\n|---|---|\n| 1 | 2 |',
  ];

  function randomText(next: () => number, lines: number): string {
    return Array.from({ length: lines }, () => Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(next, words)).join(' ')).join(
      '\n',
    );
  }

  function randomSpec(next: () => number): SourceSpec {
    const spec: SourceSpec = { file: pick(next, ['contacts.csv', '顧客 一覧.xlsx', '001.csv', 'true', 'a: b.csv']) };
    if (next() < 0.5) spec.encoding = pick(next, ['shift_jis', 'utf-8']);
    if (next() < 0.5) spec.sheet = pick(next, ['Sheet1', '2024', 'シート']);
    if (next() < 0.5) spec.preset = 'salesforce.contact';
    if (next() < 0.5) spec.mapping = { email: 'E-mail', family_name: '姓', phone: '#' };
    return spec;
  }

  function randomAnalyticSpec(next: () => number): Record<string, unknown> {
    const spec: Record<string, unknown> = {};
    if (next() < 0.7) spec.data = pick(next, ['orders', '注文', 'a: b', '123']);
    if (next() < 0.5) spec.rules = [{ column: pick(next, ['email', 'メール']), check: 'not_null' }];
    if (next() < 0.5) spec.horizon = Math.floor(next() * 24);
    if (next() < 0.3)
      spec.where = {
        any: [
          { field: 'revenue', op: '>', value: 1000 },
          { field: 'region', op: 'in', value: ['東京都', 'yes'] },
        ],
      };
    return spec;
  }

  function randomNotebook(next: () => number): Notebook {
    const cells: Cell[] = [];
    const count = Math.floor(next() * 8);
    for (let index = 0; index < count; index++) {
      const id = `cell-${index + 1}`;
      const choice = next();
      const previousIsMarkdown = cells.at(-1)?.kind === 'markdown';
      if (choice < 0.25 && !previousIsMarkdown) {
        cells.push({
          id,
          kind: 'markdown',
          text: Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(next, prose)).join('\n\n'),
        });
      } else if (choice < 0.55) {
        cells.push({ id, kind: 'sql', name: `result_${index}`, sql: randomText(next, Math.floor(next() * 4)) });
      } else if (choice < 0.8) {
        cells.push({ id, kind: 'source', name: `table_${index}`, spec: randomSpec(next) });
      } else {
        const kind = pick(next, SPEC_CELL_KINDS);
        if (next() < 0.7) cells.push({ id, kind, name: next() < 0.5 ? '' : `named_${index}`, spec: randomAnalyticSpec(next) });
        else cells.push({ id, kind: 'other', info: `${kind} named_${index} extra=1`, body: randomText(next, Math.floor(next() * 3)) });
      }
    }
    const header = { kura: 1 as const, title: pick(next, ['', 'Orders', '顧客: 2024', 'yes']) };
    return { header, cells };
  }

  it('holds for 500 random notebooks', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const notebook = randomNotebook(random(seed));
      const text = serializeNotebook(notebook);
      const parsed = parseNotebook(text);
      expect(valueOf(parsed), `seed ${seed}:\n${text}`).toEqual(valueOf(notebook));
      expect(serializeNotebook(parsed)).toBe(text);
    }
  });
});
