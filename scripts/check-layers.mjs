// `npm test` runs this: no import in src/ or workers/ may run up the layers below, and the folders' import graph
// has no circle (type-only imports included). Tests (*.test.ts and their helpers) may import anything.
// The layers, bottom first; a layer may import its own and lower layers. docs/architecture.md explains them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export const layers = [
  ['engine'],
  ['jobs'],
  ['document'],
  ['ingest'],
  ['analytics', 'audit', 'identity', 'migrate'],
  ['cells'],
  ['notebook'],
  ['report'],
  ['warehouse'],
  ['ui'],
  ['cell-views'],
  ['session'],
  ['app', 'cli', 'bench', 'offline', 'main'],
  ['workers'],
];

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const isTest = (path) => /\.test\.ts$|\.test-[a-z]+\.ts$|\.test-data\.ts$/.test(path);

/** The layer unit of a file: its folder under src/ (cell views are the Svelte files and views.ts of src/cells/). */
export function unitOf(path) {
  const parts = path.split('/');
  if (parts[0] === 'workers') return 'workers';
  if (parts[0] !== 'src') return null;
  if (parts.length === 2) return 'main';
  if (parts[1] === 'cells' && (path.endsWith('.svelte') || path === 'src/cells/views.ts')) return 'cell-views';
  return parts[1];
}

const rank = new Map(layers.flatMap((units, index) => units.map((unit) => [unit, index])));

function files(dir) {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return name === 'node_modules' || name === '__snapshots__' ? [] : files(path);
    return /\.(ts|svelte)$/.test(name) && !isTest(path) ? [path] : [];
  });
}

const importPattern =
  /(?:^|[\s;])(?:import|export)\s(?:[^'"`;]*?\sfrom\s)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|declare module\s+['"](\.{1,2}\/[^'"]+)['"]/g;

export function importsOf(path) {
  const text = readFileSync(join(root, path), 'utf8');
  const found = [];
  for (const match of text.matchAll(importPattern)) {
    const target = match[1] ?? match[2] ?? match[3];
    found.push(relative(root, normalize(join(root, dirname(path), target.replace(/\?.*$/, '')))));
  }
  return found;
}

export function check() {
  const problems = [];
  const unitEdges = new Map();
  for (const path of [...files('src'), ...files('workers')]) {
    const from = unitOf(path);
    if (!rank.has(from)) {
      problems.push(`${path}: its folder "${from}" is in no layer; add it to scripts/check-layers.mjs and docs/architecture.md.`);
      continue;
    }
    for (const target of importsOf(path)) {
      const to = unitOf(target);
      if (to === null || to === from) continue;
      if (!rank.has(to)) continue;
      if (rank.get(to) > rank.get(from)) problems.push(`${path} imports ${target}: ${from} may not import ${to}, which is above it.`);
      // Units of one layer may import each other, but not in a circle (an upward import is reported above).
      if (rank.get(to) !== rank.get(from)) continue;
      if (!unitEdges.has(from)) unitEdges.set(from, new Set());
      unitEdges.get(from).add(to);
    }
  }
  for (const cycle of cycles(unitEdges)) problems.push(`The folders ${cycle.join(' → ')} import each other in a circle.`);
  return problems;
}

function cycles(edges) {
  const found = [];
  const state = new Map();
  const stack = [];
  const visit = (unit) => {
    state.set(unit, 'open');
    stack.push(unit);
    for (const next of edges.get(unit) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(unit, 'done');
  };
  for (const unit of edges.keys()) if (!state.has(unit)) visit(unit);
  return found;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const problems = check();
  for (const problem of problems) console.log(`layers: ${problem}`);
  console.log(problems.length === 0 ? 'layers: no import runs up the layers, no circle' : `layers: ${problems.length} problems`);
  process.exit(problems.length === 0 ? 0 : 1);
}
