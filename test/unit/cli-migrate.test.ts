/** `kura migrate` through the real command line: match, map to the target, check its rules, write three files. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kura, writeCp932File } from './cli-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'kura-migrate-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const crm = join(dir, 'crm.csv');
writeFileSync(
  crm,
  [
    'Id,LastName,FirstName,Email,Phone,MailingPostalCode,MailingStreet',
    '003A,山田,太郎,taro.yamada@sakura.example.jp,03-3201-1234,100-0005,丸の内1-1-1',
    '003B,佐藤,花子,hanako.sato@minato.example.jp,03-5412-7788,105-0011,芝公園4-2-8',
    '003C,,,=cmd|calc,,,',
  ].join('\n'),
);
const support = join(dir, 'support.csv');
const supportText = [
  '氏名,電話番号,メールアドレス,郵便番号',
  '山田　太郎,０３－３２０１－１２３４,taro.yamada@sakura.example.jp,〒100-0005',
  '鈴木　一郎,03-5412-7700,ichiro@minato.example.jp,105-0011',
].join('\r\n');
writeCp932File(support, supportText);

describe('kura migrate', () => {
  it('writes the Salesforce Contact import file, the problems and the trace, and exits 1 when a customer fails', async () => {
    const out = join(dir, 'sf');
    const run = await kura('migrate', crm, support, '--target', 'salesforce.contact', '--out', out);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      `5 records from 2 files → 4 customers; salesforce.contact: 3 rows to import, 1 failing (LastName required 1, Email email 1); wrote ${out}/import.csv, trace.csv, problems.csv\n`,
    );
    expect(run.code).toBe(1);

    const lines = readFileSync(join(out, 'import.csv'), 'utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Kura_Customer_Id__c,LastName,FirstName,Email,Phone,MobilePhone,Title,AccountId,Account.Kura_Account_Id__c,MailingStreet,MailingCity,MailingState,MailingPostalCode,MailingCountry,Birthdate,Kura_Customer_Since__c',
    );
    expect(lines.filter((line) => line.includes(',山田,太郎,taro.yamada@sakura.example.jp,+81332011234,'))).toHaveLength(1);
    expect(lines.some((line) => line.includes(',鈴木,一郎,ichiro@minato.example.jp,'))).toBe(true);
    expect(lines.filter(Boolean)).toHaveLength(4);

    const problems = readFileSync(join(out, 'problems.csv'), 'utf8').split('\r\n').filter(Boolean);
    expect(problems[0]).toBe('\uFEFFexternal_id,field,rule,value');
    // The formula-like e-mail is listed, guarded, not run by a spreadsheet.
    expect(problems.slice(1).map((line) => line.split(',').slice(1).join(','))).toEqual(['LastName,required,', "Email,email,'=cmd|calc"]);

    const trace = readFileSync(join(out, 'trace.csv'), 'utf8')
      .split('\r\n')
      .filter(Boolean)
      .slice(1)
      .map((line) => line.split(','));
    expect(trace.map(([, source, row]) => `${source}:${row}`).sort()).toEqual(['crm:1', 'crm:2', 'crm:3', 'support:1', 'support:2']);
    const idOf = (source: string, row: string) => trace.find((r) => r[1] === source && r[2] === row)![0];
    expect(idOf('crm', '1')).toBe(idOf('support', '1')); // one customer, one external id
    expect(idOf('crm', '1')).not.toBe(idOf('crm', '2'));
  });

  it('reconciles the target export after the import (--received) and names the lost row and the changed field', async () => {
    const out = join(dir, 'sf');
    const sent = readFileSync(join(out, 'import.csv'), 'utf8')
      .split('\r\n')
      .filter(Boolean)
      .map((line) => line.split(','));
    const [, ...rows] = sent;
    // Salesforce's export: labels for headers, its own Id first, the first customer lost, the second's last name cut.
    const header = ['Contact ID', 'Kura Customer Id', 'Last Name', 'First Name', 'Email', 'Phone', 'Mailing Zip/Postal Code'];
    const exported = rows
      .slice(1)
      .map((row, index) => [`003X${index}`, row[0], index === 0 ? row[1]!.slice(0, 1) : row[1], row[2], row[3], row[4], row[12]]);
    const exportFile = join(dir, 'sf-export.csv');
    writeFileSync(exportFile, [header, ...exported].map((row) => row.join(',')).join('\n'));
    const run = await kura('migrate', crm, support, '--target', 'salesforce.contact', '--out', join(dir, 'sf2'), '--received', exportFile);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[1]).toBe(
      `Reconciled with ${exportFile}: 1 sent row missing, 0 rows not sent, changed values: LastName 1 (not in the export, not compared: MobilePhone, Title, AccountId, Account.Kura_Account_Id__c, MailingStreet, MailingCity, MailingState, MailingCountry, Birthdate, Kura_Customer_Since__c)`,
    );
  });

  it('writes the import file as an Excel workbook with --format xlsx, and refuses another format with exit 2', async () => {
    const out = join(dir, 'xlsx');
    const run = await kura('migrate', crm, support, '--target', 'jp.generic', '--format', 'xlsx', '--out', out);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`; wrote ${out}/import\\.xlsx, trace\\.csv, problems\\.csv\\n$`));
    const workbook = readFileSync(join(out, 'import.xlsx'));
    expect(workbook.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(existsSync(join(out, 'import.csv'))).toBe(false);
    const query = await kura('query', join(out, 'import.xlsx'), '--sql', 'select 姓, 名, 電話番号 from import order by 電話番号');
    expect(query.stdout).toBe('姓,名,電話番号\n山田,太郎,0332011234\n鈴木,一郎,0354127700\n佐藤,花子,0354127788\n');

    const bad = await kura('migrate', crm, '--target', 'jp.generic', '--format', 'pdf', '--out', join(dir, 'pdf'));
    expect([bad.code, bad.stderr]).toEqual([2, 'error: The import file\'s format must be csv or xlsx, not "pdf".\n']);
  });

  it("checks the contacts' account links against an accounts import file (--accounts)", async () => {
    const firms = join(dir, 'firms.csv');
    writeFileSync(
      firms,
      [
        'LastName,FirstName,Email,Account.Name',
        '山田,太郎,taro@sakura.example.jp,さくら商事株式会社',
        '佐藤,花子,hanako@minato.example.jp,みなと物流㈱',
      ].join('\n'),
    );
    const accounts = join(dir, 'accounts');
    expect((await kura('migrate', firms, '--target', 'salesforce.account', '--out', accounts)).code).toBe(0);
    const linked = await kura(
      'migrate',
      firms,
      '--target',
      'salesforce.contact',
      '--accounts',
      join(accounts, 'import.csv'),
      '--out',
      join(dir, 'linked'),
    );
    expect([linked.code, linked.stderr]).toEqual([0, '']);

    const [header, sakura] = readFileSync(join(accounts, 'import.csv'), 'utf8').split('\r\n');
    const partial = join(dir, 'partial-accounts.csv');
    writeFileSync(partial, [header, sakura].join('\r\n'));
    const out = join(dir, 'unlinked');
    const unlinked = await kura('migrate', firms, '--target', 'salesforce.contact', '--accounts', partial, '--out', out);
    expect(unlinked.code).toBe(1);
    expect(unlinked.stdout).toContain('1 row to import, 1 failing (Account.Kura_Account_Id__c account 1)');
    expect(readFileSync(join(out, 'problems.csv'), 'utf8')).toMatch(/,Account\.Kura_Account_Id__c,account,KA-[0-9A-F]{12}\r\n/);
  });

  it('refuses an unknown target and a mapping to a missing column with one error line and exit 2', async () => {
    const unknown = await kura('migrate', crm, '--target', 'dynamics.contact', '--out', join(dir, 'x'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'error: There is no migration target "dynamics.contact"; choose one of salesforce.contact, salesforce.account, salesforce.lead, hubspot.contact, hubspot.company, jp.generic.\n',
    );

    const fields = join(dir, 'fields.json');
    writeFileSync(fields, JSON.stringify({ Title: 'job_title' }));
    const missing = await kura('migrate', crm, '--target', 'salesforce.contact', '--out', join(dir, 'y'), '--fields', fields);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^error: Title is mapped to "job_title", which is not a column of customers_golden \(nor one of name\.family, name\.given, email\.domain, company\.account_id\)\.\n$/,
    );
    expect(existsSync(join(dir, 'y', 'import.csv'))).toBe(false);
  });
});
