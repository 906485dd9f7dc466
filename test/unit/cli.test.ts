import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kura, cp932 } from './cli-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'kura-cli-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** `text` as a regular expression that matches it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const customers = file('Customers 2024.csv', 'id,name,city\n1,Alice,"Tokyo, Japan"\n2,"Bob ""B"" Smith",Osaka\n3,Carol,\n');
const orders = file('orders.csv', 'customer_id,amount,ordered_on\n1,100,2024-01-05\n1,50,2024-02-01\n2,75,2024-03-10\n');

describe('kura query', () => {
  it('prints CSV with RFC 4180 quoting, the table named after the file', async () => {
    const run = await kura('query', customers, '--sql', 'select * from customers_2024 order by id');
    expect(run).toEqual({
      code: 0,
      stdout: 'id,name,city\n1,Alice,"Tokyo, Japan"\n2,"Bob ""B"" Smith",Osaka\n3,Carol,\n',
      stderr: '',
    });
  });

  it('prints CSV through the one CSV writer: text that starts like a formula gets a quote, numbers do not', async () => {
    const run = await kura(
      'query',
      '--sql',
      `select * from (values (1, -5, '=HYPERLINK("http://x","y")'), (2, 3, '\u200B＠SUM(A1)'), (3, 0, ' －1')) v(id, n, note) order by id`,
    );
    expect(run).toEqual({
      code: 0,
      stdout: `id,n,note\n1,-5,"'=HYPERLINK(""http://x"",""y"")"\n2,3,'\u200B＠SUM(A1)\n3,0,' －1\n`,
      stderr: '',
    });
  });

  it('prints JSON: an array of objects, BIGINT as a number when exact, dates ISO', async () => {
    const run = await kura(
      'query',
      orders,
      '--format',
      'json',
      '--sql',
      'select customer_id, sum(amount)::bigint as total, max(ordered_on) as last_order, 9007199254740993::bigint as too_big from orders group by all order by 1',
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([
      { customer_id: 1, total: 150, last_order: '2024-02-01', too_big: '9007199254740993' },
      { customer_id: 2, total: 75, last_order: '2024-03-10', too_big: '9007199254740993' },
    ]);
  });

  it('joins two files', async () => {
    const run = await kura(
      'query',
      customers,
      orders,
      '--sql',
      'select c.name, sum(o.amount) as spent from customers_2024 c join orders o on o.customer_id = c.id group by all order by spent desc',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('name,spent\nAlice,150\n"Bob ""B"" Smith",75\n');
  });

  it('reads a Shift_JIS (CP932) file and prints correct Japanese', async () => {
    const text = '顧客番号,氏名,会社\r\n1,山田太郎,㈱カネダ\r\n2,髙橋花子,株式会社ソニー\r\n';
    const path = file('customers_sjis.csv', cp932(text));
    const run = await kura('query', path, '--sql', 'select * from customers_sjis order by 1');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('顧客番号,氏名,会社\n1,山田太郎,㈱カネダ\n2,髙橋花子,株式会社ソニー\n');
  });

  it('names a missing file in one error line and exits 2', async () => {
    const missing = join(dir, 'missing.csv');
    const run = await kura('query', missing, '--sql', 'select 1');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`error: ${missing}: There is no such file.\n`);
  });

  it('refuses a PNG renamed .csv with one error line and exit 2', async () => {
    const png = file(
      'picture.csv',
      Uint8Array.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
      ]),
    );
    const run = await kura('query', png, '--sql', 'select * from picture');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^error: ${literal(png)}: [^\\n]+\\n$`));
  });

  it('reports bad SQL as one plain sentence and exits 1, without a stack trace', async () => {
    const run = await kura('query', customers, '--sql', 'selec * from customers_2024');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: [A-Z][^\n]*\.\n$/);
    expect(run.stderr).not.toMatch(/\bat \S+:\d+/);
  });

  it('warns about rejected rows on stderr and still prints the result', async () => {
    const ragged = file('ragged.csv', 'a,b\n1,2\n3,4,5,6\n7,8\n');
    const run = await kura('query', ragged, '--sql', 'select count(*) as n from ragged');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('n\n2\n');
    expect(run.stderr).toMatch(new RegExp(`^warning: ${literal(ragged)}: 1 row rejected \\(first: line 3: [^\\n]+\\)\\n$`));
  });
});

describe('kura command line', () => {
  it('prints usage for --help', async () => {
    const run = await kura('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: kura <command>/);
  });

  it('prints usage and exits 2 for an unknown command', async () => {
    const run = await kura('frobnicate');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: There is no command "frobnicate"\.\n\nUsage: kura/);
  });

  it('prints usage and exits 2 for an unknown flag', async () => {
    const run = await kura('query', customers, '--sql', 'select 1', '--bogus');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: Unknown option '--bogus'\.\n\nUsage: kura/);
  });

  it('says how to write an option value that starts with a dash', async () => {
    const run = await kura('query', customers, '--sql', '-1');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --sql needs a value; a value that starts with a dash is written --sql=-VALUE\.\n\nUsage: kura/);
  });
});
