import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditJson } from '../../src/cli/commands/audit.ts';
import { kura } from './cli-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'kura-cli-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function readJson(out: string): AuditJson {
  return JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as AuditJson;
}

const contacts = file('contacts.csv', 'id,email,score\nC1,a@example.com,10\nC2,bad@,20\nC3,c@example.com,30\nC4,d@example.com,1,EXTRA\n');
const migrated = file('migrated.csv', 'id,email,score\nC1,a@example.com,10\nC2,bad@,21\nC5,e@example.com,3\n');
const rulesYaml = file(
  'rules.yaml',
  '# checked on the first file when a rule names no table\n- kind: valid_email\n  column: email\n- kind: range\n  table: contacts\n  column: score\n  min: 0\n  max: 25\n',
);
const passingJson = file(
  'passing.json',
  JSON.stringify({
    rules: [
      { kind: 'not_null', column: 'id' },
      { kind: 'unique', column: 'id' },
    ],
  }),
);

describe('kura audit', () => {
  it('writes audit.json and audit.html: files, profiles, rules, reconciliation; exit 1 when a rule fails', async () => {
    const out = join(dir, 'out-fail');
    const run = await kura('audit', contacts, '--out', out, '--rules', rulesYaml, '--target', migrated, '--key', 'id', '--lang', 'en');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `2 file(s) audited, 0 of 2 rules pass, source and target differ; wrote ${join(out, 'audit.json')} and ${join(out, 'audit.html')}\n`,
    );
    const json = readJson(out);
    expect(json.files.map((f) => [f.file, f.role, f.status, f.table, f.rows, f.rejectedCount])).toEqual([
      [contacts, 'input', 'loaded', 'contacts', 3, 1],
      [migrated, 'target', 'loaded', 'migrated', 3, 0],
    ]);
    expect(json.files[0]!.rejected).toEqual([{ line: 5, reason: 'This row has 4 fields but the header has 3.' }]);
    expect(json.files[0]!.columns.map((c) => c.name)).toEqual(['id', 'email', 'score']);
    expect(json.files[0]!.columns[1]!.patterns.email).toEqual({ matches: 2, rate: 2 / 3 });
    expect(json.files[0]!.duplicateKeys).toEqual({ key: ['id'], duplicateKeys: 0, duplicateKeyRows: 0, nullKeyRows: 0 });
    expect(json.rules.map((r) => [r.rule.kind, r.rule.table, r.failingCount])).toEqual([
      ['valid_email', 'contacts', 1],
      ['range', 'contacts', 1],
    ]);
    expect(json.reconciliation!.source.only.rows).toBe(1);
    expect(json.reconciliation!.target.only.rows).toBe(1);
    expect(json.reconciliation!.columns.find((c) => c.source === 'score')!.mismatches).toBe(1);
    expect(json.summary).toEqual({ rulesPassed: 0, rulesFailed: 2, reconciled: false, passed: false });
    // failing rows exported as CSV for Excel: BOM, formula-safe
    expect(json.failingRowFiles).toEqual([
      { rule: 'contacts.email: valid_email', file: 'failing-01-contacts.email_valid_email.csv' },
      { rule: 'contacts.score: range', file: 'failing-02-contacts.score_range.csv' },
    ]);
    expect(readFileSync(join(out, json.failingRowFiles[0]!.file), 'utf8')).toBe('\uFEFFid,email,score\r\nC2,bad@,20\r\n');
    const hidden = file('hidden.csv', 'id,email\nH1,\u200B=HYPERLINK("http://x")\nH2,＠x\nH3,ok@example.com\n');
    const formulas = join(dir, 'out-formulas');
    await kura('audit', hidden, '--out', formulas, '--rules', file('email.yaml', '- kind: valid_email\n  column: email\n'));
    expect(readFileSync(join(formulas, readJson(formulas).failingRowFiles[0]!.file), 'utf8')).toBe(
      `\uFEFFid,email\r\nH1,"'\u200B=HYPERLINK(""http://x"")"\r\nH2,'＠x\r\n`,
    );
    const html = readFileSync(join(out, 'audit.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Reconciliation: contacts → migrated');
  });

  describe('reconciliation files and options', () => {
    // Hand-planted: name case changed (1) and a trailing space (3); amount 20 → 20.5 (2) and 40 → 41 (4); 7 only in the source, 8 only in the target.
    const before = file('before.csv', 'id,name,amount\n1,Ann,10\n2,Bob,20\n3,Cy,30\n4,Di,40\n5,Ed,50\n6,Flo,60\n7,Gus,70\n');
    const after = file('after.csv', 'id,name,amount\n1,ANN,10\n2,Bob,20.5\n3,"Cy ",30\n4,Di,41\n5,Ed,50\n6,Flo,60\n8,Hal,80\n');
    const lines = (out: string, name: string) =>
      readFileSync(join(out, name), 'utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');

    it('writes every mismatching cell and the rows only on one side as CSV, listed in audit.json, with the largest difference', async () => {
      const out = join(dir, 'out-reconcile');
      const run = await kura('audit', before, '--out', out, '--target', after, '--key', 'id', '--lang', 'en');
      expect(run.code, run.stderr).toBe(1);
      const json = readJson(out);
      expect(json.reconciliationFiles).toEqual([
        { listing: 'mismatches', file: 'mismatches.csv' },
        { listing: 'onlyInSource', file: 'only-in-source.csv' },
        { listing: 'onlyInTarget', file: 'only-in-target.csv' },
      ]);
      expect(lines(out, 'mismatches.csv')).toEqual([
        'id,column,source_value,target_value',
        '1,name,Ann,ANN',
        '2,amount,20,20.5',
        '3,name,Cy,Cy ',
        '4,amount,40,41.0',
      ]);
      expect(lines(out, 'only-in-source.csv')).toEqual(['id,name,amount', '7,Gus,70']);
      expect(lines(out, 'only-in-target.csv')).toEqual(['id,name,amount', '8,Hal,80']);
      expect(json.reconciliation!.columns.map((c) => [c.source, c.mismatches, c.maxDifference])).toEqual([
        ['name', 2, undefined],
        ['amount', 2, 1],
      ]);
    });

    it('maps --numeric-absolute, --numeric-relative, --ignore-case, --ignore-whitespace and --compare to the reconciliation', async () => {
      const out = join(dir, 'out-tolerant');
      const args = ['audit', before, '--out', out, '--target', after, '--key', 'id'];
      const run = await kura(...args, '--numeric-absolute', '1', '--ignore-case', '--ignore-whitespace');
      expect(run.code, run.stderr).toBe(1); // rows 7 and 8 still differ
      const json = readJson(out);
      expect(json.reconciliation!.spec.tolerance).toEqual({ numericAbsolute: 1, ignoreCase: true, ignoreWhitespace: true });
      expect(json.reconciliation!.columns.map((c) => c.mismatches)).toEqual([0, 0]);
      expect(json.reconciliationFiles.map((f) => f.file)).toEqual(['only-in-source.csv', 'only-in-target.csv']);
      expect(existsSync(join(out, 'mismatches.csv'))).toBe(false);

      const relative = join(dir, 'out-relative');
      await kura(
        'audit',
        before,
        '--out',
        relative,
        '--target',
        after,
        '--key',
        'id',
        '--numeric-relative',
        '0.03',
        '--compare',
        'amount',
        '--nfkc',
      );
      const r = readJson(relative).reconciliation!;
      expect(r.spec.tolerance).toEqual({ numericRelative: 0.03, nfkc: true });
      expect(r.columns.map((c) => [c.source, c.mismatches])).toEqual([['amount', 0]]);
    });

    it('refuses a tolerance that is not a number or is negative with one sentence (exit 2)', async () => {
      // a negative number is given as --flag=-0.1 (after a space it reads as another option)
      for (const [flag, value] of [
        ['--numeric-absolute', 'abc'],
        ['--numeric-relative', '-0.1'],
      ] as const) {
        const run = await kura('audit', before, '--out', join(dir, 'out-bad'), '--target', after, '--key', 'id', `${flag}=${value}`);
        expect(run.code).toBe(2);
        expect(run.stderr.split('\n')[0]).toBe(`error: ${flag} must be a number, at least 0, not "${value}".`);
      }
      const alone = await kura('audit', before, '--out', join(dir, 'out-bad'), '--ignore-case');
      expect(alone.code).toBe(2);
      expect(alone.stderr.split('\n')[0]).toBe(
        'error: --compare and the tolerance options apply to a reconciliation: give --target and --key too.',
      );
    });
  });

  it('exits 0 when every rule passes (JSON rules in an audit-cell body), report in Japanese', async () => {
    const out = join(dir, 'out-pass');
    const run = await kura('audit', contacts, '--out', out, '--rules', passingJson, '--lang', 'ja');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readJson(out).summary).toEqual({ rulesPassed: 2, rulesFailed: 0, reconciled: null, passed: true });
    expect(readFileSync(join(out, 'audit.html'), 'utf8')).toContain('<h1>データ品質監査</h1>');
  });

  it('refuses unreadable files one line each on stderr, audits the rest, exits 2', async () => {
    const png = file('picture.csv', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const missing = join(dir, 'missing.csv');
    const out = join(dir, 'out-refused');
    const run = await kura('audit', contacts, png, missing, '--out', out, '--rules', passingJson);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: ${png}: This file is a PNG picture, not a table; choose a CSV, TSV, Excel, Parquet or JSON file.\nerror: ${missing}: There is no such file.\n`,
    );
    const json = readJson(out);
    expect(json.files.map((f) => [f.status, f.reason ?? null, f.rows])).toEqual([
      ['loaded', null, 3],
      ['refused', 'This file is a PNG picture, not a table; choose a CSV, TSV, Excel, Parquet or JSON file.', 0],
      ['refused', 'There is no such file.', 0],
    ]);
    expect(json.summary.passed).toBe(true);
  });

  it('refuses a second file that would load as the same table', async () => {
    const copy = file('Contacts.CSV', 'id\n1\n');
    const out = join(dir, 'out-same');
    const run = await kura('audit', contacts, copy, '--out', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${copy}: This file would load as table contacts, like ${contacts}; rename one of them.\n`);
  });

  it.each([
    [['--out', 'x'], /^error: audit needs at least one FILE\.\n\nUsage: kura/],
    [[contacts], /^error: audit needs --out DIR \(where audit\.json and audit\.html go\)\.\n\nUsage: kura/],
    [[contacts, '--out', 'x', '--target', contacts], /^error: --target and --key go together: give both or neither\.\n\nUsage/],
    [[contacts, '--out', 'x', '--lang', 'fr'], /^error: --lang must be ja or en, not "fr"\.\n/],
  ])('refuses bad arguments %j with exit 2', async (args, message) => {
    const run = await kura('audit', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('refuses a broken rules file with one sentence naming it, no stack trace', async () => {
    const badKind = file('bad-kind.yaml', '- kind: not_nul\n  column: id\n');
    const badYaml = file('bad.yaml', 'rules: [ {kind: not_null\n');
    for (const [rules, message] of [
      [
        badKind,
        `error: ${badKind}: Rule 1 has kind "not_nul", which is not one of: not_null, unique, accepted_values, regex, range, valid_email, valid_phone, valid_postal_code, references, freshness, row_count.\n`,
      ],
      [join(dir, 'none.yaml'), `error: ${join(dir, 'none.yaml')}: There is no such file.\n`],
    ]) {
      const run = await kura('audit', contacts, '--out', join(dir, 'out-bad'), '--rules', rules!);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(message);
    }
    const run = await kura('audit', contacts, '--out', join(dir, 'out-bad'), '--rules', badYaml);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `^error: ${badYaml.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: The rules file is neither valid YAML nor JSON \\([^\\n]*\\)\\.\\n$`,
      ),
    );
    expect(existsSync(join(dir, 'out-bad', 'audit.json'))).toBe(false);
  });

  it('refuses an --out that cannot be written with one sentence', async () => {
    const blocker = file('not-a-folder', 'x');
    const run = await kura('audit', contacts, '--out', join(blocker, 'out'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${join(blocker, 'out')}: Kura cannot write the audit there (ENOTDIR); choose another --out folder.\n`);
  });

  it('says so when the --key column is missing instead of calling the files different (exit 2)', async () => {
    const out = join(dir, 'out-bad-key');
    const run = await kura('audit', contacts, '--out', out, '--target', migrated, '--key', 'nope');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: --key nope: ${contacts} has no column "nope"; give the key columns as the file names them.\nerror: --key nope: ${migrated} has no column "nope"; give the key columns as the file names them.\n`,
    );
    expect(run.stdout).toContain('reconciliation not run');
    const json = readJson(out);
    expect(json.reconciliation).toBeNull();
    expect(json.files.map((f) => f.status)).toEqual(['loaded', 'loaded']);
  });

  it('reports a rule on a missing column as an error in the result, not a crash', async () => {
    const rules = file('missing-column.yaml', '- kind: not_null\n  column: nope\n');
    const out = join(dir, 'out-missing-column');
    const run = await kura('audit', contacts, '--out', out, '--rules', rules);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const [result] = readJson(out).rules;
    expect(result!.passed).toBe(false);
    expect(result!.error).toBeTruthy();
  });
});
