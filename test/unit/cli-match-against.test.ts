/** `kura match NEW --against PREV`: this week's export attached to an earlier run's customers, through the real command line. */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNotebook } from '../../src/cli/commands/run.ts';
import { earlierCustomerIdsSql } from '../../src/identity/cluster/customer-ids.ts';
import { NativeEngine } from '../../src/engine/native.ts';
import { queryRows } from '../../src/engine/plain-rows.ts';
import { parseNotebook } from '../../src/notebook/format.ts';
import { useNotebookSchema } from '../../src/notebook/namespace.ts';
import { writeBundle } from '../../src/report/bundle.ts';
import { withLocalJobs } from '../../src/warehouse/local-jobs.ts';
import { kura } from './cli-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'kura-match-against-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const crm = join(dir, 'crm.csv');
writeFileSync(
  crm,
  [
    'Id,LastName,FirstName,LastNameKana__c,FirstNameKana__c,Email,Phone,MailingPostalCode,MailingStreet',
    '003A,山田,太郎,ヤマダ,タロウ,taro.yamada@sakura.example.jp,03-3201-1234,100-0005,丸の内1丁目1番1号',
    '003B,佐藤,花子,サトウ,ハナコ,hanako.sato@minato.example.jp,03-5412-7788,105-0011,芝公園4-2-8',
    '003C,佐藤,花子,サトウ,ハナコ,hanako.sato@niigata.example.jp,025-240-1020,950-0088,万代1-1-1',
    '003D,鈴木,一郎,スズキ,イチロウ,ichiro.suzuki@kita.example.jp,011-222-3333,060-0001,北1条西2丁目',
  ].join('\n'),
);
const support = join(dir, 'support.csv');
writeFileSync(
  support,
  ['氏名,フリガナ,電話番号,メールアドレス', '山田 太郎,ヤマダ タロウ,03-3201-1234,taro.yamada@sakura.example.jp'].join('\n'),
);
const week1 = join(dir, 'week1.csv');
writeFileSync(
  week1,
  [
    'Record ID,First Name,Last Name,Email,Phone Number',
    'W1,Hanako,Sato,hanako.sato+news@minato.example.jp,0354127788',
    'W2,Jiro,Tanaka,jiro.tanaka@example.com,090-1234-5678',
    'W3,Jiro,Tanaka,jiro.tanaka@example.com,09012345678',
    'W4,Ichiro,Suzuki,ichiro.suzuki@kita.example.jp,011-222-3333',
  ].join('\n'),
);
const week2 = join(dir, 'week2.csv');
writeFileSync(
  week2,
  ['Record ID,First Name,Last Name,Email,Phone Number', 'V1,Jiro,Tanaka,jiro.tanaka@example.com,090-1234-5678'].join('\n'),
);

const csv = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','));

describe('kura match --against', () => {
  it("lists every new record with its existing or new customer id, decision and probability, and the next week attaches to this week's customers", async () => {
    const prev = join(dir, 'prev');
    const first = await kura('match', crm, support, '--out', prev);
    expect(first.code).toBe(0);
    const earlier = new Map(
      csv(join(prev, 'clusters.csv'))
        .slice(1)
        .map(([source, row, id]) => [`${source}:${row}`, Number(id)]),
    );

    const out = join(dir, 'week1-out');
    const run = await kura('match', week1, '--against', prev, '--out', out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^4 new records from 1 file against 5 matched records: 2 attached to 2 existing customers, 0 for review \(match probability 0\.5–0\.9\), 2 new; 1 new customers, in \d+\.\d s; wrote .*clusters\.csv, pairs\.csv, golden\.csv\n$/,
    );
    const rows = csv(join(out, 'clusters.csv'));
    expect(rows[0]).toEqual(['source', 'row', 'customer_id', 'decision', 'match_probability', 'candidate_customer_id', 'source_id']);
    const byRow = new Map(rows.slice(1).map((row) => [row[1], row]));
    expect([...byRow.keys()]).toEqual(['1', '2', '3', '4']);
    expect(Number(byRow.get('1')![2])).toBe(earlier.get('crm:2'));
    expect(byRow.get('1')![3]).toBe('attached');
    expect(Number(byRow.get('1')![4])).toBeGreaterThanOrEqual(0.9);
    expect(Number(byRow.get('4')![2])).toBe(earlier.get('crm:4'));
    // The two records of the new person are one new customer, with an id no earlier customer had.
    const tanaka = Number(byRow.get('2')![2]);
    expect(byRow.get('3')![2]).toBe(String(tanaka));
    expect(byRow.get('2')![3]).toBe('new');
    expect(new Set(earlier.values()).has(tanaka)).toBe(false);
    expect(tanaka).toBeGreaterThan(Math.max(...earlier.values()));
    expect(byRow.get('1')![6]).toBe('W1');
    const golden = csv(join(out, 'golden.csv'));
    expect(golden.length - 1).toBe(new Set([...earlier.values(), tanaka]).size);

    const next = await kura('match', week2, '--against', out, '--out', join(dir, 'week2-out'));
    expect(next.code).toBe(0);
    const again = csv(join(dir, 'week2-out', 'clusters.csv'));
    expect(again[1]!.slice(0, 4)).toEqual(['week2', '1', String(tanaka), 'attached']);

    // The prepared records sit in one Parquet file beside the state; a run into the same folder leaves only its own.
    const inputFiles = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.parquet'));
    expect(inputFiles(out)).toHaveLength(1);
    const before = inputFiles(out)[0];
    const inPlace = await kura('match', week2, '--against', out, '--out', out);
    expect(inPlace.code).toBe(0);
    expect(inputFiles(out)).toHaveLength(1);
    expect(inputFiles(out)[0]).not.toBe(before);
  }, 120_000);

  it('reads a state written before the prepared records went to Parquet (the records inside the DuckDB file)', async () => {
    const prev = join(dir, 'prev');
    const old = join(dir, 'old-state');
    mkdirSync(old, { recursive: true });
    copyFileSync(join(prev, 'match-state.duckdb'), join(old, 'match-state.duckdb'));
    const [inputFile] = readdirSync(prev).filter((name) => name.endsWith('.parquet'));
    const engine = await NativeEngine.create();
    try {
      await engine.exec(`ATTACH '${join(old, 'match-state.duckdb')}' AS state;
        CREATE TABLE state.identity_input AS SELECT * FROM read_parquet('${join(prev, inputFile!)}');
        DROP TABLE state.identity_input_file; DETACH state;`);
    } finally {
      await engine.close();
    }
    const run = await kura('match', week1, '--against', old, '--out', join(dir, 'old-out'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^4 new records from 1 file against 5 matched records: 2 attached/);
  }, 120_000);

  it('refuses bad input with one error line', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const none = await kura('match', week1, '--against', empty, '--out', join(dir, 'x'));
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toEqual([
      `error: ${empty}: --against needs a share bundle (.kura) or the --out folder of an earlier kura match, with its match-state.duckdb; there is none.`,
    ]);
    const bad = join(dir, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'match-state.duckdb'), 'not a database');
    const garbage = await kura('match', week1, '--against', bad, '--out', join(dir, 'x'));
    expect(garbage.code).toBe(2);
    expect(garbage.stderr.split('\n')[0]).toMatch(/^error: .*match-state\.duckdb: This is not a match state Kura can read/);
    const lost = join(dir, 'lost');
    mkdirSync(lost, { recursive: true });
    copyFileSync(join(dir, 'prev', 'match-state.duckdb'), join(lost, 'match-state.duckdb'));
    const withoutRecords = await kura('match', week1, '--against', lost, '--out', join(dir, 'x'));
    expect(withoutRecords.code).toBe(2);
    expect(withoutRecords.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^error: .*match-state\.duckdb: The prepared records it names \(match-state-input-[a-z0-9]+\.parquet\) are not beside it; run kura match again\.$/,
      ),
    ]);

    const both = await kura('match', week1, '--against', join(dir, 'prev'), '--previous', join(dir, 'prev'), '--out', join(dir, 'x'));
    expect(both.code).toBe(2);
    expect(both.stderr.split('\n')[0]).toBe('error: --against cannot be combined with --previous.');
    const review = await kura('match', week1, '--against', join(dir, 'prev'), '--review', '0.95', '--out', join(dir, 'x'));
    expect(review.code).toBe(2);
    expect(review.stderr.split('\n')[0]).toBe('error: --review must be a probability above 0 and not above the threshold, e.g. 0.5.');

    const same = await kura('match', crm, '--against', join(dir, 'prev'), '--out', join(dir, 'x'));
    expect(same.code).toBe(1);
    expect(same.stderr.trim().split('\n')).toEqual([
      'error: Source "crm" is already among the matched customers; give the new export another name.',
    ]);
  }, 120_000);
});

describe('kura match --against a share bundle', () => {
  const sources = ['```source crm', 'file: crm.csv', '```', '', '```source support', 'file: support.csv', '```'];
  const notebookText = (cells: string[]) => ['---', 'kura: 1', 'title: Customers', 'id: shared', '---', '', ...cells, ''].join('\n');
  const matched = notebookText([...sources, '', '```match customers', 'sources: [crm, support]', 'threshold: 0.9', '```']);
  const shared = join(dir, 'shared.kura');

  it("runs the bundle's match with its lasting ids and gives the new records the customer ids the sender sees", async () => {
    // The sender's run, with the ids of a clustering before it (41–44), so the ids are the bundle's and not a fresh count.
    const engine = await NativeEngine.create();
    const sender = new Map<string, number>();
    try {
      const notebook = parseNotebook(matched);
      await useNotebookSchema(engine, notebook.header);
      await engine.exec(
        earlierCustomerIdsSql(
          `SELECT 'crm' AS source, '003' || chr(64 + i::INTEGER) AS source_id, i AS row, 40 + i AS customer_id FROM range(1, 5) t(i)`,
        ),
      );
      const run = await runNotebook({ engine: withLocalJobs(engine), notebook, dataDir: dir, rowLimit: 5, warn: async () => {} });
      expect(run.failures).toEqual([]);
      for (const row of await queryRows(engine, 'SELECT source, row, customer_id FROM identity_clusters'))
        sender.set(`${row.source}:${row.row}`, Number(row.customer_id));
      writeFileSync(shared, await writeBundle(engine, matched, { createdAt: new Date().toISOString(), kuraVersion: 'test' }));
    } finally {
      await engine.close();
    }
    expect([1, 2, 3, 4].map((row) => sender.get(`crm:${row}`))).toEqual([41, 42, 43, 44]);
    expect(sender.get('support:1')).toBe(41);

    const out = join(dir, 'bundle-week1-out');
    const run = await kura('match', week1, '--against', shared, '--out', out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^4 new records from 1 file against 5 matched records: 2 attached to 2 existing customers, 0 for review/);
    const byRow = new Map(
      csv(join(out, 'clusters.csv'))
        .slice(1)
        .map((row) => [row[1], row]),
    );
    expect(byRow.get('1')!.slice(2, 4)).toEqual([String(sender.get('crm:2')), 'attached']);
    expect(byRow.get('4')!.slice(2, 4)).toEqual([String(sender.get('crm:4')), 'attached']);
    expect(byRow.get('2')!.slice(2, 4)).toEqual(['45', 'new']);
    expect(byRow.get('3')![2]).toBe('45');

    // The folder written is an earlier run like any other: next week attaches to it.
    const next = await kura('match', week2, '--against', out, '--out', join(dir, 'bundle-week2-out'));
    expect(next.code).toBe(0);
    expect(csv(join(dir, 'bundle-week2-out', 'clusters.csv'))[1]!.slice(0, 4)).toEqual(['week2', '1', '45', 'attached']);
  }, 120_000);

  it('refuses a bundle without a match cell, one that cannot be opened, a masked one and a new file named like its source', async () => {
    const sourcesOnly = join(dir, 'sources-only.kura.md');
    writeFileSync(sourcesOnly, notebookText(sources));
    const noMatch = join(dir, 'sources-only.kura');
    expect((await kura('run', sourcesOnly, '--data', dir, '--bundle', noMatch)).code).toBe(0);
    const none = await kura('match', week1, '--against', noMatch, '--out', join(dir, 'x'));
    expect(none).toMatchObject({
      code: 2,
      stderr: `error: ${noMatch}: This bundle's notebook has no match cell, so it has no customers to attach to.\n`,
    });

    const broken = join(dir, 'broken.kura');
    writeFileSync(broken, 'not a bundle');
    const unreadable = await kura('match', week1, '--against', broken, '--out', join(dir, 'x'));
    expect(unreadable).toMatchObject({ code: 2, stderr: `error: ${broken}: This file is not a Kura bundle: it is not a zip file.\n` });

    const matchedPath = join(dir, 'matched.kura.md');
    writeFileSync(matchedPath, matched);
    const masked = join(dir, 'masked.kura');
    expect((await kura('run', matchedPath, '--data', dir, '--bundle', masked, '--mask', 'hash')).code).toBe(0);
    const refused = await kura('match', week1, '--against', masked, '--out', join(dir, 'x'));
    expect(refused).toMatchObject({
      code: 2,
      stderr: `error: ${masked}: This bundle was shared with its personal columns masked, which cannot be matched; it must be shared without masking to attach to it.\n`,
    });

    expect(existsSync(shared), 'the bundle from the test above').toBe(true);
    const same = await kura('match', crm, '--against', shared, '--out', join(dir, 'x'));
    expect(same).toMatchObject({
      code: 1,
      stderr: 'error: Source "crm" is already among the matched customers; give the new export another name.\n',
    });
  }, 120_000);
});
