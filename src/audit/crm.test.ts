import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine } from '../engine/engine.ts';
import { loadFile } from '../ingest/load.ts';
import { profileTable, type TableProfile } from './profile.ts';
import { reconcile } from './reconcile.ts';
import { queryRows } from '../engine/plain-rows.ts';
import { compileRule, runRules, suggestRules, type Rule } from './rules.ts';
import { crmDir, haveCrm } from './crm.test-helpers.ts';

if (!haveCrm)
  console.warn(`Skipping the audit tests on the shared CRM samples: ${crmDir} is absent (it lives outside the repo at ../shared/data).`);

describe.skipIf(!haveCrm).each(engineFactories)('audit of the shared CRM samples on $name', ({ create }) => {
  let engine: Engine;
  let orders: TableProfile;
  const bytes = (file: string) => new Uint8Array(readFileSync(crmDir + file));
  beforeAll(async () => {
    engine = await create();
    for (const fileName of ['orders.csv', 'salesforce_contacts.csv', 'support_tickets.csv', 'jp_contacts_cp932.csv']) {
      await loadFile(engine, { fileName, bytes: bytes(fileName) });
    }
    orders = await profileTable(engine, 'orders', { key: ['order_id'] });
  });
  afterAll(async () => {
    await engine.close();
  });
  const failingIds = async (rule: Rule, id: string) =>
    (await queryRows(engine, compileRule(rule).failingRowsSql)).map((row) => String(row[id]));

  it('profiles orders: the exact duplicate row and the duplicate keys', () => {
    expect(orders.rowCount).toBe(101);
    expect(orders.duplicateRows).toBe(1);
    expect(orders.candidateKeys).not.toContain('order_id');
    expect(orders.duplicateKeys).toEqual({ key: ['order_id'], duplicateKeys: 2, duplicateKeyRows: 4, nullKeyRows: 0 });
    const email = orders.columns.find((c) => c.name === 'customer_email')!;
    expect(email.patterns.email.rate).toBeGreaterThan(0.9);
    expect(email.patterns.email.rate).toBeLessThan(1);
    const status = orders.columns.find((c) => c.name === 'status')!;
    expect(status.values!.map((v) => v.value)).toEqual(expect.arrayContaining(['completed', 'Completed', 'refund', 'キャンセル']));
  });

  it('flags the planted order problems with rules', async () => {
    expect(await failingIds({ kind: 'valid_email', table: 'orders', column: 'customer_email' }, 'order_id')).toEqual(
      expect.arrayContaining(['ORD-00010', 'ORD-00060']),
    );
    const dates = await failingIds(
      { kind: 'range', table: 'orders', column: 'order_date', min: '2020-01-01', max: '2025-12-31' },
      'order_id',
    );
    expect(dates).toEqual(expect.arrayContaining(['ORD-00035', 'ORD-00040']));
    expect(dates).not.toContain('ORD-00015');
    expect(await failingIds({ kind: 'range', table: 'orders', column: 'amount', min: 0 }, 'order_id')).toEqual(
      expect.arrayContaining(['ORD-00020', 'ORD-00030', 'ORD-00065']),
    );
    expect(await failingIds({ kind: 'not_null', table: 'orders', column: 'amount' }, 'order_id')).toEqual(['ORD-00025']);
    expect(
      await failingIds(
        { kind: 'references', table: 'orders', column: 'sf_contact_id', refTable: 'salesforce_contacts', refColumn: 'Id' },
        'order_id',
      ),
    ).toEqual(['ORD-00055']);
    expect(await failingIds({ kind: 'unique', table: 'orders', columns: ['order_id'] }, 'order_id')).toEqual(
      expect.arrayContaining(['ORD-00042', 'ORD-00042', 'ORD-00073', 'ORD-00073']),
    );
  });

  it('flags the planted ticket problems', async () => {
    const [dangling, status] = await runRules(engine, [
      { kind: 'references', table: 'support_tickets', column: 'ContactId', refTable: 'salesforce_contacts', refColumn: 'Id' },
      { kind: 'accepted_values', table: 'support_tickets', column: 'Status', values: ['New', 'Working', 'Escalated', 'Closed'] },
    ]);
    expect(dangling!.samples.map((row) => row.ContactId)).toEqual(['003Ig00000ZZZZYQAA']);
    expect(status!.samples.map((row) => row.Status)).toEqual(['クローズ']);
  });

  it('profiles the CP932 business cards: no mojibake once decoded, Japanese postal codes and phones', async () => {
    const cards = await profileTable(engine, 'jp_contacts_cp932');
    expect(cards.columns.every((c) => c.mojibake === 0)).toBe(true);
    const column = (name: string) => cards.columns.find((c) => c.name === name)!;
    expect(column('郵便番号').patterns.postalCode.rate).toBe(1);
    expect(column('電話番号').patterns.phone.rate).toBeGreaterThan(0.9);
    expect(column('メールアドレス').patterns.email.rate).toBeGreaterThan(0.9);
    expect(suggestRules(cards)).toContainEqual({ kind: 'valid_postal_code', table: 'jp_contacts_cp932', column: '郵便番号' });
  });

  it('counts mojibake when the CP932 file is read as UTF-8', async () => {
    const garbled = new TextEncoder().encode(new TextDecoder('utf-8').decode(bytes('jp_contacts_cp932.csv')));
    await loadFile(engine, { fileName: 'garbled.csv', bytes: garbled, table: 'garbled', encoding: 'utf-8' });
    const profile = await profileTable(engine, 'garbled');
    expect(profile.rowCount).toBe(20);
    expect(profile.columns.filter((c) => c.mojibake === 20).length).toBeGreaterThanOrEqual(3);
  });

  it('reconciles orders against a migrated copy', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE orders_migrated AS
      SELECT order_id AS id, lower(trim(customer_email)) AS email, order_date, amount, status FROM orders WHERE order_id <> 'ORD-00001'`);
    const result = await reconcile(engine, {
      source: 'orders',
      target: 'orders_migrated',
      key: ['order_id'],
      columnMap: { order_id: 'id', customer_email: 'email' },
      tolerance: { ignoreCase: true, ignoreWhitespace: true },
    });
    expect(result.source.rows).toBe(101);
    expect(result.source.duplicateKeys.keys).toBe(2);
    expect(result.source.only).toMatchObject({ rows: 1, samples: [{ order_id: 'ORD-00001' }] });
    expect(result.matchedRows).toBe(101 - 4 - 1);
    expect(result.columns.map((c) => [c.source, c.mismatches])).toEqual([
      ['customer_email', 0],
      ['order_date', 0],
      ['amount', 0],
      ['status', 0],
    ]);
    expect(result.columns.find((c) => c.source === 'customer_email')!.checksum.equal).toBe(false);
  });
});
