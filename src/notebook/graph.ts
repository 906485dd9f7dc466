/**
 * The notebook's dependency graph: which cell reads which cell's result.
 *
 * - A cell **defines** names: a source cell its table and `<table>_mapped`; a SQL cell its name (the view)
 *   plus what its statements create (CREATE TABLE/VIEW, INSERT INTO, UPDATE); an analytic cell its name,
 *   the names in its spec's `outputs` list, and the tables its kind is known to write (match →
 *   `customers_golden`).
 * - A cell **reads** names: a SQL cell the tables in table position of its SQL (see `sqlReferences`); an
 *   analytic cell the names in its spec's `inputs` list when it has one, else every string value in its
 *   spec that is exactly a name some other cell defines (`data: orders_by_month`, `tables: [crm]`,
 *   `options: {table: orders}`), so a new kind needs no code here.
 * - A name read resolves to the nearest cell before the reader that defines it, else the nearest after it
 *   (a notebook may read a result defined further down; the run order follows the graph). Names no cell
 *   defines (tables already in the warehouse or restored from a bundle) are not edges. A cell reading its
 *   own name is not an edge (`create or replace table t as select … from t` rebuilds t).
 * - Cycles (strongly connected components of more than one cell) are reported in one sentence; their cells
 *   and everything downstream of them come last in the run order.
 *
 * Pure and synchronous: the browser recomputes it on every edit, `kura run` uses it for the run order.
 */
import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../engine/engine.ts';
import type { Cell } from './model.ts';
import { cellName } from './fenced-cell.ts';

export interface GraphNode {
  id: string;
  /** Position in the notebook, 0-based. */
  index: number;
  /** What to call the cell in messages: its name, or "cell N" (1-based). */
  label: string;
  defines: string[];
  reads: string[];
  /** Ids of the cells whose results this cell reads, in notebook order. */
  upstream: string[];
  /** Ids of the cells that read this cell's results, in notebook order. */
  downstream: string[];
}

export interface NotebookGraph {
  nodes: GraphNode[];
  byId: ReadonlyMap<string, GraphNode>;
  /** Each cycle as cell ids in reading order (a reads b reads … reads a). */
  cycles: string[][];
  /** Every cell id, upstream before downstream, ties in notebook order; cells in or after a cycle last. */
  runOrder: string[];
}

/** Tables some kinds write besides their own name (kept next to the kinds' executors' table names). */
const kindOutputs: Partial<Record<string, readonly string[]>> = { match: ['customers_golden'] };

/** The names a cell defines, lower case. */
export function cellDefines(cell: Cell): string[] {
  const own = cellName(cell)?.toLowerCase();
  const names: string[] = own ? [own] : [];
  if (cell.kind === 'source' && own) names.push(`${own}_mapped`);
  if (cell.kind === 'sql') names.push(...sqlReferences(cell.sql).writes);
  if ('spec' in cell && cell.kind !== 'source') {
    names.push(...stringList(cell.spec.outputs), ...(kindOutputs[cell.kind] ?? []));
  }
  return [...new Set(names.map((name) => name.toLowerCase()))];
}

/** The names a cell reads, lower case; `known` is every name the notebook defines (for analytic cells). */
export function cellReads(cell: Cell, known: ReadonlySet<string>): string[] {
  if (cell.kind === 'sql') return sqlReferences(cell.sql).reads;
  if (cell.kind === 'markdown' || cell.kind === 'other' || cell.kind === 'source') return [];
  const declared = stringList(cell.spec.inputs);
  if (declared.length > 0 || Array.isArray(cell.spec.inputs)) return [...new Set(declared.map((name) => name.toLowerCase()))];
  const found: string[] = [];
  const walk = (value: unknown, key: string | null): void => {
    if (key === 'outputs' || key === 'name') return;
    if (typeof value === 'string') {
      if (known.has(value.toLowerCase())) found.push(value.toLowerCase());
    } else if (Array.isArray(value)) value.forEach((item) => walk(item, null));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(cell.spec, null);
  return [...new Set(found)];
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Builds the graph of `cells`. */
export function notebookGraph(cells: readonly Cell[]): NotebookGraph {
  const defines = cells.map(cellDefines);
  const known = new Set(defines.flat());
  const definers = new Map<string, number[]>();
  defines.forEach((names, index) => names.forEach((name) => definers.set(name, [...(definers.get(name) ?? []), index])));
  const nodes: GraphNode[] = cells.map((cell, index) => ({
    id: cell.id,
    index,
    label: cellName(cell) ?? `cell ${index + 1}`,
    defines: defines[index]!,
    reads: cellReads(cell, known),
    upstream: [],
    downstream: [],
  }));
  for (const node of nodes) {
    const upstream = new Set<number>();
    for (const name of node.reads) {
      const candidates = (definers.get(name) ?? []).filter((index) => index !== node.index);
      const before = candidates.filter((index) => index < node.index);
      const source = before.length > 0 ? before[before.length - 1] : candidates[0];
      if (source !== undefined) upstream.add(source);
    }
    node.upstream = [...upstream].sort((a, b) => a - b).map((index) => nodes[index]!.id);
    for (const index of upstream) nodes[index]!.downstream.push(node.id);
  }
  for (const node of nodes) node.downstream.sort((a, b) => indexOf(nodes, a) - indexOf(nodes, b));
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const cycles = findCycles(nodes, byId);
  return { nodes, byId, cycles, runOrder: topologicalOrder(nodes) };
}

function indexOf(nodes: readonly GraphNode[], id: string): number {
  return nodes.findIndex((node) => node.id === id);
}

/** Kahn's algorithm, always taking the ready cell that comes first in the notebook. */
function topologicalOrder(nodes: readonly GraphNode[]): string[] {
  const waiting = new Map(nodes.map((node) => [node.id, node.upstream.length]));
  const done = new Set<string>();
  const order: string[] = [];
  for (;;) {
    const next = nodes.find((node) => !done.has(node.id) && waiting.get(node.id) === 0);
    if (!next) break;
    done.add(next.id);
    order.push(next.id);
    for (const id of next.downstream) waiting.set(id, waiting.get(id)! - 1);
  }
  for (const node of nodes) if (!done.has(node.id)) order.push(node.id);
  return order;
}

/** Strongly connected components with more than one cell (Tarjan), each as a reading cycle. */
function findCycles(nodes: readonly GraphNode[], byId: ReadonlyMap<string, GraphNode>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const next of byId.get(id)!.upstream) {
      if (!index.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(id, Math.min(low.get(id)!, index.get(next)!));
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      if (component.length > 1) components.push(component);
    }
  };
  for (const node of nodes) if (!index.has(node.id)) visit(node.id);
  return components
    .map((component) => cyclePath(component, byId))
    .sort((a, b) => byId.get(a[0]!)!.index - byId.get(b[0]!)!.index);
}

/** A reading path through a component, from its first cell in the notebook back to it. */
function cyclePath(component: readonly string[], byId: ReadonlyMap<string, GraphNode>): string[] {
  const members = new Set(component);
  const start = [...component].sort((a, b) => byId.get(a)!.index - byId.get(b)!.index)[0]!;
  const path: string[] = [];
  const seen = new Set<string>();
  const search = (id: string): boolean => {
    path.push(id);
    seen.add(id);
    for (const next of byId.get(id)!.upstream) {
      if (next === start) return true;
      if (members.has(next) && !seen.has(next) && search(next)) return true;
    }
    path.pop();
    return false;
  };
  search(start);
  return path;
}

/**
 * The cells to re-run (or mark stale) after `changed` ran or was edited: everything that reads their
 * results directly or through other cells, in run order, without the changed cells themselves.
 */
export function dependentsInRunOrder(graph: NotebookGraph, ...changed: string[]): string[] {
  const reached = new Set<string>();
  const queue = [...changed];
  while (queue.length > 0) {
    const node = graph.byId.get(queue.shift()!);
    for (const id of node?.downstream ?? []) {
      if (!reached.has(id)) {
        reached.add(id);
        queue.push(id);
      }
    }
  }
  for (const id of changed) reached.delete(id);
  return graph.runOrder.filter((id) => reached.has(id));
}

/** Ids of the cells that are in a cycle. */
export function cellsInCycles(graph: NotebookGraph): Set<string> {
  return new Set(graph.cycles.flat());
}

/**
 * The cycles as one plain sentence each, e.g.
 * `Cells a, b and c read each other's results in a circle (a → b → c → a); change one of them so the circle is broken.`
 */
export function cycleMessages(graph: NotebookGraph): string[] {
  return graph.cycles.map((cycle) => {
    const labels = cycle.map((id) => graph.byId.get(id)!.label);
    const list = labels.length === 2 ? `${labels[0]} and ${labels[1]}` : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
    // The path follows "reads", so a → b means a reads b.
    return `Cells ${list} read each other's results in a circle (${[...labels, labels[0]].join(' → ')}); change one of them so the circle is broken.`;
  });
}

// ---- SQL references ----

/**
 * The tables and views a SQL text reads and the ones it creates, found by a small tokenizer.
 *
 * Why a tokenizer and not DuckDB's parser: `json_serialize_sql` lives in DuckDB's json extension, which
 * DuckDB-WASM does not have offline (it fails with "exists in the json extension"), and the dependency graph
 * must give the same answer in the browser and on the command line, synchronously, while the user types.
 * The tests check the tokenizer against `json_serialize_sql` on native DuckDB over a corpus of queries
 * (`parsedTableReferences` below is that oracle).
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

type Token =
  | { type: 'word'; text: string; lower: string; quoted: boolean }
  | { type: 'punct'; text: string }
  | { type: 'other' };

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
  'where', 'group', 'having', 'order', 'limit', 'offset', 'qualify', 'window', 'union', 'intersect', 'except',
  'on', 'using', 'select', 'set', 'values', 'returning', 'fetch', 'join', 'inner', 'left', 'right', 'full', 'outer',
  'cross', 'natural', 'positional', 'asof', 'anti', 'semi', 'lateral', 'only', 'as', 'with', 'from', 'by', 'sample',
  'tablesample', 'using', 'pivot', 'unpivot', 'when', 'then', 'else', 'end', 'and', 'or', 'not',
]);
const tableKeywords = new Set(['from', 'join', 'describe', 'summarize', 'pivot', 'unpivot']);
/** Functions whose arguments use FROM without a table: extract(year from d), substring(s from 2), trim(both from s). */
const fromFunctions = new Set(['extract', 'substring', 'trim', 'position', 'overlay', 'date_part']);
/** Words before `(` that open a subquery or a list, not a function call. */
const nonCallWords = new Set(['in', 'exists', 'as', 'from', 'join', 'any', 'all', 'some', 'array', 'lateral', 'on', 'using', 'with', 'materialized', 'not', 'and', 'or', 'select', 'where', 'when', 'then', 'else', 'union', 'except', 'intersect', 'values', 'by', 'table']);

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
  while (tokens[end + 1]?.type === 'punct' && (tokens[end + 1] as { text: string }).text === '.' && tokens[end + 2]?.type === 'word') end += 2;
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

/**
 * DuckDB's own answer, from `json_serialize_sql` (native DuckDB only: DuckDB-WASM lacks the json extension).
 * Base tables read by SELECT statements, CTE names removed, lower case; null when the engine cannot parse
 * the statement this way (no json extension, or not a SELECT).
 */
export async function parsedTableReferences(engine: Pick<Engine, 'query'>, sql: string): Promise<string[] | null> {
  let text: string;
  try {
    text = String(tableFromIPC(await engine.query('SELECT json_serialize_sql(?::VARCHAR) AS tree', [sql])).getChildAt(0)?.get(0));
  } catch {
    return null;
  }
  const tree = JSON.parse(text) as { error?: boolean };
  if (tree.error) return null;
  const tables: string[] = [];
  const ctes = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'BASE_TABLE' && typeof record.table_name === 'string') tables.push(record.table_name.toLowerCase());
    const cteMap = record.cte_map as { map?: { key?: string }[] } | undefined;
    for (const entry of cteMap?.map ?? []) if (entry.key) ctes.add(entry.key.toLowerCase());
    Object.values(record).forEach(walk);
  };
  walk(tree);
  return [...new Set(tables.filter((name) => !ctes.has(name)))];
}
