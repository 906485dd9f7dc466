/** The identity engine on both engines: row numbering, blocking, clusters, golden record, search, SQL snapshots and kernels. */
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/engine.ts';
import { loadFile } from '../ingest/load.ts';
import { quietJobContext } from '../jobs/job.ts';
import { engineFactories } from '../../test/unit/engines.ts';
import {
  blockHashesSql,
  blockKeysSql,
  blockSizesSql,
  candidatesSql,
  ruleBlockCaps,
  ruleWindows,
  windowPairsSql,
} from './blocking/blocking.ts';
import { clusterRecords } from './cluster/cluster.ts';
import { inferReadings } from './prepare/readings.ts';
import { gammaSql, levelSql, termFrequencySql } from './compare/compare.ts';
import { estimateU, matchWeightSql, trainModel, type Pattern } from './fellegi-sunter/fellegi-sunter.ts';
import { goldenSql } from './golden/golden.ts';
import { identityMatch, recluster } from './job.ts';
import { proposeModel } from './model/propose.ts';
import { nicknameTokens } from './normalize/nicknames.ts';
import type { Comparison } from './model/spec.ts';
import { birthDateKey, dateKey, KeyMaker, keyColumns } from './prepare/keys.ts';
import { GRAM, gramText, UNIT } from './prepare/batch.ts';
import { identityCluster, identityClusters } from './result/browse.ts';
import { identityCustomer, identityCustomerOf } from './result/customer.ts';
import { retuneThreshold } from './result/explain.ts';
import { identitySearch, SearchIndex } from './search/search.ts';

const rows = async (engine: Engine, sql: string) =>
  tableFromIPC(await engine.query(sql))
    .toArray()
    .map((row) => row.toJSON() as Record<string, unknown>);

const crm = [
  'Id,LastName,FirstName,LastNameKana__c,FirstNameKana__c,Email,Phone,MailingPostalCode,MailingStreet,LastModifiedDate',
  '003A,山田,太郎,ヤマダ,タロウ,taro.yamada@sakura.example.jp,03-3201-1234,100-0005,"丸の内1丁目1番1号\n丸の内ビル12F",2024-01-01',
  '003B,佐藤,花子,サトウ,ハナコ,hanako.sato@minato.example.jp,03-5412-7788,105-0011,芝公園4-2-8,2024-02-01',
  '003C,佐藤,花子,サトウ,ハナコ,hanako.sato@niigata.example.jp,025-240-1020,950-0088,万代1-1-1,2024-03-01',
  '003D,鈴木,一郎,スズキ,イチロウ,ichiro@sakura.example.jp,03-3201-1234,100-0005,丸の内1-1-1,2024-01-05',
].join('\n');
const signups = [
  'Record ID,First Name,Last Name,Email,Phone Number,Company Name,Create Date',
  '1,Taro,Yamada,TARO.YAMADA@sakura.example.jp,+81 3-3201-1234,Sakura,2024-05-01 10:00',
  '2,Hanako,Sato,hanako.sato+news@minato.example.jp,0354127788,,2024-05-02 10:00',
  '3,Jiro,Tanaka,jiro@example.com,090-1234-5678,,2024-05-03 10:00',
].join('\n');

for (const factory of engineFactories) {
  describe(`identity engine on ${factory.name}`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await factory.create();
      await loadFile(engine, { fileName: 'crm.csv', bytes: new TextEncoder().encode(crm) });
      await loadFile(engine, { fileName: 'signups.csv', bytes: new TextEncoder().encode(signups) });
    }, 60_000);
    afterAll(() => engine?.close());

    it('matches across sources: the planted duplicates meet, the namesake and the shared office line do not', async () => {
      const result = await identityMatch(
        engine,
        {
          sources: [
            { name: 'crm', table: 'crm' },
            { name: 'signups', table: 'signups' },
          ],
        },
        quietJobContext(),
      );
      expect(result.records).toBe(7);
      const clusters = await rows(engine, 'SELECT source, row, cluster_id FROM identity_clusters ORDER BY source, row');
      // Every input record exactly once, rows 1-based in file order (a quoted newline does not shift them).
      expect(clusters.map((r) => `${r.source}:${r.row}`)).toEqual([
        'crm:1',
        'crm:2',
        'crm:3',
        'crm:4',
        'signups:1',
        'signups:2',
        'signups:3',
      ]);
      const cluster = new Map(clusters.map((r) => [`${r.source}:${r.row}`, Number(r.cluster_id)]));
      expect(cluster.get('crm:1')).toBe(cluster.get('signups:1')); // 山田太郎 = Taro Yamada via the reading
      expect(cluster.get('crm:2')).toBe(cluster.get('signups:2')); // plus-tag e-mail, phone without hyphens
      expect(cluster.get('crm:3')).not.toBe(cluster.get('crm:2')); // namesake 佐藤花子 in Niigata
      expect(cluster.get('crm:4')).not.toBe(cluster.get('crm:1')); // same switchboard and office, another person
      expect(result.clusters.clusters).toBe(5);
      expect(result.estimate.pairsInside).toBe(2);
      expect(result.histogram.reduce((sum, bin) => sum + bin.pairs, 0)).toBe(result.candidates);
      // The waterfall adds up to the SQL weight.
      for (const pair of result.review) {
        const sum = pair.terms.reduce((total, term) => total + term.weight + term.tfAdjustment, pair.prior);
        expect(pair.matchWeight).toBeCloseTo(pair.cappedAt === null ? sum : Math.min(sum, pair.cappedAt), 6);
      }

      const golden = await rows(engine, 'SELECT * FROM customers_golden ORDER BY cluster_id');
      expect(golden).toHaveLength(5);
      const yamada = golden.find((g) => Number(g.cluster_id) === cluster.get('crm:1'))!;
      expect(Number(yamada.records)).toBe(2);
      expect(yamada.sources).toBe('crm;signups');
      // Most recent wins for e-mail (the sign-up is newer), with its provenance.
      expect([yamada.email, yamada.email_source, Number(yamada.email_row)]).toEqual(['taro.yamada@sakura.example.jp', 'signups', 1]);
      expect(yamada.phone).toBe('+81332011234');
      expect(yamada.postal_code).toBe('100-0005');

      // A warehouse matched by an older Kura (no stored model) asks for the match cell to run again.
      await engine.exec('ALTER TABLE identity_model RENAME TO identity_model_kept');
      await expect(recluster(engine, { threshold: 0.9, sources: ['crm', 'signups'] }, quietJobContext())).rejects.toThrow(
        'Run the match cell again',
      );
      await engine.exec('ALTER TABLE identity_model_kept RENAME TO identity_model');

      // Recluster at a stricter threshold leaves only what is still above it.
      const strict = await recluster(engine, { threshold: 0.999999999, sources: ['crm', 'signups'] }, quietJobContext());
      expect(strict.clusters.clusters).toBeGreaterThanOrEqual(5);

      // Search over the golden records, through the reading and in full-width.
      await recluster(engine, { threshold: 0.9, sources: ['crm', 'signups'] }, quietJobContext());
      for (const query of ['やまだ たろう', 'yamada taro', 'ＹＡＭＡＤＡ', '山田太郎']) {
        const found = await identitySearch(engine, { query, limit: 3 });
        expect(found.hits[0]?.cluster_id, query).toBe(cluster.get('crm:1'));
      }
      // Another notebook's schema with customers of its own: its search finds those, not the ones indexed above.
      await engine.exec(`CREATE SCHEMA IF NOT EXISTS notebook_other; USE notebook_other;
        CREATE TABLE customers_golden AS SELECT 7 AS cluster_id, 'Ada Lovelace' AS name, NULL AS email, NULL AS phone, NULL AS company, NULL AS address, NULL AS postal_code;
        CREATE TABLE identity_clusters AS SELECT * FROM main.identity_clusters WHERE false;
        CREATE TABLE identity_input AS SELECT * FROM main.identity_input WHERE false;`);
      expect((await identitySearch(engine, { query: 'yamada taro', limit: 3 })).hits.map((hit) => hit.name)).not.toContain('山田 太郎');
      expect((await identitySearch(engine, { query: 'lovelace', limit: 3 })).hits.map((hit) => [hit.cluster_id, hit.name])).toEqual([
        [7, 'Ada Lovelace'],
      ]);
      await engine.exec('USE main');
      expect((await identitySearch(engine, { query: 'yamada taro', limit: 3 })).hits[0]?.cluster_id).toBe(cluster.get('crm:1'));

      // The cluster browser: clusters that joined records, largest first; one cluster's members beside its golden record.
      const list = await identityClusters(engine, {});
      expect(list.total).toBe(2);
      expect(list.clusters.map((entry) => [entry.records, entry.sources])).toEqual([
        [2, 'crm;signups'],
        [2, 'crm;signups'],
      ]);
      expect((await identityClusters(engine, { minRecords: 1, limit: 3, offset: 3 })).clusters).toHaveLength(2);
      const detail = await identityCluster(engine, { clusterId: cluster.get('crm:1')! });
      expect(detail.members.map((member) => `${member.source}:${member.row}`)).toEqual(['crm:1', 'signups:1']);
      expect(detail.members[0]!.name).toContain('山田');
      expect(detail.golden.find((value) => value.field === 'email')).toEqual({
        field: 'email',
        value: 'taro.yamada@sakura.example.jp',
        source: 'signups',
        row: 1,
      });
      expect(await identityCluster(engine, { clusterId: 999_999 })).toEqual({ clusterId: 999_999, members: [], golden: [], household: [] });

      // The customer view: members with their ids and whole rows, each golden value's rule, the link, and what other
      // tables say about the customer, found by the members' own ids.
      await engine.exec(`CREATE TABLE orders AS SELECT * FROM (VALUES ('003A', DATE '2024-03-01', 50.0), ('003A', DATE '2024-01-02', 100.0), ('003B', DATE '2024-01-05', 7.0)) t(contact_id, order_date, amount);
        CREATE TABLE scores AS SELECT '003A' AS customer_id, 0.8 AS p_alive, 'x' AS other;
        CREATE TABLE loyal AS SELECT '003B' AS "Id";`);
      const profile = await identityCustomer(engine, {
        clusterId: cluster.get('crm:1')!,
        facts: [
          {
            cell: 'churn',
            kind: 'churn',
            perCustomer: { table: 'scores', key: 'customer_id', columns: ['p_alive'] },
            events: { table: 'orders', key: 'contact_id', date: 'order_date', amount: 'amount' },
          },
          {
            cell: 'loyal',
            kind: 'segment',
            perCustomer: { table: 'loyal', key: 'Id' },
            events: { table: 'orders', key: 'contact_id', date: 'order_date' },
          },
          { cell: 'rfm', kind: 'rfm', perCustomer: { table: 'not_run_yet', key: 'customer_id' } },
          {
            cell: 'audit',
            kind: 'audit',
            rowChecks: [
              { table: 'crm', label: 'crm.Email: contains sakura', failsSql: `"Email" LIKE '%sakura%'` },
              { table: 'crm', label: 'crm.Id: is 003B', failsSql: `"Id" = '003B'` },
              { table: 'signups', label: 'signups.Email: upper case', failsSql: `"Email" <> lower("Email")` },
              { table: 'crm', label: 'broken', failsSql: `"NoSuchColumn" = 1` },
            ],
          },
        ],
      });
      expect(profile.members.map((member) => [member.source, member.row, member.id])).toEqual([
        ['crm', 1, '003A'],
        ['signups', 1, '1'],
      ]);
      expect(profile.members[0]!.columns.find((column) => column.name === 'LastName')?.value).toBe('山田');
      expect(profile.golden.find((value) => value.field === 'email')).toMatchObject({ source: 'signups', row: 1, rule: 'mostRecent' });
      expect(profile.golden.find((value) => value.field === 'name')?.rule).toBe('mostFrequent');
      expect(profile.links).toHaveLength(1);
      expect([profile.links[0]!.left.source, profile.links[0]!.right.source].sort()).toEqual(['crm', 'signups']);
      expect(profile.facts).toEqual([
        { cell: 'churn', kind: 'churn', table: 'scores', rows: [{ p_alive: 0.8 }] },
        { cell: 'loyal', kind: 'segment', table: 'loyal', rows: [] },
      ]);
      // One timeline per table, oldest first, with the count and the total.
      expect(profile.failures).toEqual([
        { cell: 'audit', source: 'crm', row: 1, rule: 'crm.Email: contains sakura' },
        { cell: 'audit', source: 'signups', row: 1, rule: 'signups.Email: upper case' },
      ]);
      expect(profile.events).toHaveLength(1);
      expect(profile.events[0]).toMatchObject({ table: 'orders', count: 2, total: 150, first: '2024-01-02', last: '2024-03-01' });
      expect(profile.events[0]!.rows.map((row) => row.event_date)).toEqual(['2024-01-02', '2024-03-01']);
      expect(await identityCustomerOf(engine, { recordId: '003A' })).toEqual({ clusterId: cluster.get('crm:1') });
      expect(await identityCustomerOf(engine, { recordId: '1' })).toEqual({ clusterId: cluster.get('crm:1') });
      await expect(identityCustomerOf(engine, { recordId: 'nobody' })).rejects.toThrow('none of the matched sources');
      await expect(identityCustomer(engine, { clusterId: 999_999 })).rejects.toThrow('There is no customer 999999');
      await expect(identityCustomer(engine, { clusterId: Number('x') })).rejects.toThrow('There is no customer NaN');
      await engine.exec('DROP TABLE orders; DROP TABLE scores; DROP TABLE loyal;');

      // The reviewer's decisions, found again by source and id (or row) and applied after the pairs: a split, a
      // merge the pairs did not make, a pinned golden value; a decision whose record is gone is reported, not applied.
      const decided = await recluster(
        engine,
        {
          threshold: 0.9,
          sources: ['crm', 'signups'],
          decisions: [
            { decision: 'split', record: { source: 'crm', id: '003A' } },
            {
              decision: 'merge',
              records: [
                { source: 'crm', id: '003C' },
                { source: 'signups', row: 3 },
              ],
            },
            { decision: 'pin', record: { source: 'crm', id: '003B' }, field: 'email' },
            { decision: 'split', record: { source: 'crm', id: 'gone' } },
          ],
        },
        quietJobContext(),
      );
      expect(decided.decisions).toEqual({ applied: 3, unapplied: [3] });
      const after = new Map(
        (await rows(engine, 'SELECT source, row, cluster_id FROM identity_clusters')).map((r) => [
          `${r.source}:${r.row}`,
          Number(r.cluster_id),
        ]),
      );
      expect(after.get('crm:1')).not.toBe(after.get('signups:1'));
      expect(after.get('crm:3')).toBe(after.get('signups:3'));
      expect(after.get('crm:2')).toBe(after.get('signups:2'));
      const [sato] = await rows(
        engine,
        `SELECT email, email_source, email_row FROM customers_golden WHERE cluster_id = ${after.get('crm:2')}`,
      );
      expect([sato!.email, sato!.email_source, Number(sato!.email_row)]).toEqual(['hanako.sato@minato.example.jp', 'crm', 2]);
      const pinnedView = await identityCustomer(engine, { clusterId: after.get('crm:2')! });
      expect(pinnedView.golden.find((value) => value.field === 'email')?.rule).toBe('pinned');
      await recluster(engine, { threshold: 0.9, sources: ['crm', 'signups'] }, quietJobContext());
      expect(Number((await rows(engine, 'SELECT count(*) AS n FROM identity_decisions'))[0]!.n)).toBe(0);
    }, 60_000);

    it('person registers (no phone or company): separate family and given names with their own term frequencies; a lone name meets its family name', async () => {
      const people = [
        'id,first_name,surname,dob,birth_place',
        '1,arthur,ceely,1834-10-14,barnsley',
        '2,arthur,ceely,1834-10-14,barnsley',
        '3,ceely,,1834-10-14,barnsley', // the surname alone, in the first-name field
        '4,archie,ceely,,barnsley',
        '5,john,smith,1850-01-01,leeds',
        '6,john,smith,1901-05-05,york',
        '7,mary,smith,1850-01-01,leeds',
        ...Array.from(
          { length: 40 },
          (_, i) =>
            `${8 + i},${['anne', 'peter', 'james', 'susan'][i % 4]},smith,${1800 + i}-02-0${1 + (i % 9)},${['hull', 'bath', 'ely', 'wells', 'ripon'][i % 5]}`,
        ),
      ].join('\n');
      await loadFile(engine, { fileName: 'register.csv', bytes: new TextEncoder().encode(people) });
      const mapping = { given_name: 'first_name', family_name: 'surname', birth_date: 'dob', city: 'birth_place' };
      const result = await identityMatch(engine, { sources: [{ name: 'register', table: 'register', mapping }] }, quietJobContext());
      expect(result.model.comparisons.map((c) => c.name)).toEqual(['family_name', 'given_name', 'birth_date', 'address']);
      expect(result.model.caps).toEqual([]);
      const given = result.trained.comparisons.find((c) => c.name === 'given_name')!;
      expect(given.levels[0]!.termFrequency).toBe('given_clean');
      const cluster = new Map(
        (await rows(engine, 'SELECT row, cluster_id FROM identity_clusters')).map((r) => [Number(r.row), Number(r.cluster_id)]),
      );
      expect(cluster.get(2)).toBe(cluster.get(1));
      expect(cluster.get(3)).toBe(cluster.get(1)); // "ceely" alone = arthur ceely (same birth date and place)
      expect(cluster.get(5)).not.toBe(cluster.get(6)); // john smith: common name, other birth date and place
      expect(cluster.get(7)).not.toBe(cluster.get(5));
      const lone = await rows(engine, `SELECT gamma_given_name, gamma_family_name FROM identity_pairs WHERE row_l = 1 AND row_r = 3`);
      expect(lone).toEqual([
        { gamma_given_name: given.levels.findIndex((l) => l.label === "the other's family name"), gamma_family_name: -1 },
      ]);
      // Smith (40+ records) weighs less than ceely as the same family name: the tf adjustment of that level.
      const family = await rows(
        engine,
        `SELECT row_l, row_r, tf_family_name FROM identity_pairs WHERE gamma_family_name = 0 AND ((row_l = 1 AND row_r = 4) OR (row_l = 5 AND row_r = 7))`,
      );
      expect(family).toHaveLength(2);
      for (const pair of result.review) {
        const sum = pair.terms.reduce((total, term) => total + term.weight + term.tfAdjustment, pair.prior);
        expect(pair.matchWeight).toBeCloseTo(pair.cappedAt === null ? sum : Math.min(sum, pair.cappedAt), 6);
      }
      const smith = result.review
        .flatMap((pair) => pair.terms)
        .filter((term) => term.comparison === 'family_name' && term.level === 'exact');
      expect(smith.some((term) => term.tfAdjustment < 0)).toBe(true);
    }, 60_000);

    it('joins clusters on group evidence: several pairs below the threshold that agree, not one among many', async () => {
      // 0–1 linked; 2 meets 0 and 1 at p = 0.8 each (weight 2, under the threshold): support 1.6, share 0.8, joins.
      // 3 meets 0 at 0.8 and 1 at 0.1: support 0.8 < 1.5, apart. 7 meets the cluster 4–5–8–9 at 0.8, 0.8, 0.2, 0.2:
      // support 1.6 but share 1.6 / 4 = 0.4 < 0.5, apart (one good match among many poor ones). 6 meets nobody.
      await engine.exec(`CREATE OR REPLACE TABLE ge_input AS SELECT 'x' AS source, range + 1 AS row, range AS unique_id FROM range(10);
        CREATE OR REPLACE TABLE ge_pairs (unique_id_l BIGINT, unique_id_r BIGINT, match_weight DOUBLE);
        INSERT INTO ge_pairs VALUES (0, 1, 8), (0, 2, 2), (1, 2, 2), (0, 3, 2), (1, 3, -3.17),
          (4, 5, 8), (5, 8, 8), (8, 9, 8), (4, 7, 2), (5, 7, 2), (7, 8, -2), (7, 9, -2);`);
      const threshold = Math.log2(0.9 / 0.1);
      await clusterRecords(engine, 'ge_input', 'ge_pairs', threshold);
      const cluster = (await rows(engine, 'SELECT unique_id, cluster_id FROM identity_clusters ORDER BY unique_id')).map((r) =>
        Number(r.cluster_id),
      );
      expect(cluster).toEqual([0, 0, 0, 3, 4, 4, 6, 7, 4, 4]);
      await clusterRecords(engine, 'ge_input', 'ge_pairs', threshold, undefined, false);
      const plain = (await rows(engine, 'SELECT unique_id, cluster_id FROM identity_clusters ORDER BY unique_id')).map((r) =>
        Number(r.cluster_id),
      );
      expect(plain).toEqual([0, 0, 2, 3, 4, 4, 6, 7, 4, 4]);
    });

    it("learns readings from the data: a kanji name without one gets its parts' readings (else IPAdic's), an unspaced 氏名 is split", async () => {
      const people = [
        // unique_id, name_key, name_romaji, family_key, given_key, family_romaji, given_romaji
        [0, '工藤 彩代', 'kudo ayayo', '工藤', '彩代', 'kudo', 'ayayo'],
        [1, '工藤 彩代', null, '工藤', '彩代', null, null],
        [2, '工藤彩代', 'kudoayayo', null, null, null, null],
        [3, '白橋明香', null, null, null, null, null],
        // No record reads 桜田 or 和彦: IPAdic's commonest readings fill them; the data's reading of 裕子 beats IPAdic's (yuko).
        [4, '桜田 和彦', null, '桜田', '和彦', null, null],
        [5, '工藤 裕子', 'kudo hiroko', '工藤', '裕子', 'kudo', 'hiroko'],
        [6, '工藤 裕子', null, '工藤', '裕子', null, null],
        // Nobody reads 奈佳 and IPAdic does not know it: the family name's reading alone, the given name left unread.
        [7, '梅本 奈佳', null, '梅本', '奈佳', null, null],
        // IPAdic does not know 今屋: the romaji record on the same rare e-mail reads it.
        [8, '今屋 直人', null, '今屋', '直人', null, null, 'imaya.naoto@example.jp'],
        [9, 'imaya nato', 'imaya nato', 'imaya', 'nato', 'imaya', 'nato', 'imaya.naoto@example.jp'],
        // IPAdic knows 千葉: a romaji record written family first (CHIBA Saka, read as given name Chiba) does not overrule it.
        [10, '千葉 沙花', null, '千葉', '沙花', null, null, 'saka.chiba@example.jp'],
        [11, 'saka chiba', 'saka chiba', 'saka', 'chiba', 'saka', 'chiba', 'saka.chiba@example.jp'],
      ];
      const v = (x: unknown) => (x === null ? 'NULL' : typeof x === 'number' ? String(x) : `'${String(x)}'`);
      await engine.exec(`CREATE OR REPLACE TABLE rd_input AS SELECT unique_id, name_key, name_key AS name_swapped, name_romaji,
        name_romaji AS name_romaji_swapped, name_romaji AS name_ascii, family_key, given_key, family_romaji, given_romaji,
        NULL::VARCHAR AS birth_date, NULL::VARCHAR AS given_prefix, NULL::VARCHAR AS family_prefix, NULL::VARCHAR AS initials_birth_year,
        ['x'] AS name_key_grams, 1 AS name_key_glen, 0 AS name_key_gextra, 1::UBIGINT AS name_key_gmask, email_canonical
        FROM (VALUES ${people.map((p) => `(${[...p, ...(p.length < 8 ? [null] : [])].map(v).join(', ')})`).join(', ')}) t(unique_id, name_key, name_romaji, family_key, given_key, family_romaji, given_romaji, email_canonical)`);
      await inferReadings(engine, 'rd_input');
      const got = await rows(
        engine,
        "SELECT name_key, family_key, given_key, name_romaji_swapped, name_ascii, given_prefix, array_to_string(list_sort(name_key_grams), '|') AS grams FROM rd_input ORDER BY unique_id",
      );
      expect(got[1]).toMatchObject({ name_key: '工藤 彩代', name_romaji_swapped: 'ayayo kudo', name_ascii: null, given_prefix: 'aya' });
      expect(got[2]).toMatchObject({
        name_key: '工藤 彩代',
        family_key: '工藤',
        given_key: '彩代',
        name_romaji_swapped: 'ayayo kudo',
        name_ascii: 'kudo ayayo',
      });
      expect(got[2]!.grams).toBe(' 彩|工藤|彩代|藤 ');
      expect(got[3]).toMatchObject({ name_key: '白橋明香', family_key: null, name_romaji_swapped: null });
      expect(got[4]).toMatchObject({ name_key: '桜田 和彦', name_romaji_swapped: 'kazuhiko sakurada', name_ascii: null });
      expect(got[6]).toMatchObject({ name_key: '工藤 裕子', name_romaji_swapped: 'hiroko kudo', name_ascii: null });
      expect(got[7]).toMatchObject({ name_key: '梅本 奈佳', name_romaji_swapped: null, name_ascii: null });
      const [partial] = await rows(engine, 'SELECT family_romaji, given_romaji FROM rd_input WHERE unique_id = 7');
      expect(partial).toEqual({ family_romaji: 'umemoto', given_romaji: null });
      const byEmail = await rows(engine, 'SELECT family_romaji FROM rd_input WHERE unique_id IN (8, 10) ORDER BY unique_id');
      expect(byEmail).toEqual([{ family_romaji: 'imaya' }, { family_romaji: 'chiba' }]);
    });

    it('learns readings for new records from the records matched before too (an attached export)', async () => {
      // The matched records know 工藤 彩代's reading; the new export alone does not.
      await engine.exec(`CREATE OR REPLACE TABLE rd_matched AS SELECT * FROM rd_input WHERE unique_id = 0;
        CREATE OR REPLACE TABLE rd_new AS SELECT * REPLACE (NULL::VARCHAR AS family_romaji, NULL::VARCHAR AS given_romaji,
          NULL::VARCHAR AS name_romaji, NULL::VARCHAR AS name_romaji_swapped, NULL::VARCHAR AS name_ascii) FROM rd_input WHERE unique_id = 1;
        CREATE OR REPLACE TABLE rd_alone AS SELECT * FROM rd_new;`);
      await inferReadings(engine, 'rd_new', 'rd_matched');
      await inferReadings(engine, 'rd_alone');
      expect((await rows(engine, 'SELECT name_romaji_swapped FROM rd_new'))[0]).toEqual({ name_romaji_swapped: 'ayayo kudo' });
      expect((await rows(engine, 'SELECT name_romaji_swapped FROM rd_alone'))[0]).toEqual({ name_romaji_swapped: null });
    });

    it('tells personal e-mail domains from work ones: free mail, or a domain naming five employers or more', async () => {
      const domains = [
        ['gmail.com', 'acme'],
        ['mail.example.net', 'a'],
        ['mail.example.net', 'b'],
        ['mail.example.net', 'c'],
        ['mail.example.net', 'd'],
        ['mail.example.net', 'e'],
        ['acme.example.jp', 'acme'],
        ['acme.example.jp', 'acme'],
        [null, 'acme'],
      ];
      await engine.exec(
        `CREATE OR REPLACE TABLE pe_input AS SELECT * FROM (VALUES ${domains.map(([d, c], i) => `(${i}, ${d ? `'${d}'` : 'NULL'}, '${c}')`).join(', ')}) t(unique_id, email_domain, company_core)`,
      );
      const comparisons = proposeModel([
        'name_key',
        'email',
        'email_domain',
        'email_canonical',
        'phone',
        'company_core',
        'address_key',
      ]).comparisons;
      const email = comparisons.find((c) => c.name === 'email')!;
      expect(email.levels.map((l) => l.label)).toEqual(['exact', 'different, personal vs work e-mail', 'different']);
      expect(comparisons.find((c) => c.name === 'phone')!.neutralWhen).toEqual(email.levels[1]);
      expect(gammaSql(comparisons.find((c) => c.name === 'phone')!)).toContain(
        `WHEN (l."email_personal" <> r."email_personal") THEN -1 WHEN TRUE THEN 1`,
      );
      await engine.exec(termFrequencySql('pe_input', [{ ...email, termFrequency: undefined }]));
      const flags = (await rows(engine, 'SELECT email_personal FROM pe_input ORDER BY unique_id')).map((r) => r.email_personal);
      expect(flags).toEqual([true, true, true, true, true, true, false, false, null]);
    });

    it('connected components equal a union-find over the same edges', async () => {
      let seed = 11;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const n = 400;
      const edges = Array.from({ length: 300 }, (): [number, number] => {
        const a = Math.floor(next() * n);
        const b = Math.floor(next() * n);
        return [Math.min(a, b), Math.max(a, b)];
      }).filter(([a, b]) => a !== b);
      await engine.exec(`CREATE OR REPLACE TABLE cc_input AS SELECT 'x' AS source, range + 1 AS row, range AS unique_id FROM range(${n});
        CREATE OR REPLACE TABLE cc_pairs (unique_id_l BIGINT, unique_id_r BIGINT, match_weight DOUBLE);
        INSERT INTO cc_pairs VALUES ${edges.map(([a, b], i) => `(${a}, ${b}, ${i % 5 === 0 ? -3 : 5})`).join(', ')};`);
      const stats = await clusterRecords(engine, 'cc_input', 'cc_pairs', 0, undefined, false);
      const parent = Array.from({ length: n }, (_, i) => i);
      const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
      edges.forEach(([a, b], i) => {
        if (i % 5 === 0) return;
        const [ra, rb] = [find(a), find(b)];
        parent[Math.max(ra, rb)] = Math.min(ra, rb);
      });
      const expected = Array.from({ length: n }, (_, i) => {
        let min = i;
        for (let j = 0; j < n; j++) if (find(j) === find(i)) min = Math.min(min, j);
        return min;
      });
      const got = await rows(engine, 'SELECT unique_id, cluster_id FROM identity_clusters ORDER BY unique_id');
      expect(got.map((r) => Number(r.cluster_id))).toEqual(expected);
      expect(stats.clusters).toBe(new Set(expected).size);
    });

    it("takes a kanji name's unread given name as spelt by the one e-mail both records have, never a given name that has a reading", async () => {
      const name = proposeModel([
        'name_key',
        'name_ascii',
        'family_romaji',
        'given_romaji',
        'email_local',
        'email_canonical',
      ]).comparisons.find((comparison) => comparison.name === 'name')!;
      const level = name.levels.find((l) => l.label === 'given name unread, spelt by the one e-mail')!;
      const side = (unread: string, given: string, local: string, email: string) =>
        `(SELECT ${unread}::BOOLEAN AS given_unread, ${given}::VARCHAR AS given_romaji, '${local}' AS email_local, '${email}' AS email_canonical)`;
      const pairs = [
        // 荒森 悠太 (悠太 unread) and Yuta Aramori with one e-mail spelling yuta.
        [side('true', 'NULL', 'yutaaramori', 'yutaaramori@gmail.com'), side('false', "'yuta'", 'yutaaramori', 'yutaaramori@gmail.com')],
        // 山田 花子, read hanako, and Taro Yamada on the family's taro.yamada@: the e-mail names the other.
        [side('NULL', "'hanako'", 'taro.yamada', 'taro.yamada@gmail.com'), side('false', "'taro'", 'taro.yamada', 'taro.yamada@gmail.com')],
        // Two e-mails, or one that does not spell the given name, or a given name too short to tell.
        [side('true', 'NULL', 'yutaaramori', 'yutaaramori@gmail.com'), side('false', "'yuta'", 'yuta.a', 'yuta.a@gmail.com')],
        [side('true', 'NULL', 'bluesky', 'bluesky@gmail.com'), side('false', "'yuta'", 'bluesky', 'bluesky@gmail.com')],
        [side('true', 'NULL', 'yuaramori', 'yuaramori@gmail.com'), side('false', "'yu'", 'yuaramori', 'yuaramori@gmail.com')],
      ];
      const result = await rows(
        engine,
        `SELECT holds FROM (${pairs.map(([l, r], k) => `SELECT ${k} AS k, coalesce(${levelSql(level)}, false) AS holds FROM ${l} l, ${r} r`).join(' UNION ALL ')}) ORDER BY k`,
      );
      expect(result.map((r) => r.holds)).toEqual([true, false, false, false, false]);
    });

    it('compares given names by their nickname tokens: Cindy and Cynthia Linthorpe, not Christopher and Christine', async () => {
      const level = proposeModel(['name_key', 'name_ascii', 'family_key', 'given_nicknames'])
        .comparisons.find((comparison) => comparison.name === 'name')!
        .levels.find((l) => l.label === 'nickname')!;
      const side = (given: string, family: string) =>
        `(SELECT ${nicknameTokens(given) === null ? 'NULL' : `'${nicknameTokens(given)}'`}::VARCHAR AS given_nicknames, '${family}' AS family_key)`;
      const pairs = [
        [side('Cindy', 'linthorpe'), side('Cynthia', 'linthorpe')],
        [side('Maggie', 'hall'), side('Peggy', 'hall')],
        [side('Christopher', 'hall'), side('Christine', 'hall')],
        [side('Bob', 'hall'), side('Robert', 'ward')],
      ];
      const result = await rows(
        engine,
        `SELECT holds FROM (${pairs.map(([l, r], k) => `SELECT ${k} AS k, coalesce(${levelSql(level)}, false) AS holds FROM ${l} l, ${r} r`).join(' UNION ALL ')}) ORDER BY k`,
      );
      expect(result.map((r) => r.holds)).toEqual([true, true, false, false]);
    });

    it('compares Japanese text by characters, not UTF-8 bytes', async () => {
      const level = levelSql({ label: 'similar', kind: 'charJaccard', column: 'v', min: 0.2 });
      const jw = levelSql({ label: 'jw', kind: 'jaroWinkler', column: 'v', min: 0.5 });
      const result = await rows(
        engine,
        `SELECT ${level} AS similar, ${jw} AS jw FROM (VALUES ('山田太郎', '山田次郎'), ('山田太郎', '川口花子')) t(a, b), LATERAL (SELECT a AS v) l, LATERAL (SELECT b AS v) r`,
      );
      expect(result.map((r) => r.similar)).toEqual([true, false]);
      // Jaro-Winkler would count shared UTF-8 lead bytes; it is not applied to non-ASCII text.
      expect(result.map((r) => r.jw)).toEqual([false, false]);
    });
  });
}

describe('identity model as data', () => {
  it('compiles blocking rules to a union with earlier rules excluded and a block-size cap', () => {
    const rules = [{ keys: ['email_canonical'] }, { keys: ['family_key', 'postal'] }];
    expect(blockHashesSql('identity_input', rules)).toMatchSnapshot();
    expect(blockSizesSql(rules)).toMatchSnapshot();
    expect(blockKeysSql(rules, [300, 12], [0, 3])).toMatchSnapshot();
    expect(candidatesSql(rules, true)).toMatchSnapshot();
    expect(windowPairsSql(rules, [0, 3], true)).toMatchSnapshot();
  });

  it('caps each blocking rule by the pairs its blocks would make, keeping the rare values', () => {
    const sizes = [
      { rule: 0, size: 2, blocks: 1000 }, // 1,000 pairs
      { rule: 0, size: 10, blocks: 100 }, // 4,500 pairs
      { rule: 0, size: 100, blocks: 10 }, // 49,500 pairs
      { rule: 1, size: 3, blocks: 10 },
    ];
    expect(ruleBlockCaps(3, sizes, 1000, 10_000)).toEqual([10, 3, 1000]);
    expect(ruleBlockCaps(3, sizes, 1000, 1_000_000)).toEqual([100, 3, 1000]);
    expect(ruleBlockCaps(3, sizes, 50, 1_000_000)).toEqual([10, 3, 50]);
    expect(ruleBlockCaps(1, sizes, 1000, 500)).toEqual([1]);
    // Over-cap blocks get sorted-neighbourhood pairs from one shared budget, first rules first.
    expect(ruleWindows(3, sizes, [10, 3, 1000], 3, 10_000)).toEqual([3, 0, 0]); // 1,000 over-cap records × 3
    expect(ruleWindows(3, sizes, [10, 1, 1000], 3, 3_500)).toEqual([3, 3, 0]); // 3,000 spent, 500 left ≥ 30 × 3
    expect(ruleWindows(2, sizes, [2, 1], 3, 1_500)).toEqual([0, 3]); // 2,000 over-cap records do not fit 1,500
    expect(ruleWindows(1, sizes, [10], 0, 1_000_000)).toEqual([0]);
  });

  it('compiles comparisons and the proposed model to stable SQL', () => {
    const model = proposeModel([
      'name_key',
      'name_swapped',
      'name_romaji',
      'name_romaji_swapped',
      'name_ascii',
      'family_key',
      'email',
      'email_canonical',
      'phone',
      'mobile',
      'postal',
      'address_key',
      'company_core',
    ]);
    expect(model.comparisons.map(gammaSql).join('\n')).toMatchSnapshot();
    expect(
      goldenSql('identity_input', 'identity_clusters', { default: 'mostRecent', fields: { name: 'mostFrequent' } }, ['crm', 'web']),
    ).toMatchSnapshot();
  });

  it('EM recovers m and the match share from patterns drawn with known parameters', () => {
    const comparisons: Comparison[] = ['a', 'b', 'c', 'd'].map((name) => ({
      name,
      nullWhenMissing: [],
      trainingSession: name !== 'd',
      levels: [
        { label: 'exact', kind: 'exact', column: name },
        { label: 'close', kind: 'levenshtein', column: name, max: 1 },
        { label: 'different', kind: 'else' },
      ],
    }));
    const mTrue = [0.85, 0.1, 0.05];
    const uTrue = [0.01, 0.04, 0.95];
    const matches = 20_000;
    const nonMatches = 80_000;
    const counts = new Map<string, number>();
    const expectedPatterns = (probabilities: number[], total: number) => {
      for (let i = 0; i < 81; i++) {
        const gammas = [i % 3, Math.floor(i / 3) % 3, Math.floor(i / 9) % 3, Math.floor(i / 27) % 3];
        const p = gammas.reduce((prod, g) => prod * probabilities[g]!, 1);
        counts.set(gammas.join(','), (counts.get(gammas.join(',')) ?? 0) + p * total);
      }
    };
    expectedPatterns(mTrue, matches);
    expectedPatterns(uTrue, nonMatches);
    const patterns: Pattern[] = [...counts].map(([key, count]) => ({
      gammas: key.split(',').map(Number),
      count,
      rare: [true, true, true, true],
    }));
    const u = estimateU(
      comparisons,
      [...Array(81).keys()].map((i) => ({
        gammas: [i % 3, Math.floor(i / 3) % 3, Math.floor(i / 9) % 3, Math.floor(i / 27) % 3],
        count:
          [0, 1, 2, 3].reduce(
            (prod, c) => prod * uTrue[[i % 3, Math.floor(i / 3) % 3, Math.floor(i / 9) % 3, Math.floor(i / 27) % 3][c]!]! * 1e6,
            1,
          ) / 1e18,
      })),
    );
    const trained = trainModel(comparisons, u, patterns, 200, 1e6, 50, 1e9);
    expect(trained.candidateMatchShare).toBeCloseTo(0.2, 2);
    for (const comparison of trained.comparisons) comparison.levels.forEach((level, k) => expect(level.m).toBeCloseTo(mTrue[k]!, 1));
    expect(matchWeightSql(trained)).toContain('CASE p."gamma_a" WHEN 0 THEN');
  });

  it('re-tunes the threshold from review labels', () => {
    const labels = [
      { matchWeight: 8, accepted: true },
      { matchWeight: 5, accepted: true },
      { matchWeight: 2, accepted: true },
      { matchWeight: 1, accepted: false },
      { matchWeight: -2, accepted: false },
    ];
    const tuned = retuneThreshold(labels, 0.99); // weight 6.6: wrongly rejects 5 and 2
    expect(Math.log2(tuned / (1 - tuned))).toBeCloseTo(1.5, 6);
    expect(retuneThreshold([], 0.9)).toBe(0.9);
    expect(retuneThreshold([{ matchWeight: 9, accepted: true }], 0.9)).toBe(0.9);
  });

  it('makes keys from messy fields', () => {
    const keys = new KeyMaker().keys(
      {
        full_name: '髙橋　一郎',
        name_reading: 'ﾀｶﾊｼ ｲﾁﾛｳ',
        email: ' Ichiro+news@Example.JP ',
        phone: '０３－３２０１－１２３４',
        company: '北物産㈱',
        postal_code: '〒060-0001',
        birth_date: '1980/4/1',
      },
      null,
    );
    expect(keys).toMatchObject({
      name_key: '高橋 一郎',
      name_romaji: 'takahashi ichiro',
      email: 'ichiro+news@example.jp',
      email_canonical: 'ichiro@example.jp',
      phone: '+81332011234',
      company_core: '北物産',
      postal: '0600001',
      birth_date: '1980-04-01',
    });
    // The prepare step writes the keys in this order (batch.ts joins the object's values).
    expect(Object.keys(keys)).toEqual(keyColumns);
    expect(dateKey('19151111')).toBe('1915-11-11');
    expect(dateKey('not a date')).toBeNull();
    expect(dateKey('1853-03-87')).toBeNull();
    // Births from the year 1000 (historical registers); a mistyped month or day stays, one character off the right date.
    expect(birthDateKey('1620-01-01')).toBe('1620-01-01');
    expect(birthDateKey('1853-03-87')).toBe('1853-03-87');
    expect(birthDateKey('1746/21/16')).toBe('1746-21-16');
    expect(birthDateKey('0001-01-01')).toBeNull();
    expect(birthDateKey('not a date')).toBeNull();
  });

  it('gives each value its distinct code-point bigrams and their 64-bit signature', () => {
    const parts = (value: string | null) => gramText(value).slice(1).split(UNIT);
    const [grams, wide, hi, lo, count, extra] = parts('ab𠮷ab');
    expect(grams!.split(GRAM)).toEqual(['ab', 'b𠮷', '𠮷a']);
    expect([wide, count]).toEqual(['true', '3']);
    expect(Number(extra)).toBe(3 - [Number(hi), Number(lo)].reduce((bits, half) => bits + half.toString(2).replace(/0/g, '').length, 0));
    expect(parts('𠮷').slice(0, 2)).toEqual(['𠮷', 'true']);
    expect(parts('x').slice(0, 2)).toEqual(['x', 'false']);
    expect(parts(null)).toEqual(['', 'false', '', '', '', '']);
  });

  it("keeps a record's Japanese mobile number apart from its office or home line, for the 'different mobile numbers' level", () => {
    const maker = new KeyMaker();
    const mobileOf = (phone: string | null, mobile: string | null) =>
      maker.keys({ full_name: '山田 太郎', phone, mobile_phone: mobile }, 'JP').mobile_number;
    expect(mobileOf('03-3201-1234', '090-1234-5678')).toBe('+819012345678');
    expect(mobileOf('080-1111-2222', null)).toBe('+818011112222');
    expect(mobileOf('03-3201-1234', null)).toBeNull();
    expect(mobileOf('+1 415 555 0100', null)).toBeNull();
    const model = proposeModel(['name_key', 'email_canonical', 'phone', 'mobile', 'mobile_number']);
    const phone = model.comparisons.find((c) => c.name === 'phone')!;
    expect(phone.levels.map((level) => level.label)).toEqual([
      'same mobile number',
      'same number',
      'different mobile numbers',
      'different',
    ]);
    // The same mobile number lifts the cap on names that differ, as one e-mail does; not a household's (one family
    // name, another given name), where a parent's mobile may stand for a child.
    const [names, household] = model.caps!;
    expect(names!.unlessExact).toContain('phone');
    expect(household!.levels).toContain('same family name');
    expect(household!.unlessExact).not.toContain('phone');
    // Without a mobile number in the data a shared line never lifts a cap: switchboards and home phones are shared.
    const lines = proposeModel(['name_key', 'email_canonical', 'phone']);
    expect(lines.comparisons.find((c) => c.name === 'phone')!.levels[0]!.label).toBe('same number');
    expect(lines.caps![0]!.unlessExact).not.toContain('phone');
  });

  it('search ranks typos, readings and full-width input', () => {
    const index = new SearchIndex([
      { id: 1, texts: ['Acme Brick Inc.'] },
      { id: 2, texts: ['Acme Global'] },
      { id: 3, texts: ['山田 太郎', 'yamada taro'] },
      { id: 4, texts: ['山本 花子', 'yamamoto hanako'] },
    ]);
    expect(index.search('Acme Brik')[0]?.id).toBe(1);
    expect(index.search('ＡＣＭＥ　ＢＲＩＣＫ')[0]?.id).toBe(1);
    expect(index.search('ヤマダ タロウ')[0]?.id).toBe(3);
    expect(index.search('yamamoto')[0]?.id).toBe(4);
    // Every bigram of "sasaki" is somewhere in Misaki Takahashi's words; only 佐々木's reading has them in order.
    const surnames = new SearchIndex([
      { id: 1, texts: ['高橋 美咲', 'takahashi misaki', 'misaki.takahashi@shiratori-shoji.example.jp'] },
      { id: 2, texts: ['山崎 太郎', 'yamazaki taro'] },
      { id: 3, texts: ['佐々木 千尋', 'ササキ チヒロ'] },
    ]);
    expect(surnames.search('sasaki')[0]?.id).toBe(3);
    expect(surnames.search('ササキ')[0]?.id).toBe(3);
    expect(surnames.search('sasaky')[0]?.id).toBe(3);
  });
});
