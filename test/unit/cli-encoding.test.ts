/**
 * Every CSV the command line writes can be UTF-8, UTF-8 with a BOM or CP932 (`--encoding`); characters CP932 cannot
 * hold end the command with exit 1 and one sentence, never a `?` in the file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kuraBytes as kura } from './cli-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'kura-cli-encoding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shiftJis = new TextDecoder('shift_jis');

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const customers = file(
  'customers.csv',
  'id,name,company,email\n1,山田太郎,㈱カネダ,yamada@example.jp\n2,髙橋花子,ｶﾌﾞｼｷｶﾞｲｼｬ,not-an-email\n',
);
const emoji = file('emoji.csv', 'id,name,email\n1,Ann,ann@example.com\n2,Bob 😀,bad\n');

describe('kura query --encoding', () => {
  it('writes CP932 that decodes to exactly what UTF-8 writes, and a BOM on request', async () => {
    const sql = ['--sql', 'select id, name, company from customers order by id'];
    const utf8 = await kura('query', customers, ...sql);
    const cp932 = await kura('query', customers, ...sql, '--encoding', 'cp932');
    const bom = await kura('query', customers, ...sql, '--encoding', 'utf-8-bom');
    expect([utf8.code, cp932.code, bom.code, cp932.stderr]).toEqual([0, 0, 0, '']);
    expect(utf8.stdout.toString('utf8')).toBe('id,name,company\n1,山田太郎,㈱カネダ\n2,髙橋花子,ｶﾌﾞｼｷｶﾞｲｼｬ\n');
    expect(shiftJis.decode(cp932.stdout)).toBe(utf8.stdout.toString('utf8'));
    expect(cp932.stdout.length).toBeLessThan(utf8.stdout.length);
    expect([...bom.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bom.stdout.subarray(3).equals(utf8.stdout)).toBe(true);
  }, 60_000);

  it('refuses in one sentence what CP932 cannot hold (exit 1, nothing written), and an unknown encoding (exit 2)', async () => {
    const run = await kura('query', emoji, '--sql', 'select * from emoji order by id', '--encoding', 'cp932');
    expect(run.code).toBe(1);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toBe(
      'error: stdout: Shift_JIS (CP932) cannot hold 1 character(s) of this CSV, the first "😀" (U+1F600) on line 3; change those values or export as UTF-8.\n',
    );
    const wrong = await kura('query', emoji, '--sql', 'select 1', '--encoding', 'latin1');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^error: --encoding must be utf-8, utf-8-bom or cp932, not "latin1"\.\n/);
  }, 60_000);
});

describe('kura audit --encoding', () => {
  const rules = file('rules.yaml', '- kind: valid_email\n  column: email\n');

  it('writes the failing rows in CP932 (default UTF-8 with a BOM)', async () => {
    const out = join(dir, 'audit-cp932');
    const run = await kura('audit', customers, '--out', out, '--rules', rules, '--encoding', 'cp932');
    expect(run.code).toBe(1);
    const failing = readFileSync(join(out, 'failing-01-customers.email_valid_email.csv'));
    expect(shiftJis.decode(failing)).toBe('id,name,company,email\r\n2,髙橋花子,ｶﾌﾞｼｷｶﾞｲｼｬ,not-an-email\r\n');

    const byDefault = join(dir, 'audit-default');
    await kura('audit', customers, '--out', byDefault, '--rules', rules);
    expect([...readFileSync(join(byDefault, 'failing-01-customers.email_valid_email.csv')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  }, 60_000);

  it('names the failing-rows file CP932 cannot hold', async () => {
    const run = await kura('audit', emoji, '--out', join(dir, 'audit-emoji'), '--rules', rules, '--encoding', 'sjis');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: failing-01-emoji.email_valid_email.csv: Shift_JIS (CP932) cannot hold 1 character(s) of this CSV, the first "😀" (U+1F600) on line 2; change those values or export as UTF-8.\n',
    );
  }, 60_000);
});

describe('kura match --encoding', () => {
  it('writes every result file in CP932, and removes a file CP932 cannot hold', async () => {
    const people = file('people.csv', 'name,email\n山田太郎,yamada@example.jp\n山田 太郎,yamada@example.jp\n髙橋花子,hana@example.jp\n');
    const out = join(dir, 'match-cp932');
    const run = await kura('match', people, '--out', out, '--encoding', 'cp932');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const golden = shiftJis.decode(readFileSync(join(out, 'golden.csv')));
    expect(golden).toContain('髙橋花子');
    expect(shiftJis.decode(readFileSync(join(out, 'clusters.csv'))).split('\n')[0]).toBe(
      'source,row,customer_id,cluster_id,household_id,source_id',
    );

    const bad = file('bad.csv', 'name,email\nAnn 😀,ann@example.com\nBob,bob@example.com\n');
    const failed = await kura('match', bad, '--out', join(dir, 'match-emoji'), '--encoding', 'cp932');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /^error: \S+golden\.csv: Shift_JIS \(CP932\) cannot hold 1 character\(s\) of this CSV, the first "😀" \(U\+1F600\) on line 2; change those values or export as UTF-8\.\n$/,
    );
    expect(existsSync(join(dir, 'match-emoji', 'golden.csv'))).toBe(false);
  }, 90_000);
});
