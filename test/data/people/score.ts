/**
 * Pairwise precision, recall and F1 of Kura's clusters against the people set's truth.
 *
 *   npx tsx test/data/people/score.ts --truth DIR/truth.csv --clusters OUT/clusters.csv
 *
 * Pairs are counted from group sizes (n·(n−1)/2 per cluster, per person, per cluster × person cell), never enumerated,
 * so 200,000 people score in a second. A truth record missing from the clusters counts as a singleton.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export interface PairwiseScore {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  records: number;
  /** Truth records the clusters did not list (rejected rows), counted as singletons. */
  missing: number;
}

/** `truth`: record key → person id; `clusters`: record key → cluster id. Keys are `source:row`. */
export function pairwiseScore(truth: ReadonlyMap<string, string>, clusters: ReadonlyMap<string, string>): PairwiseScore {
  const perPerson = new Map<string, number>();
  const perCluster = new Map<string, number>();
  const perCell = new Map<string, number>();
  let missing = 0;
  for (const [key, person] of truth) {
    perPerson.set(person, (perPerson.get(person) ?? 0) + 1);
    let cluster = clusters.get(key);
    if (cluster === undefined) {
      missing++;
      cluster = `missing:${key}`;
    }
    perCluster.set(cluster, (perCluster.get(cluster) ?? 0) + 1);
    const cell = `${cluster}\u0000${person}`;
    perCell.set(cell, (perCell.get(cell) ?? 0) + 1);
  }
  const pairs = (sizes: Map<string, number>) => {
    let sum = 0;
    for (const n of sizes.values()) sum += (n * (n - 1)) / 2;
    return sum;
  };
  const truePairs = pairs(perPerson);
  const predictedPairs = pairs(perCluster);
  const correctPairs = pairs(perCell);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, predictedPairs, correctPairs, records: truth.size, missing };
}

/** The first `columns` fields of each data line of a small, machine-written CSV (quotes allowed, no newlines in fields). */
export function readColumns(text: string, columns: readonly string[]): string[][] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line !== '');
  const header = splitCsvLine(lines[0] ?? '');
  const indexes = columns.map((column) => {
    const index = header.indexOf(column);
    if (index < 0) throw new Error(`column ${column} not found in ${header.join(',')}`);
    return index;
  });
  return lines.slice(1).map((line) => {
    const cells = splitCsvLine(line);
    return indexes.map((index) => cells[index] ?? '');
  });
}

function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

function main(): void {
  const { values } = parseArgs({ options: { truth: { type: 'string' }, clusters: { type: 'string' } } });
  if (!values.truth || !values.clusters) {
    console.error('usage: score.ts --truth DIR/truth.csv --clusters OUT/clusters.csv');
    process.exit(2);
  }
  const truth = new Map(
    readColumns(readFileSync(values.truth, 'utf8'), ['source', 'row', 'person_id']).map(([source, row, person]) => [
      `${source}:${row}`,
      person!,
    ]),
  );
  const clusters = new Map(
    readColumns(readFileSync(values.clusters, 'utf8'), ['source', 'row', 'cluster_id']).map(([source, row, cluster]) => [
      `${source}:${row}`,
      cluster!,
    ]),
  );
  const score = pairwiseScore(truth, clusters);
  const extra = [...clusters.keys()].filter((key) => !truth.has(key)).length;
  console.log(
    `precision ${score.precision.toFixed(4)}, recall ${score.recall.toFixed(4)}, F1 ${score.f1.toFixed(4)} ` +
      `(${score.correctPairs} of ${score.predictedPairs} predicted pairs correct, ${score.truePairs} true pairs; ${score.records} records` +
      `${score.missing ? `, ${score.missing} not clustered` : ''}${extra ? `, ${extra} clustered records not in the truth` : ''})`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
