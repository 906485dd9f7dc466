import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRowCounts, generateDemo } from '../../scripts/generate-demo.ts';
import { NativeEngine } from '../../src/engine/native.ts';
import { proposeMapping } from '../../src/ingest/mapping/propose.ts';
import { specCellKindOf } from '../../src/cells/kinds.ts';
import { withLocalJobs } from '../../src/warehouse/local-jobs.ts';
import { parseNotebook } from '../../src/notebook/format.ts';

const demoFiles = ['crm_contacts.csv', 'marketing_signups.csv', 'support_tickets_cp932.csv', 'orders.csv', 'ground_truth.csv'];

let outDir: string;
let againDir: string;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'kura-demo-'));
  againDir = mkdtempSync(join(tmpdir(), 'kura-demo-'));
  generateDemo(outDir);
  generateDemo(againDir);
});

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(againDir, { recursive: true, force: true });
});

function text(file: string): string {
  const bytes = readFileSync(join(outDir, file));
  return new TextDecoder(file.includes('cp932') ? 'shift_jis' : 'utf-8', { ignoreBOM: true }).decode(bytes);
}

/** Data rows; the generator writes no line breaks inside fields. */
function dataLines(file: string): string[] {
  return text(file)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(1, -1);
}

function headerOf(file: string): string[] {
  return text(file)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]!
    .split(',')
    .map((header) => header.replace(/^"|"$/g, ''));
}

describe('demo data generator', () => {
  it('is deterministic: two runs write identical bytes', () => {
    for (const file of demoFiles) expect(readFileSync(join(againDir, file)).equals(readFileSync(join(outDir, file))), file).toBe(true);
  });

  it('writes the promised number of rows', () => {
    for (const [table, rows] of Object.entries(demoRowCounts)) expect(dataLines(`${table}.csv`), table).toHaveLength(rows);
  });

  it('writes the support log in CP932 with CRLF, as Excel does', () => {
    const bytes = readFileSync(join(outDir, 'support_tickets_cp932.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(bytes.includes(Buffer.from([0xfb, 0xfc]))).toBe(true); // 髙 as an IBM extension code
    const decoded = text('support_tickets_cp932.csv');
    expect(decoded.split('\r\n')[0]).toBe(
      '問合せ番号,受付日時,会社名,氏名,フリガナ,電話番号,メールアドレス,件名,内容,対応状況,優先度,完了日',
    );
    for (const planted of ['㈱', '(株)', '株式会社', '髙', '﨑', '０', '－', '　', '￥']) expect(decoded, planted).toContain(planted);
    expect(decoded).not.toContain('\uFFFD');
  });

  it('writes the HubSpot sign-ups with a BOM and the others without', () => {
    expect([...readFileSync(join(outDir, 'marketing_signups.csv')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(readFileSync(join(outDir, 'crm_contacts.csv'))[0]).toBe(0x22);
  });

  it('records the person behind every contact, sign-up and ticket row', () => {
    const truth = dataLines('ground_truth.csv').map((line) => line.split(','));
    for (const source of ['crm_contacts', 'marketing_signups', 'support_tickets_cp932'] as const) {
      const rows = truth.filter(([name]) => name === source).map(([, row]) => Number(row));
      expect(rows, source).toEqual(Array.from({ length: demoRowCounts[source] }, (_, index) => index + 1));
    }
    const rowsByPerson = new Map<string, Set<string>>();
    for (const [source, , person] of truth) {
      if (person) rowsByPerson.set(person, (rowsByPerson.get(person) ?? new Set()).add(source!));
    }
    const crossSource = [...rowsByPerson.values()].filter((sources) => sources.size > 1).length;
    expect(crossSource).toBeGreaterThan(800);
    const withinCrm = truth.filter(([source, , person]) => source === 'crm_contacts' && person).map(([, , person]) => person);
    expect(withinCrm.length - new Set(withinCrm).size).toBeGreaterThan(50);
    expect(truth.filter(([, , person]) => person === '')).toHaveLength(3); // test rows, nobody
  });

  it('ground truth agrees with the rows: CRM duplicates of one person share an account', () => {
    const crm = dataLines('crm_contacts.csv').map((line) => line.slice(1, -1).split('","'));
    const truth = dataLines('ground_truth.csv')
      .map((line) => line.split(','))
      .filter(([source]) => source === 'crm_contacts');
    const accountByPerson = new Map<string, string>();
    truth.forEach(([, row, person]) => {
      if (!person) return;
      const account = crm[Number(row) - 1]![1]!;
      expect(accountByPerson.get(person) ?? account, person).toBe(account);
      accountByPerson.set(person, account);
    });
  });

  it('plants traps: namesakes and shared office phones belong to different people', () => {
    const crm = dataLines('crm_contacts.csv').map((line) => line.slice(1, -1).split('","'));
    const truth = dataLines('ground_truth.csv')
      .map((line) => line.split(','))
      .filter(([source]) => source === 'crm_contacts');
    const peopleBy = (key: (row: string[]) => string) => {
      const people = new Map<string, Set<string>>();
      crm.forEach((row, index) => {
        const person = truth[index]![2]!;
        if (person) people.set(key(row), (people.get(key(row)) ?? new Set()).add(person));
      });
      return [...people.values()].filter((set) => set.size > 1).length;
    };
    expect(peopleBy((row) => `${row[3]} ${row[4]}`)).toBeGreaterThan(20);
    expect(peopleBy((row) => row[10]!.replace(/\D/g, ''))).toBeGreaterThan(20);
  });

  it('plants order problems: negative amounts, future dates, unknown contacts', () => {
    const crmIds = new Set(dataLines('crm_contacts.csv').map((line) => line.slice(1, 19)));
    const orders = dataLines('orders.csv').map((line) => line.split(','));
    expect(orders.filter((order) => Number(order[3]) < 0)).toHaveLength(15);
    expect(orders.filter((order) => order[2]! > '2025-06-30')).toHaveLength(6);
    expect(orders.filter((order) => !crmIds.has(order[1]!))).toHaveLength(12);
    const dates = orders
      .map((order) => order[2]!)
      .filter((date) => date <= '2025-06-30')
      .sort();
    expect(dates[0]! < '2023-08-01' && dates.at(-1)! > '2025-06-01').toBe(true);
  });
});

describe('demo notebooks', () => {
  for (const notebookFile of ['demo.kura.md', 'demo.ja.kura.md']) {
    it(`${notebookFile}: every source's preset is the one Kura proposes, and every SQL and analytic cell runs`, async () => {
      const notebook = parseNotebook(readFileSync(new URL(`../../public/demo/${notebookFile}`, import.meta.url), 'utf8'));
      const engine = await NativeEngine.create();
      try {
        for (const cell of notebook.cells) {
          if (cell.kind === 'source') {
            const file = cell.spec.file.replace(/^demo\/data\//, '');
            expect(proposeMapping(headerOf(file)).preset, file).toBe(cell.spec.preset);
            // Native DuckDB has no Shift_JIS reader: hand it the decoded text.
            const utf8 = join(outDir, `${cell.name}.utf8.csv`);
            writeFileSync(utf8, text(file).replace(/^\uFEFF/, ''));
            await engine.exec(`CREATE TABLE "${cell.name}" AS SELECT * FROM read_csv('${utf8}')`);
          } else if (cell.kind === 'sql') {
            await engine.exec(`CREATE VIEW "${cell.name}" AS ${cell.sql}`);
            expect(tableFromIPC(await engine.query(`SELECT * FROM "${cell.name}"`)).numRows, cell.name).toBeGreaterThan(0);
          } else if (cell.kind !== 'markdown' && cell.kind !== 'other') {
            const kind = specCellKindOf(cell.kind);
            expect(kind, `${cell.kind} cells can run`).toBeDefined();
            const outcome = await kind!.execute(withLocalJobs(engine), cell, notebook);
            expect(outcome.value ?? outcome.resultTable, `${cell.kind} ${cell.name}`).toBeTruthy();
          }
        }
      } finally {
        await engine.close();
      }
    });
  }
});
