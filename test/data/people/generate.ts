/**
 * The people set (SPEC.md): three export files of one population, with ground truth.
 *
 *   npx tsx test/data/people/generate.ts --people 60000 --seed 2001 --out DIR
 *
 * Seeds 1000–1999 are for tuning, 2000 and up for reporting.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeCp932 } from '../../../scripts/demo/cp932.ts';
import { japaneseGivenNames } from './names.ts';
import { PopulationBuilder, type Population } from './population.ts';
import { Random } from './random.ts';
import { createdForm, headers, RecordRenderer, sourceFiles, type SourceKey } from './records.ts';

interface PendingRow {
  created: number;
  personIndex: number;
  body: string;
}

export interface PeopleFile {
  /** File name, e.g. `support_cp932.csv`; its base name is the source name. */
  name: string;
  bytes: Uint8Array;
}

export interface PeopleSet {
  files: PeopleFile[];
  /** truth.csv rows: source (file base name), row (1-based data row), person_id. */
  truth: { source: string; row: number; personId: string }[];
  population: Population;
}

export function generatePeopleSet(people: number, seed: number): PeopleSet {
  const random = new Random(seed);
  const population = new PopulationBuilder(random).build(people);
  const renderer = new RecordRenderer(random, [...japaneseGivenNames('male'), ...japaneseGivenNames('female')]);
  // Each record is kept as its CSV line without the id and date, which follow the export order.
  const bySource: Record<SourceKey, PendingRow[]> = { salesforce: [], hubspot: [], support: [] };
  for (const person of population.people) {
    for (const record of renderer.recordsOf(person)) {
      bySource[record.source].push({
        created: record.created,
        personIndex: person.index,
        body: csvLine(record.cells, record.source === 'salesforce'),
      });
    }
  }

  const files: PeopleFile[] = [];
  const truth: PeopleSet['truth'] = [];
  for (const source of ['salesforce', 'hubspot', 'support'] as const) {
    // Exports list records in creation order; the ids follow it.
    const quoteAll = source === 'salesforce';
    const rows = bySource[source].sort((a, b) => a.created - b.created || a.personIndex - b.personIndex);
    const lines = [csvLine(headers[source], quoteAll)];
    let hubspotId = 10_000 + random.int(0, 5000);
    rows.forEach((row, i) => {
      hubspotId += random.int(1, 40);
      const id = source === 'salesforce' ? salesforceId(i) : source === 'hubspot' ? String(hubspotId) : `CS${String(100001 + i)}`;
      lines.push(`${csvLine([id], quoteAll)},${row.body},${csvLine([createdForm(source, row.created)], quoteAll)}`);
      truth.push({ source: sourceFiles[source], row: i + 1, personId: population.people[row.personIndex]!.id });
    });
    const name = `${sourceFiles[source]}.csv`;
    if (source === 'support') files.push({ name, bytes: encodeCp932(lines.join('\r\n') + '\r\n') });
    else if (source === 'hubspot') files.push({ name, bytes: new TextEncoder().encode(`\uFEFF${lines.join('\n')}\n`) });
    else files.push({ name, bytes: new TextEncoder().encode(`${lines.join('\n')}\n`) });
  }
  return { files, truth, population };
}

export function truthCsv(set: PeopleSet): string {
  return `source,row,person_id\n${set.truth.map((t) => `${t.source},${t.row},${t.personId}`).join('\n')}\n`;
}

export function householdsCsv(set: PeopleSet): string {
  const rows = set.population.people.map(
    (person) => `${person.id},${person.householdId},${person.householdSize},${person.job[0]!.value?.company.id ?? ''}`,
  );
  return `person_id,household_id,household_size,company_id\n${rows.join('\n')}\n`;
}

/** Data Loader quotes every field; the other exports quote only when they must. */
function csvLine(cells: readonly string[], quoteAll: boolean): string {
  return cells.map((cell) => (quoteAll || /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
}

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function salesforceId(index: number): string {
  let n = index + 1;
  let text = '';
  while (n > 0) {
    text = base62[n % 62] + text;
    n = Math.floor(n / 62);
  }
  return `003Gm${text.padStart(10, '0')}IAA`;
}

function main(): void {
  const { values } = parseArgs({ options: { people: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } } });
  const people = Number(values.people ?? 3000);
  const seed = Number(values.seed ?? 2001);
  if (!values.out || !(people > 0) || !Number.isInteger(seed)) {
    console.error('usage: generate.ts --people N --seed S --out DIR   (seeds 1000–1999 tuning, 2000+ reporting)');
    process.exit(2);
  }
  const started = performance.now();
  const set = generatePeopleSet(people, seed);
  mkdirSync(values.out, { recursive: true });
  for (const file of set.files) writeFileSync(join(values.out, file.name), file.bytes);
  writeFileSync(join(values.out, 'truth.csv'), truthCsv(set));
  writeFileSync(join(values.out, 'households.csv'), householdsCsv(set));
  const perFile = set.files.map((file) => `${file.name} ${set.truth.filter((t) => `${t.source}.csv` === file.name).length}`);
  console.log(
    `${people} people, ${set.truth.length} records (${perFile.join(', ')}), seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s → ${values.out}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
