/**
 * What a cell's result depends on, as one string: the cell itself (kind, name, spec or SQL — not its id, not how
 * its text was laid out) and the fingerprints of the cells it reads, down to the source tables' contents. Equal
 * fingerprints mean a run would compute the same thing, so a result stored under one can be shown without running.
 */
import type { Cell } from '../document/model.ts';
import type { NotebookGraph } from './graph.ts';

/** Bumped when what a cell stores for reuse changes shape. */
const formatVersion = 1;

/**
 * Fingerprints by cell id, for every cell the graph orders. `sourceContent` gives each source table's content
 * fingerprint (by table name); a source without one (not loaded) gives its readers no fingerprint, nor theirs.
 * `today` is part of every fingerprint: a cell may count days up to today (a segment without `as_of`), so a result
 * is reused only on the day it was computed.
 */
export async function cellFingerprints(
  cells: readonly Cell[],
  graph: NotebookGraph,
  sourceContent: ReadonlyMap<string, string>,
  today: string = new Date().toISOString().slice(0, 10),
): Promise<Map<string, string>> {
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  const prints = new Map<string, string>();
  for (const id of graph.runOrder) {
    const cell = byId.get(id);
    const node = graph.byId.get(id);
    if (!cell || !node || cell.kind === 'markdown' || cell.kind === 'other') continue;
    const upstream = node.upstream.map((other) => prints.get(other));
    if (upstream.some((print) => print === undefined)) continue;
    const content = cell.kind === 'source' ? sourceContent.get(cell.name) : '';
    if (content === undefined) continue;
    const { id: _id, raw: _raw, ...meaning } = cell;
    prints.set(id, await sha256(JSON.stringify([formatVersion, today, meaning, content, upstream])));
  }
  return prints;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
