/** `kura match NEW --against PREV`: this week's export attached to an earlier run's customers, through the real command line. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
  }, 120_000);

  it('refuses bad input with one error line', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const none = await kura('match', week1, '--against', empty, '--out', join(dir, 'x'));
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toEqual([
      `error: ${empty}: --against needs the --out folder of an earlier kura match, with its match-state.duckdb; there is none.`,
    ]);
    const bad = join(dir, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'match-state.duckdb'), 'not a database');
    const garbage = await kura('match', week1, '--against', bad, '--out', join(dir, 'x'));
    expect(garbage.code).toBe(2);
    expect(garbage.stderr.split('\n')[0]).toMatch(/^error: .*match-state\.duckdb: This is not a match state Kura can read/);

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
