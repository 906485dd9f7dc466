import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../../test/unit/engines.ts';
import type { Engine } from '../../engine/engine.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { withLocalJobs } from '../../warehouse/local-jobs.ts';
import { parseNotebook } from '../../notebook/format.ts';
import { notebookReportHtml } from '../../report/notebook-report.ts';
import { loadFile } from '../../ingest/load.ts';
import { migrationFileName } from '../../migrate/files.ts';
import { migrateKind, readMigrateSpec } from './kind.ts';

describe('readMigrateSpec', () => {
  it('reads the target, the table (default the golden records), the mapping and the encoding', () => {
    expect(readMigrateSpec({ target: 'jp.generic', mapping: { 名: '', 姓: 'name' }, encoding: 'utf-8-bom' })).toEqual({
      target: 'jp.generic',
      table: 'customers_golden',
      mapping: { 名: null, 姓: 'name' },
      encoding: 'utf-8-bom',
    });
  });
  it('refuses a missing or unknown target and a mapping that is not field: column', () => {
    expect(() => readMigrateSpec({})).toThrow('Choose a target for the import file: one of salesforce.contact,');
    expect(() => readMigrateSpec({ target: 'salesforce.opportunity' })).toThrow('There is no migration target "salesforce.opportunity"');
    expect(() => readMigrateSpec({ target: 'hubspot.contact', mapping: ['email'] })).toThrow('The mapping must list target fields');
    expect(() => readMigrateSpec({ target: 'hubspot.contact', mapping: { email: 3 } })).toThrow('The mapping must list target fields');
  });
});

describe.each(engineFactories)('the migrate cell on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    await engine.exec(
      `CREATE TABLE customers_golden AS SELECT * FROM (VALUES (1, '佐藤 花子', 'hanako@example.jp', 'Sales'), (2, NULL, 'x@example.jp', NULL)) t(cluster_id, name, email, job)`,
    );
    await engine.exec(
      `CREATE TABLE identity_clusters AS SELECT * FROM (VALUES ('crm', 1, 'crm-1', 1), ('web', 1, 'web-1', 1), ('crm', 2, 'crm-2', 2)) t(source, row, unique_id, cluster_id)`,
    );
  });
  afterAll(() => engine.close());

  it('leaves the summary for the view, the problems under the cell, and the files for the downloads', async () => {
    const cell = {
      id: 'c1',
      kind: 'migrate' as const,
      name: 'sf',
      spec: { target: 'salesforce.contact', table: 'customers_golden', mapping: { Title: 'job' } },
    };
    const jobs = withLocalJobs(engine);
    const outcome = await migrateKind.execute(jobs, cell, { cells: [] });
    expect(outcome.value).toEqual({
      target: 'salesforce.contact',
      customers: 2,
      passing: 1,
      failing: 1,
      problems: [{ field: 'LastName', rule: 'required', customers: 1 }],
      records: 3,
    });
    expect(outcome.resultTable).toBe('sf_problems');
    expect(migrateKind.outputs(cell)).toEqual(['sf_rows', 'sf_problems', 'sf_trace']);
    const bytes = await jobs.runJob('migrationFile', { spec: readMigrateSpec(cell.spec), prefix: 'sf', file: 'import' });
    expect(new TextDecoder().decode(bytes)).toBe(
      'Kura_Customer_Id__c,LastName,FirstName,Email,Phone,MobilePhone,Title,AccountId,Account.Kura_Account_Id__c,MailingStreet,MailingCity,MailingState,MailingPostalCode,MailingCountry,Birthdate,Kura_Customer_Since__c\r\n1,佐藤,花子,hanako@example.jp,,,Sales,,,,,,,,,\r\n',
    );
    expect(await queryRows(engine, 'SELECT * FROM sf_trace')).toEqual([
      { external_id: '1', source: 'crm', row: 1 },
      { external_id: '1', source: 'web', row: 1 },
      { external_id: '2', source: 'crm', row: 2 },
    ]);
  });

  it("checks each contact's account link against the accounts file named by `accounts`", async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE firms_golden AS SELECT * FROM (VALUES (1, '佐藤 花子', 'さくら商事株式会社'), (2, '田中 一郎', 'みなと物流㈱'), (3, '鈴木 次郎', NULL)) t(cluster_id, name, company)`,
    );
    const jobs = withLocalJobs(engine);
    await migrateKind.execute(
      jobs,
      { id: 'a', kind: 'migrate' as const, name: 'acc', spec: { target: 'salesforce.account', table: 'firms_golden' } },
      { cells: [] },
    );
    const contacts = (accounts: string) =>
      migrateKind.execute(
        jobs,
        { id: 'c', kind: 'migrate' as const, name: 'con', spec: { target: 'salesforce.contact', table: 'firms_golden', accounts } },
        { cells: [] },
      );
    expect((await contacts('acc_rows')).value).toMatchObject({ passing: 3, failing: 0, problems: [] });
    await engine.exec(`CREATE OR REPLACE TABLE partial_accounts AS SELECT * FROM acc_rows WHERE "Name" LIKE 'さくら%'`);
    expect((await contacts('partial_accounts')).value).toMatchObject({
      passing: 2,
      failing: 1,
      problems: [{ field: 'Account.Kura_Account_Id__c', rule: 'account', customers: 1 }],
    });
    await expect(contacts('no_accounts')).rejects.toThrow('There is no table "no_accounts" to check the account links against');
    await expect(
      migrateKind.execute(
        jobs,
        {
          id: 'a',
          kind: 'migrate' as const,
          name: 'acc',
          spec: { target: 'salesforce.account', table: 'firms_golden', accounts: 'acc_rows' },
        },
        { cells: [] },
      ),
    ).rejects.toThrow('salesforce.account has no account link to check');
  });

  it('finds no difference between an import file and itself read back, phone numbers with spaces unguarded', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE odd_phones AS SELECT * FROM (VALUES (1, '佐藤 花子', '+1 065 135 5570'), (2, '田中 一郎', '+81 3 1234 5678')) t(cluster_id, name, phone)`,
    );
    const spec = { target: 'salesforce.contact', table: 'odd_phones' };
    const jobs = withLocalJobs(engine);
    await migrateKind.execute(jobs, { id: 'c4', kind: 'migrate' as const, name: 'rt', spec }, { cells: [] });
    const bytes = await jobs.runJob('migrationFile', { spec: readMigrateSpec(spec), prefix: 'rt', file: 'import' });
    expect(new TextDecoder().decode(bytes)).not.toContain("'+");
    await loadFile(engine, { fileName: 'import.csv', bytes, table: 'rt_export' });
    const outcome = await migrateKind.execute(
      jobs,
      { id: 'c4', kind: 'migrate' as const, name: 'rt', spec: { ...spec, received: 'rt_export' } },
      { cells: [] },
    );
    expect((outcome.value as { reconciliation: unknown }).reconciliation).toMatchObject({ missing: 0, extra: 0, changed: [] });
  });

  it('writes the import file as an Excel workbook when the spec says xlsx: the same header and rows, every value text', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE jp_golden AS SELECT * FROM (VALUES (7, '佐藤 花子', '03-1234-5678', '100-0001', '=HYPERLINK("x")')) t(cluster_id, name, phone, postal_code, company)`,
    );
    const spec = readMigrateSpec({ target: 'jp.generic', table: 'jp_golden', format: 'xlsx' });
    const jobs = withLocalJobs(engine);
    await migrateKind.execute(jobs, { id: 'c3', kind: 'migrate' as const, name: 'jp', spec: { ...spec } }, { cells: [] });
    const bytes = await jobs.runJob('migrationFile', { spec, prefix: 'jp', file: 'import' });
    expect(migrationFileName(spec, 'import')).toBe('import.xlsx');
    expect(migrationFileName(spec, 'trace')).toBe('trace.csv');
    const loaded = await loadFile(engine, { fileName: 'import.xlsx', bytes, table: 'jp_import' });
    expect(loaded.format).toBe('xlsx');
    const csv = new TextDecoder().decode(
      await jobs.runJob('migrationFile', { spec: { ...spec, format: 'csv', encoding: 'utf-8' }, prefix: 'jp', file: 'import' }),
    );
    expect(loaded.columns.map((c) => c.name)).toEqual(csv.split('\r\n')[0]!.split(','));
    const [row] = await queryRows(engine, 'SELECT * FROM jp_import');
    expect(row).toMatchObject({ 姓: '佐藤', 名: '花子', 電話番号: '03-1234-5678', 郵便番号: '100-0001', 会社名: '=HYPERLINK("x")' });
    expect(Object.values(row!).every((value) => value === null || typeof value === 'string')).toBe(true);
  });

  it("reconciles what was sent with the target's export named by `received`: missing, extra and changed rows, by label", async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE crm_export AS SELECT * FROM (VALUES ('1', '佐藤', '花子', 'hanako@other.example.jp', 'Sales'), ('99', '田中', '一郎', 't@example.jp', NULL)) t("Kura Customer Id", "Last Name", "First Name", "Email", "Title")`,
    );
    const cell = {
      id: 'c2',
      kind: 'migrate' as const,
      name: 'sf',
      spec: { target: 'salesforce.contact', table: 'customers_golden', mapping: { Title: 'job' }, received: 'crm_export' },
    };
    const outcome = await migrateKind.execute(withLocalJobs(engine), cell, { cells: [] });
    const { reconciliation } = outcome.value as { reconciliation: Record<string, unknown> };
    expect(reconciliation).toMatchObject({ received: 'crm_export', missing: 0, extra: 1, changed: [{ field: 'Email', rows: 1 }] });
    expect(reconciliation.notExported).toContain('MailingPostalCode');
    expect(reconciliation.notExported).not.toContain('Title');
    expect(migrateKind.outputs(cell)).toEqual(['sf_rows', 'sf_problems', 'sf_trace', 'sf_sent', 'sf_received']);

    const failing = (received: string) =>
      migrateKind.execute(withLocalJobs(engine), { ...cell, spec: { ...cell.spec, received } }, { cells: [] });
    await expect(failing('no_such_export')).rejects.toThrow(
      'There is no table "no_such_export" to compare with; load the target\'s export after the import in a source cell first.',
    );
    await engine.exec(`CREATE OR REPLACE TABLE export_without_ids AS SELECT 'x' AS "Last Name"`);
    await expect(failing('export_without_ids')).rejects.toThrow(
      'export_without_ids has no Kura_Customer_Id__c column, so its rows cannot be matched with what was sent',
    );
  });
});

describe('the migrate cell in the report', () => {
  it('shows the counts and the failing rules, in the notebook language, and no failing value', async () => {
    const notebook = (lang: string) =>
      parseNotebook(`---\nkura: 1\ntitle: m\nlang: ${lang}\n---\n\n\`\`\`migrate sf\ntarget: salesforce.contact\n\`\`\`\n`);
    const value = {
      target: 'salesforce.contact',
      customers: 1200,
      passing: 1150,
      failing: 50,
      problems: [{ field: 'Email', rule: 'email', customers: 50 }],
      records: 4300,
    };
    const html = (lang: string) => {
      const nb = notebook(lang);
      return notebookReportHtml(
        nb,
        { [nb.cells[0]!.id]: { status: 'done', value } },
        { generatedAt: '2026-01-02T03:04:05Z', version: '1.0.0' },
      );
    };
    expect(await html('en')).toContain(
      'salesforce.contact: 1,150 of 1,200 rows will be created; 50 fail the target&#39;s rules. The trace maps them to 4,300 source records.',
    );
    expect(await html('en')).toMatch(/<td>Email<\/td><td>email<\/td><td class="num">50<\/td>/);
    expect(await html('ja')).toContain('salesforce.contact: 1,200 件中 1,150 件を作成します。50 件は移行先のルールを満たしません。');
    expect(await html('en')).not.toContain('Reconciled');
  });

  it("shows the reconciliation with the target's export: counts and field names, no value", async () => {
    const nb = parseNotebook('```migrate sf\ntarget: salesforce.contact\nreceived: crm_export\n```\n');
    const value = {
      target: 'salesforce.contact',
      customers: 10,
      passing: 10,
      failing: 0,
      problems: [],
      records: 12,
      reconciliation: { received: 'crm_export', missing: 2, extra: 1, changed: [{ field: 'Email', rows: 3 }], notExported: ['Birthdate'] },
    };
    const html = await notebookReportHtml(
      nb,
      { [nb.cells[0]!.id]: { status: 'done', value } },
      { generatedAt: '2026-01-02T03:04:05Z', version: '1.0.0' },
    );
    expect(html).toContain(
      'Reconciled with crm_export, the target&#39;s export after the import: 2 sent rows are missing and 1 row was not sent.',
    );
    expect(html).toMatch(/<td>Email<\/td><td class="num">3<\/td>/);
    expect(html).toContain('Not in the export, so not compared: Birthdate.');
  });
});
