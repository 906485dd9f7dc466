/**
 * Writes Kura's demo data (public/demo/data/, git-ignored): four CRM-like files with planted
 * duplicates, quality problems and traps, plus ground_truth.csv saying which rows are the same person.
 * Seeded and offline: the same seed always gives byte-identical files.
 *
 *   npm run demo                   # into public/demo/data/
 *   tsx scripts/generate-demo.ts <dir> [seed]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeCp932 } from './demo/cp932.ts';
import { toCsv } from './demo/csv.ts';
import { buildCompanies, buildPopulation } from './demo/people.ts';
import { Random } from './demo/random.ts';
import { crmContacts, marketingSignups, orders, supportTickets, type SourceTable } from './demo/sources.ts';

export const defaultDemoSeed = 20250630;
export const defaultDemoDir = fileURLToPath(new URL('../public/demo/data/', import.meta.url));

export const demoRowCounts = { crm_contacts: 2000, marketing_signups: 1500, support_tickets_cp932: 800, orders: 10000 } as const;

/** Files written and their data-row counts. */
export type DemoSummary = Record<string, number>;

export function generateDemo(outDir: string = defaultDemoDir, seed: number = defaultDemoSeed): DemoSummary {
  const random = new Random(seed);
  const companies = buildCompanies(random.fork('companies'));
  const people = buildPopulation(random.fork('people'), companies, 3400);
  const pick = random.fork('membership');
  const [salesPeople, marketingOnly, others] = partition(pick.shuffle(people), [1900, 560]);

  const crmJunkRows = 3;
  const crm = crmContacts(random.fork('crm'), salesPeople, demoRowCounts.crm_contacts - salesPeople.length - crmJunkRows);
  const alsoSignedUp = pick.shuffle(salesPeople).slice(0, 880);
  const signups = marketingSignups(
    random.fork('marketing'),
    alsoSignedUp,
    marketingOnly,
    demoRowCounts.marketing_signups - alsoSignedUp.length - marketingOnly.length,
  );
  const askers = [...pick.shuffle(salesPeople).slice(0, 330), ...pick.shuffle(marketingOnly).slice(0, 70), ...others.slice(0, 100)];
  const tickets = supportTickets(random.fork('tickets'), pick.shuffle(askers), demoRowCounts.support_tickets_cp932);
  const customers = pick.shuffle(salesPeople).slice(0, 1300);
  const orderTable = orders(random.fork('orders'), customers, crm.contactIds, demoRowCounts.orders);

  mkdirSync(outDir, { recursive: true });
  const csv = (table: SourceTable, eol: '\n' | '\r\n' = '\n', quoteAll = false) => toCsv(table.headers, table.rows, { eol, quoteAll });
  writeFileSync(join(outDir, 'crm_contacts.csv'), csv(crm.table, '\n', true));
  writeFileSync(join(outDir, 'marketing_signups.csv'), `\uFEFF${csv(signups)}`);
  writeFileSync(join(outDir, 'support_tickets_cp932.csv'), encodeCp932(csv(tickets, '\r\n')));
  writeFileSync(join(outDir, 'orders.csv'), csv(orderTable));

  const peopleFiles = { crm_contacts: crm.table, marketing_signups: signups, support_tickets_cp932: tickets };
  const truth = Object.entries(peopleFiles).flatMap(([source, table]) =>
    table.personIds.map((personId, index) => [source, String(index + 1), personId]),
  );
  writeFileSync(join(outDir, 'ground_truth.csv'), toCsv(['source', 'row', 'person_id'], truth));

  return {
    'crm_contacts.csv': crm.table.rows.length,
    'marketing_signups.csv': signups.rows.length,
    'support_tickets_cp932.csv': tickets.rows.length,
    'orders.csv': orderTable.rows.length,
    'ground_truth.csv': truth.length,
  };
}

function partition<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const parts: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    parts.push(items.slice(start, start + size));
    start += size;
  }
  parts.push(items.slice(start));
  return parts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [outDir, seed] = process.argv.slice(2);
  const started = performance.now();
  const summary = generateDemo(outDir ? resolve(outDir) : defaultDemoDir, seed ? Number(seed) : defaultDemoSeed);
  const files = Object.entries(summary)
    .map(([file, rows]) => `${file} ${rows}`)
    .join(', ');
  console.log(`Demo data written to ${outDir ?? 'public/demo/data'} in ${Math.round(performance.now() - started)} ms: ${files}`);
}
