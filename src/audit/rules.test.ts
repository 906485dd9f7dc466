import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine } from '../engine/engine.ts';
import { profileTable } from './profile.ts';
import { compileRule, isIdLikeName, runRules, suggestRules, type Rule } from './rules.ts';
import { loadFile } from '../ingest/load.ts';

const setup = `
CREATE OR REPLACE TABLE contacts AS SELECT * FROM (VALUES
  ('C1', 'a@example.com', '03-1234-5678', '100-0005', 'active',  5,   '2024-03-01'),
  ('C2', 'b@example.com', '090 1234 5678', '1000005', 'active',  15,  '2024/03/20'),
  ('C3', 'bad@',          '12345',        '〒５３０－０００１', 'Active', -1, '2024-02-01'),
  ('C3', NULL,            NULL,           'x',        'lost',    NULL, NULL),
  ('C5', '  ',            '+81 90 1234 5678', NULL,   NULL,      100, '令和6年3月25日')
) t(id, email, phone, postal, status, score, updated);
CREATE OR REPLACE TABLE orders AS SELECT * FROM (VALUES ('O1', 'C1'), ('O2', 'C2'), ('O3', 'C9'), ('O4', NULL), ('O5', 'C8')) t(order_id, contact_id);`;

const cases: [Rule, number][] = [
  [{ kind: 'not_null', table: 'contacts', column: 'email' }, 2],
  [{ kind: 'not_null', table: 'contacts', column: 'id' }, 0],
  [{ kind: 'unique', table: 'contacts', columns: ['id'] }, 2],
  [{ kind: 'unique', table: 'contacts', columns: ['id', 'status'] }, 0],
  [{ kind: 'accepted_values', table: 'contacts', column: 'status', values: ['active', 'lost'] }, 1],
  [{ kind: 'accepted_values', table: 'contacts', column: 'status', values: ['active', 'lost'], ignoreCase: true }, 0],
  [{ kind: 'regex', table: 'contacts', column: 'id', pattern: 'C[0-9]' }, 0],
  [{ kind: 'regex', table: 'contacts', column: 'id', pattern: 'C[0-3]' }, 1],
  [{ kind: 'range', table: 'contacts', column: 'score', min: 0, max: 50 }, 2],
  [{ kind: 'range', table: 'contacts', column: 'updated', min: '2024-03-01', max: '2024-03-31' }, 1],
  [{ kind: 'valid_email', table: 'contacts', column: 'email' }, 1],
  [{ kind: 'valid_phone', table: 'contacts', column: 'phone' }, 1],
  [{ kind: 'valid_postal_code', table: 'contacts', column: 'postal' }, 1],
  [{ kind: 'references', table: 'orders', column: 'contact_id', refTable: 'contacts', refColumn: 'id' }, 2],
  [{ kind: 'freshness', table: 'contacts', column: 'updated', asOf: '2024-04-01', maxAgeDays: 7 }, 0],
  [{ kind: 'freshness', table: 'contacts', column: 'updated', asOf: '2024-04-10', maxAgeDays: 7 }, 1],
  [{ kind: 'row_count', table: 'contacts', min: 1, max: 5 }, 0],
  [{ kind: 'row_count', table: 'contacts', min: 6 }, 1],
  [{ kind: 'row_count', table: 'contacts', equalsTable: 'orders' }, 0],
  [{ kind: 'row_count', table: 'contacts', equalsTable: 'contacts' }, 0],
];

describe.each(engineFactories)('rules on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    await engine.exec(setup);
  });
  afterAll(async () => {
    await engine.close();
  });

  it.each(cases.map(([rule, failing]) => [`${rule.kind} ${JSON.stringify(rule)}`, rule, failing] as const))(
    '%s fails %i rows',
    async (_, rule, failing) => {
      const [result] = await runRules(engine, [rule]);
      expect(result!.error).toBeUndefined();
      expect(result!.failingCount).toBe(failing);
      expect(result!.passed).toBe(failing === 0);
      expect(result!.samples).toHaveLength(Math.min(failing, 5));
    },
  );

  it('returns failing rows as plain objects', async () => {
    const [unique, references, freshness] = await runRules(engine, [
      { kind: 'unique', table: 'contacts', columns: ['id'] },
      { kind: 'references', table: 'orders', column: 'contact_id', refTable: 'contacts', refColumn: 'id' },
      { kind: 'freshness', table: 'contacts', column: 'updated', asOf: '2024-04-10', maxAgeDays: 7 },
    ]);
    expect(unique!.samples.map((row) => row.id)).toEqual(['C3', 'C3']);
    expect(unique!.samples.find((row) => row.status === 'Active')).toMatchObject({ score: -1, postal: '〒５３０－０００１' });
    expect(references!.samples.map((row) => row.contact_id).sort()).toEqual(['C8', 'C9']);
    expect(freshness!.samples).toEqual([{ latest: '2024-03-25', as_of: '2024-04-10', max_age_days: 7 }]);
    expect(JSON.parse(JSON.stringify(unique))).toEqual(unique);
  });

  it('reports a rule that cannot run instead of throwing', async () => {
    const [result] = await runRules(engine, [{ kind: 'not_null', table: 'nowhere', column: 'x' }]);
    expect(result!.passed).toBe(false);
    expect(result!.error).toMatch(/nowhere/);
  });

  it('suggests rules from a profile', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE members AS SELECT 'M' || i AS id, 'm' || i || '@example.com' AS email, CASE WHEN i % 3 = 0 THEN 'gold' ELSE 'silver' END AS tier, '03-0000-' || lpad(i::VARCHAR, 4, '0') AS phone, CASE WHEN i % 2 = 0 THEN NULL ELSE i END AS note FROM range(20) r(i)`,
    );
    const rules = suggestRules(await profileTable(engine, 'members'));
    expect(rules).toEqual([
      { kind: 'not_null', table: 'members', column: 'id' },
      { kind: 'unique', table: 'members', columns: ['id'] },
      { kind: 'not_null', table: 'members', column: 'email' },
      { kind: 'unique', table: 'members', columns: ['email'] },
      { kind: 'valid_email', table: 'members', column: 'email' },
      { kind: 'not_null', table: 'members', column: 'tier' },
      { kind: 'accepted_values', table: 'members', column: 'tier', values: ['gold', 'silver'] },
      { kind: 'not_null', table: 'members', column: 'phone' },
      { kind: 'unique', table: 'members', columns: ['phone'] },
      { kind: 'valid_phone', table: 'members', column: 'phone' },
    ]);
    const results = await runRules(engine, rules);
    expect(results.every((r) => r.passed)).toBe(true);
  });

  it('suggests unique only for key-like columns, never for distinct timestamps, dates, floats or long free text', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE events AS SELECT
      i AS seq,
      TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i * 7) MINUTE AS created_at,
      DATE '2024-01-01' + i::INTEGER AS day,
      strftime(TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) HOUR, '%Y-%m-%d %H:%M') AS created_text,
      i * 1.25 + 0.5 AS score,
      'A long comment that goes on for quite a while about customer number ' || i || ' and what they said at the desk' AS note,
      'EV-' || lpad(i::VARCHAR, 5, '0') AS event_code,
      'x' || i AS label
    FROM range(30) r(i)`);
    const unique = suggestRules(await profileTable(engine, 'events')).filter((rule) => rule.kind === 'unique');
    expect(unique.map((rule) => (rule.kind === 'unique' ? rule.columns[0] : ''))).toEqual(['seq', 'event_code', 'label']);
  });
});

const demoFiles = {
  crm_contacts: 'crm_contacts.csv',
  marketing_signups: 'marketing_signups.csv',
  support_tickets: 'support_tickets_cp932.csv',
  orders: 'orders.csv',
};

describe.each(engineFactories)('suggested unique rules on the demo data on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    for (const [table, file] of Object.entries(demoFiles)) {
      await loadFile(engine, {
        fileName: file,
        bytes: new Uint8Array(readFileSync(new URL(`../../public/demo/data/${file}`, import.meta.url))),
        table,
      });
    }
  }, 60_000);
  afterAll(async () => {
    await engine.close();
  });

  it('are the id columns only, not the distinct CreatedDate and LastModifiedDate timestamps', async () => {
    const unique: string[] = [];
    for (const table of Object.keys(demoFiles)) {
      for (const rule of suggestRules(await profileTable(engine, table)))
        if (rule.kind === 'unique') unique.push(`${table}.${rule.columns.join(',')}`);
    }
    expect(unique).toEqual(['crm_contacts.Id', 'marketing_signups.Record ID', 'support_tickets.問合せ番号', 'orders.order_id']);
  });
});

describe('isIdLikeName', () => {
  it('knows id, key, No, コード and 番号 in their usual spellings', () => {
    for (const name of ['Id', 'ID', 'contact_id', 'AccountId', 'Record ID', 'key', 'Order No.', '顧客コード', '会員番号', 'ＩＤ'])
      expect(isIdLikeName(name), name).toBe(true);
    for (const name of ['CreatedDate', 'Kana', 'Notes', 'Idea', 'Monkey', 'Phone']) expect(isIdLikeName(name), name).toBe(false);
  });
});

describe('compileRule', () => {
  it('compiles references and freshness to plain SQL', () => {
    expect(
      compileRule({ kind: 'references', table: 'orders', column: 'contact_id', refTable: 'contacts', refColumn: 'id' }),
    ).toMatchSnapshot();
    expect(
      compileRule({ kind: 'freshness', table: 'orders', column: 'order_date', asOf: '2025-01-01', maxAgeDays: 30 }).failingCountSql,
    ).toMatchSnapshot();
  });
});
