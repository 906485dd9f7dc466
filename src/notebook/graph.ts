/**
 * The notebook's dependency graph: which cell reads which cell's result.
 *
 * - A cell **defines** names: a source cell its table and `<table>_mapped`; a SQL cell its name (the view)
 *   plus what its statements create (CREATE TABLE/VIEW, INSERT INTO, UPDATE); an analytic cell its name,
 *   the names in its spec's `outputs` list, and the tables its kind's descriptor says it writes
 *   (`outputs` in src/cells/<kind>/kind.ts: match → `customers_golden`, churn → `churn_scores`…).
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
import type { Cell } from '../document/model.ts';
import { cellName } from './fenced-cell.ts';
import { specCellKindOf } from '../cells/kinds.ts';
import { sqlReferences } from './sql-references.ts';

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

/** The names a cell defines, lower case. */
export function cellDefines(cell: Cell): string[] {
  const own = cellName(cell)?.toLowerCase();
  const names: string[] = own ? [own] : [];
  if (cell.kind === 'source' && own) names.push(`${own}_mapped`);
  if (cell.kind === 'sql') names.push(...sqlReferences(cell.sql).writes);
  if ('spec' in cell && cell.kind !== 'source') {
    names.push(...stringList(cell.spec.outputs), ...(specCellKindOf(cell.kind)?.outputs(cell) ?? []));
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
  return components.map((component) => cyclePath(component, byId)).sort((a, b) => byId.get(a[0]!)!.index - byId.get(b[0]!)!.index);
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
    const list =
      labels.length === 2 ? `${labels[0]} and ${labels[1]}` : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
    // The path follows "reads", so a → b means a reads b.
    return `Cells ${list} read each other's results in a circle (${[...labels, labels[0]].join(' → ')}); change one of them so the circle is broken.`;
  });
}
