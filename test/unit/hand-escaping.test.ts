import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One way to put a name or a value into SQL (src/engine/sql.ts: the sql tag, ident, quoteIdent, quoteLiteral) and one
 * HTML escaper (src/document/html-text.ts). This check fails when hand escaping reappears anywhere else in src/ or workers/.
 */
const root = join(import.meta.dirname, '../..');

const patterns: { name: string; pattern: RegExp; allowedIn: string[] }[] = [
  {
    name: 'single quotes doubled by hand (use quoteLiteral or the sql tag)',
    pattern: /replace(All)?\(\s*(\/'\/g?|"'"|'\\'')/,
    allowedIn: ['src/engine/sql.ts'],
  },
  {
    name: 'double quotes doubled by hand (use quoteIdent or ident)',
    pattern: /replace(All)?\(\s*(\/"\/g?|'"'|"\\""),\s*('""'|"\\"\\"")/,
    // The CSV writer quotes CSV fields, not SQL.
    allowedIn: ['src/engine/sql.ts', 'src/engine/csv-writer.ts'],
  },
  {
    name: "a value written between hand-typed quotes, '${…}' (use quoteLiteral or the sql tag)",
    pattern: /'\$\{/,
    // The CSV writer's formula guard prefixes an apostrophe to a cell's text.
    allowedIn: ['src/engine/sql.ts', 'src/engine/csv-writer.ts'],
  },
  {
    name: 'a name written between hand-typed double quotes in SQL, "${…}" (use quoteIdent or ident)',
    pattern: /(\b(SELECT|FROM|JOIN|TABLE|VIEW|AS|BY|INTO)\s+|[(,.]\s*)"\$\{[^}]*\}"|"\$\{[^}]*\}"(\s*(\bAS\b|=|\bFROM\b)|\.[\w"])/,
    allowedIn: [],
  },
  {
    name: 'HTML escaped by hand (use escapeHtml)',
    pattern: /['"]&(amp|lt|gt|quot|#39|#x27);['"]/,
    allowedIn: ['src/document/html-text.ts'],
  },
];

/** Each line of `text` (a file at `path`) that escapes by hand, as "path:line: what". */
export function handEscaping(path: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    for (const { name, pattern, allowedIn } of patterns) {
      if (!allowedIn.includes(path) && pattern.test(line)) found.push(`${path}:${index + 1}: ${name}`);
    }
  });
  return found;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|svelte|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

describe('hand escaping', () => {
  it('is found nowhere in src/ or workers/ outside the one SQL quoting module and the one HTML escaper', () => {
    const files = [...sourceFiles('src'), ...sourceFiles('workers')];
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((path) => handEscaping(path, readFileSync(join(root, path), 'utf8')))).toEqual([]);
  });

  it('recognises each hand-escaping pattern', () => {
    const samples = [
      "const v = `'${name.replace(/'/g, \"''\")}'`;",
      'const v = name.replaceAll("\'", "\'\'");',
      'const q = `"${column.replace(/"/g, \'""\')}"`;',
      "const where = `WHERE day <= DATE '${asOf}'`;",
      'const select = `SELECT "${column}" FROM t`;',
      'const q = `SELECT * FROM "${table}"`;',
      'const q = `x = "${table}".id`;',
      "const html = text.replace(/</g, '&lt;');",
    ];
    expect(samples.map((sample) => handEscaping('src/x.ts', sample).length)).toEqual([2, 1, 1, 1, 1, 1, 1, 1]);
    expect(handEscaping('src/engine/csv-writer.ts', samples[0]!)).toEqual([expect.stringContaining('single quotes doubled')]);
  });

  it('lets through quoting done by the one mechanism and ordinary messages', () => {
    const fine = [
      'const q = `SELECT ${quoteIdent(column)} FROM ${quoteIdent(table)} WHERE a = ${quoteLiteral(value)}`;',
      'const q = sql`SELECT * FROM ${ident(table)} WHERE day <= DATE ${asOf}`;',
      'throw new Error(`The spec of source cell "${cellName}" needs a file.`);',
      'throw new Error(`Two cells are named "${name}", at lines ${earlier} and ${line}.`);',
      'throw new Error(`There is no command "${name}".`);',
      'return `<a href="${escapeHtml(href)}">`;',
    ];
    expect(fine.flatMap((line) => handEscaping('src/x.ts', line))).toEqual([]);
  });
});
