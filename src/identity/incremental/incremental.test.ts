/**
 * Incremental matching on both engines: the generated three-source set is matched without the last part of its
 * sign-ups, which then arrive as this week's export and are attached to the customers found before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { loadFile } from '../../ingest/load.ts';
import { quietJobContext } from '../../jobs/job.ts';
import { engineFactories } from '../../../test/unit/engines.ts';
import { encodeGenerated, generateCrmTestSet } from '../../../test/data/identity-testset.ts';
import { identityMatch } from '../job.ts';
import { decideNewRecords } from './decide.ts';
import { identityDuplicateCheck } from './duplicate-check.ts';
import { identityMatchIncremental, incrementalTable } from './incremental.ts';

const people = 2000;
/** The share of the sign-ups that arrive as the new export. */
const newShare = 0.4;
const set = generateCrmTestSet(people);
/** Each engine's decisions, `source:row customer decision`, to compare the engines. */
const decisionsByEngine = new Map<string, string[]>();

for (const factory of engineFactories) {
  describe(`incremental matching on ${factory.name}`, () => {
    let engine: Engine;
    let kept = 0;
    beforeAll(async () => {
      engine = await factory.create();
      for (const file of set.files) {
        await loadFile(engine, { fileName: file.name, bytes: encodeGenerated(file), table: file.name.replace('.csv', '') });
      }
      const [counted] = await queryRows(engine, 'SELECT count(*)::INTEGER AS n FROM signups');
      kept = Math.round(Number(counted!.n) * (1 - newShare));
      // rowid is the file order, which the prepare step numbers rows by.
      await engine.exec(`CREATE TABLE signups_before AS SELECT * FROM signups WHERE rowid < ${kept} ORDER BY rowid;
        CREATE TABLE signups_week AS SELECT * FROM signups WHERE rowid >= ${kept} ORDER BY rowid;`);
    }, 60_000);
    afterAll(() => engine?.close());

    const earlierSources = [
      { name: 'crm_contacts', table: 'crm_contacts' },
      { name: 'support', table: 'support' },
      { name: 'signups_before', table: 'signups_before' },
    ];
    /** The person of a record by the generated truth (the split sign-ups back under their file's rows). */
    const personOf = (source: string, row: number) =>
      source === 'signups_before'
        ? set.truth.get(`signups:${row}`)
        : source === 'signups_week'
          ? set.truth.get(`signups:${row + kept}`)
          : set.truth.get(`${source}:${row}`);
    const customers = async () =>
      new Map(
        (await queryRows(engine, `SELECT source, row, customer_id FROM identity_clusters`)).map((r) => [
          `${r.source}:${r.row}`,
          Number(r.customer_id),
        ]),
      );

    it('attaches new records of known people to their customer, gives new people new ids, changes no existing id, and agrees with a full re-match', async () => {
      await identityMatch(engine, { sources: earlierSources }, quietJobContext());
      const before = await customers();
      await engine.exec(`CREATE TABLE kept_ids AS SELECT * FROM identity_customer_ids;
          CREATE TABLE kept_next AS SELECT * FROM identity_customer_next_id;`);

      const result = await identityMatchIncremental(
        engine,
        { sources: [{ name: 'signups_week', table: 'signups_week' }] },
        quietJobContext(),
      );
      const after = await customers();
      expect(result.records).toBe(Number((await queryRows(engine, 'SELECT count(*)::INTEGER AS n FROM signups_week'))[0]!.n));
      expect(result.attached + result.review + result.new).toBe(result.records);

      // Every earlier record keeps its customer id; every new record is in the clusters once.
      for (const [record, id] of before) expect(after.get(record), record).toBe(id);
      expect(after.size).toBe(before.size + result.records);
      // One golden record per customer, the new ones included.
      const [golden] = await queryRows(
        engine,
        `SELECT (SELECT count(*) FROM customers_golden)::INTEGER AS golden, (SELECT count(DISTINCT customer_id) FROM identity_clusters)::INTEGER AS customers`,
      );
      expect(golden!.golden).toBe(golden!.customers);

      // The customer each known person's earlier records mostly have.
      const earlierIds = new Set(before.values());
      const votes = new Map<number, Map<number, number>>();
      for (const [record, id] of before) {
        const [source, row] = record.split(':') as [string, string];
        const person = personOf(source, Number(row))!;
        const tally = votes.get(person) ?? new Map<number, number>();
        tally.set(id, (tally.get(id) ?? 0) + 1);
        votes.set(person, tally);
      }
      const expected = (person: number) =>
        [...(votes.get(person) ?? new Map<number, number>())].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
      const rows = await queryRows(
        engine,
        `SELECT source, row, customer_id, decision, match_probability FROM ${incrementalTable} ORDER BY row`,
      );
      let known = 0;
      let knownAttached = 0;
      let fresh = 0;
      let freshNew = 0;
      for (const row of rows) {
        const person = personOf('signups_week', Number(row.row))!;
        const id = Number(row.customer_id);
        if (votes.has(person)) {
          known++;
          if (id === expected(person)) knownAttached++;
        } else {
          fresh++;
          if (!earlierIds.has(id)) freshNew++;
        }
        if (row.decision === 'attached') expect(earlierIds.has(id)).toBe(true);
        else expect(earlierIds.has(id)).toBe(false);
      }
      decisionsByEngine.set(
        factory.name,
        rows.map((r) => `${r.source}:${r.row} ${r.customer_id} ${r.decision} ${Number(r.match_probability ?? -1).toFixed(9)}`),
      );

      // The same data matched from scratch, keeping the earlier run's ids.
      const incremental = new Map(rows.map((r) => [Number(r.row), Number(r.customer_id)]));
      await engine.exec(`CREATE OR REPLACE TABLE identity_customer_ids AS SELECT * FROM kept_ids;
          CREATE OR REPLACE TABLE identity_customer_next_id AS SELECT * FROM kept_next;`);
      await identityMatch(engine, { sources: [...earlierSources, { name: 'signups_week', table: 'signups_week' }] }, quietJobContext());
      const full = await customers();
      let agree = 0;
      for (const [row, id] of incremental) {
        const again = full.get(`signups_week:${row}`)!;
        if (again === id || (!earlierIds.has(again) && !earlierIds.has(id))) agree++;
      }
      console.log(
        `incremental on ${factory.name}, ${people} generated people: ${result.records} new records against ${result.existingRecords} (${result.candidates} candidate pairs): ${result.attached} attached, ${result.review} for review, ${result.new} new; known people attached to their customer ${knownAttached}/${known} (${((knownAttached / known) * 100).toFixed(1)}%), new people given a new id ${freshNew}/${fresh} (${((freshNew / fresh) * 100).toFixed(1)}%); agrees with a full re-match for ${agree}/${incremental.size} (${((agree / incremental.size) * 100).toFixed(1)}%); ${JSON.stringify(result.timings)}`,
      );
      expect(known).toBeGreaterThan(50);
      expect(fresh).toBeGreaterThan(30);
      expect(knownAttached / known).toBeGreaterThanOrEqual(0.9);
      expect(freshNew / fresh).toBeGreaterThanOrEqual(0.95);
      expect(agree / incremental.size).toBeGreaterThanOrEqual(0.95);
    }, 300_000);

    it('checks one person at entry against the customers without adding them: an existing one is found, a stranger is not', async () => {
      const [before] = await queryRows(engine, 'SELECT count(*)::INTEGER AS n FROM identity_input');
      const [known] = await queryRows(
        engine,
        `SELECT cluster_id, name, email, phone FROM customers_golden WHERE name IS NOT NULL AND email IS NOT NULL AND phone IS NOT NULL ORDER BY cluster_id LIMIT 1 OFFSET 17`,
      );
      const found = await identityDuplicateCheck(engine, {
        name: String(known!.name),
        email: String(known!.email),
        phone: String(known!.phone),
      });
      expect(found.candidates[0]).toMatchObject({ cluster_id: Number(known!.cluster_id), name: known!.name });
      expect(found.candidates[0]!.probability).toBeGreaterThanOrEqual(found.threshold);
      // The e-mail alone, written another way, still finds them.
      const byEmail = await identityDuplicateCheck(engine, { email: String(known!.email).toUpperCase() });
      expect(byEmail.candidates[0]?.cluster_id).toBe(Number(known!.cluster_id));

      const stranger = await identityDuplicateCheck(engine, {
        name: 'Zebulon Quixote',
        email: 'zq@nowhere.example.org',
        phone: '+1 907 555 0199',
      });
      expect(stranger.candidates.filter((c) => c.probability >= stranger.reviewFrom)).toEqual([]);
      expect((await identityDuplicateCheck(engine, { name: '  ' })).candidates).toEqual([]);
      const [after] = await queryRows(engine, 'SELECT count(*)::INTEGER AS n FROM identity_input');
      expect(after!.n).toBe(before!.n);
    }, 60_000);

    it('refuses a new export named like a matched source', async () => {
      await expect(
        identityMatchIncremental(engine, { sources: [{ name: 'support', table: 'support' }] }, quietJobContext()),
      ).rejects.toThrow(/already among the matched customers/);
    });

    it('leaves every table as it was when the attach fails late, between deleting and inserting the golden records', async () => {
      // A golden table written before a field existed: the rebuilt golden records cannot be inserted into it.
      await engine.exec(`ALTER TABLE customers_golden DROP COLUMN birth_date_row;
        CREATE TABLE signups_again AS SELECT * FROM signups_week;`);
      const tables = [
        'identity_input',
        'identity_pairs',
        'identity_clusters',
        'identity_customer_ids',
        'identity_customer_next_id',
        'customers_golden',
        incrementalTable,
      ];
      for (const table of tables) await engine.exec(`CREATE TABLE kept_${table} AS SELECT * FROM ${table}`);

      const expectUnchanged = async () => {
        for (const table of tables) {
          const [compared] = await queryRows(
            engine,
            `SELECT (SELECT count(*) FROM ${table})::INTEGER AS now, (SELECT count(*) FROM kept_${table})::INTEGER AS kept,
               (SELECT count(*) FROM (SELECT * FROM ${table} EXCEPT ALL SELECT * FROM kept_${table}))::INTEGER AS added,
               (SELECT count(*) FROM (SELECT * FROM kept_${table} EXCEPT ALL SELECT * FROM ${table}))::INTEGER AS removed`,
          );
          expect(compared, table).toEqual({ now: compared!.kept, kept: compared!.kept, added: 0, removed: 0 });
        }
        const leftOver = await queryRows(engine, `SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, 'identity_new_')`);
        expect(leftOver).toEqual([]);
      };
      const again = { sources: [{ name: 'signups_again', table: 'signups_again' }] };

      await expect(identityMatchIncremental(engine, again, quietJobContext())).rejects.toThrow(/birth_date_row/);
      await expectUnchanged();

      // Cancelled: the run stops at its first step, after the new records were prepared.
      const cancel = new AbortController();
      cancel.abort();
      await expect(identityMatchIncremental(engine, again, quietJobContext(cancel.signal))).rejects.toThrow(/cancelled/);
      await expectUnchanged();
    }, 120_000);
  });
}

describe('incremental matching on both engines', () => {
  it('gives the same decisions and probabilities', () => {
    const [native, wasm] = engineFactories.map((f) => decisionsByEngine.get(f.name));
    expect(native?.length).toBeGreaterThan(0);
    expect(wasm).toEqual(native);
  });
});

describe('decisions for new records', () => {
  const records = [
    { id: 10, key: 'w\u001frow:1' },
    { id: 11, key: 'w\u001frow:2' },
    { id: 12, key: 'w\u001frow:3' },
    { id: 13, key: 'w\u001frow:4' },
    { id: 14, key: 'w\u001frow:5' },
  ];
  it('attaches at the threshold, takes a group to its likeliest customer, reviews the band, and numbers new customers in key order', () => {
    const decided = decideNewRecords({
      records,
      best: [
        { id: 10, customerId: 7, probability: 0.97 },
        { id: 11, customerId: 3, probability: 0.2 },
        { id: 12, customerId: 5, probability: 0.7 },
        { id: 14, customerId: 2, probability: 0.95 },
      ],
      edges: [
        { a: 10, b: 11, probability: 0.93 },
        { a: 12, b: 13, probability: 0.99 },
        { a: 13, b: 14, probability: 0.4 },
      ],
      threshold: 0.9,
      reviewFrom: 0.5,
      nextId: 100,
    });
    expect(decided.map((d) => [d.id, d.customerId, d.decision, d.probability])).toEqual([
      [10, 7, 'attached', 0.97],
      [11, 7, 'attached', 0.93],
      [12, 100, 'review', 0.7],
      [13, 100, 'new', null],
      [14, 2, 'attached', 0.95],
    ]);
    expect(decided[2]!.candidateCustomerId).toBe(5);
    expect(decided.filter((d) => d.fresh).map((d) => d.component)).toEqual([12, 12]);
  });
});
