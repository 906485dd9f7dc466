/**
 * The tables and views a SQL text reads and the ones it creates, found by a small tokenizer.
 *
 * Why a tokenizer and not DuckDB's parser: `json_serialize_sql` lives in DuckDB's json extension, which
 * DuckDB-WASM does not have offline (it fails with "exists in the json extension"), and the dependency graph
 * must give the same answer in the browser and on the command line, synchronously, while the user types.
 * The tests check the tokenizer against `json_serialize_sql` on native DuckDB over a corpus of queries
 * (`parsedTableReferences` in sql-references.test.ts is that oracle).
 *
 * What counts as a reference: a name in table position — after FROM, JOIN, a comma in a FROM list,
 * DESCRIBE, SUMMARIZE, PIVOT/UNPIVOT, or TABLE at the start of a statement — that is not followed by `(`
 * (a table function such as read_csv) and is not a CTE name. Strings, comments, dollar-quoted text and
 * FROM inside EXTRACT/SUBSTRING/TRIM calls are ignored. DuckDB compares names without case, so names
 * come out in lower case; `schema.table` counts as `table`.
 */

export interface SqlReferences {
  /** Names read, lower case, in order of first appearance. */
  reads: string[];
  /** Names created or changed (CREATE TABLE/VIEW, INSERT INTO, UPDATE), lower case. */
  writes: string[];
}

type Token = { type: 'word'; text: string; lower: string; quoted: boolean } | { type: 'punct'; text: string } | { type: 'other' };

/** Splits SQL into words, quoted identifiers and punctuation; strings, numbers and comments become 'other' or vanish. */
export function sqlTokens(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === "'") {
      i = closingQuote(sql, i, "'");
      tokens.push({ type: 'other' });
    } else if (c === '"') {
      const end = closingQuote(sql, i, '"');
      const text = sql.slice(i + 1, end - 1).replace(/""/g, '"');
      tokens.push({ type: 'word', text, lower: text.toLowerCase(), quoted: true });
      i = end;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i, i + 64))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))![0];
      const end = sql.indexOf(tag, i + tag.length);
      i = end === -1 ? n : end + tag.length;
      tokens.push({ type: 'other' });
    } else if (/[\p{L}_]/u.test(c)) {
      const match = /^[\p{L}\p{N}_$]+/u.exec(sql.slice(i, i + 1024))!;
      tokens.push({ type: 'word', text: match[0], lower: match[0].toLowerCase(), quoted: false });
      i += match[0].length;
    } else if (/[0-9]/.test(c)) {
      const match = /^[0-9][0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9]+)?/.exec(sql.slice(i, i + 256))!;
      tokens.push({ type: 'other' });
      i += match[0].length;
    } else {
      tokens.push({ type: 'punct', text: c });
      i++;
    }
  }
  return tokens;
}

function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** Words that end a FROM list or cannot be a table name where a table is expected. */
const clauseWords = new Set([
  'where',
  'group',
  'having',
  'order',
  'limit',
  'offset',
  'qualify',
  'window',
  'union',
  'intersect',
  'except',
  'on',
  'using',
  'select',
  'set',
  'values',
  'returning',
  'fetch',
  'join',
  'inner',
  'left',
  'right',
  'full',
  'outer',
  'cross',
  'natural',
  'positional',
  'asof',
  'anti',
  'semi',
  'lateral',
  'only',
  'as',
  'with',
  'from',
  'by',
  'sample',
  'tablesample',
  'using',
  'pivot',
  'unpivot',
  'when',
  'then',
  'else',
  'end',
  'and',
  'or',
  'not',
]);
const tableKeywords = new Set(['from', 'join', 'describe', 'summarize', 'pivot', 'unpivot']);
/** Functions whose arguments use FROM without a table: extract(year from d), substring(s from 2), trim(both from s). */
const fromFunctions = new Set(['extract', 'substring', 'trim', 'position', 'overlay', 'date_part']);
/** Words before `(` that open a subquery or a list, not a function call. */
const nonCallWords = new Set([
  'in',
  'exists',
  'as',
  'from',
  'join',
  'any',
  'all',
  'some',
  'array',
  'lateral',
  'on',
  'using',
  'with',
  'materialized',
  'not',
  'and',
  'or',
  'select',
  'where',
  'when',
  'then',
  'else',
  'union',
  'except',
  'intersect',
  'values',
  'by',
  'table',
]);

interface Frame {
  /** The paren was opened by a call of this function (lower case), or null. */
  call: string | null;
  sawSelect: boolean;
  /** A table was just read at this level; a comma continues the FROM list. */
  fromList: boolean;
  /** Inside WITH at this level: the next word is a CTE name; set again by a comma after a CTE body. */
  cteExpected: boolean;
  inWith: boolean;
}

/** The tables and views `sql` reads and writes. */
export function sqlReferences(sql: string): SqlReferences {
  const tokens = sqlTokens(sql);
  const reads: string[] = [];
  const writes: string[] = [];
  const ctes = new Set<string>();
  const stack: Frame[] = [frame(null)];
  let expectTable = false;
  let expectWrite = false;
  let statementStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const top = stack[stack.length - 1]!;
    const previous = tokens[i - 1];
    if (token.type === 'punct') {
      if (token.text === '(') {
        const call = previous?.type === 'word' && (previous.quoted || !nonCallWords.has(previous.lower)) ? previous.lower : null;
        stack.push(frame(call));
        statementStart = true;
      } else if (token.text === ')') {
        if (stack.length > 1) stack.pop();
        statementStart = false;
      } else if (token.text === ',') {
        if (top.fromList) expectTable = true;
        if (top.inWith) top.cteExpected = true;
        statementStart = false;
      } else if (token.text === ';') {
        stack.length = 1;
        stack[0] = frame(null);
        expectTable = expectWrite = false;
        statementStart = true;
      } else if (token.text !== '.') {
        top.fromList = false;
        statementStart = false;
      }
      continue;
    }
    if (token.type === 'other') {
      statementStart = false;
      continue;
    }
    const { lower, quoted } = token;
    const keyword = quoted ? '' : lower;
    if (keyword === 'recursive' && top.cteExpected) continue;
    if (top.cteExpected && (quoted || !clauseWords.has(keyword))) {
      ctes.add(lower);
      top.cteExpected = false;
      continue;
    }
    if (keyword === 'with') {
      top.inWith = true;
      top.cteExpected = true;
      continue;
    }
    if (keyword === 'select') {
      top.sawSelect = true;
      top.inWith = false;
      top.cteExpected = false;
    }
    if (expectTable || expectWrite) {
      if (!quoted && clauseWords.has(keyword) && !tableKeywords.has(keyword)) {
        if (keyword !== 'lateral' && keyword !== 'only') expectTable = expectWrite = false;
      } else if (!quoted && tableKeywords.has(keyword)) {
        // e.g. FROM (…) JOIN: handled below.
      } else {
        const name = dottedName(tokens, i);
        i = name.end;
        const next = tokens[i + 1];
        const isCall = next?.type === 'punct' && next.text === '(';
        if (expectWrite) writes.push(name.last);
        else if (!isCall) reads.push(name.last);
        if (expectTable) top.fromList = true;
        expectTable = expectWrite = false;
        statementStart = false;
        continue;
      }
    }
    if (!quoted && tableKeywords.has(keyword)) {
      const inFromFunction = keyword === 'from' && top.call !== null && fromFunctions.has(top.call) && !top.sawSelect;
      expectTable = !inFromFunction;
      top.fromList = false;
    } else if (!quoted && keyword === 'table' && (statementStart || (previous?.type === 'word' && previous.lower === 'as'))) {
      expectTable = true;
    } else if (!quoted && (keyword === 'into' || keyword === 'update')) {
      expectWrite = true;
    } else if (!quoted && (keyword === 'table' || keyword === 'view') && createsSomething(tokens, i)) {
      expectWrite = true;
      while (tokens[i + 1]?.type === 'word' && ['if', 'not', 'exists'].includes((tokens[i + 1] as { lower: string }).lower)) i++;
    } else if (!quoted && clauseWords.has(keyword) && keyword !== 'as') {
      top.fromList = false;
    }
    statementStart = false;
  }
  const unique = (names: string[]) => [...new Set(names)];
  return { reads: unique(reads.filter((name) => !ctes.has(name))), writes: unique(writes) };
}

function frame(call: string | null): Frame {
  return { call, sawSelect: false, fromList: false, cteExpected: false, inWith: false };
}

/** `a.b.c` starting at `start`: its last part and the index of its last token. */
function dottedName(tokens: Token[], start: number): { last: string; end: number } {
  let end = start;
  while (tokens[end + 1]?.type === 'punct' && (tokens[end + 1] as { text: string }).text === '.' && tokens[end + 2]?.type === 'word')
    end += 2;
  return { last: (tokens[end] as { lower: string }).lower, end };
}

/** Whether TABLE/VIEW at `index` follows CREATE [OR REPLACE] [TEMP|TEMPORARY|MATERIALIZED]. */
function createsSomething(tokens: Token[], index: number): boolean {
  for (let j = index - 1; j >= 0 && j >= index - 4; j--) {
    const token = tokens[j]!;
    if (token.type !== 'word' || token.quoted) return false;
    if (token.lower === 'create') return true;
    if (!['or', 'replace', 'temp', 'temporary', 'materialized'].includes(token.lower)) return false;
  }
  return false;
}
