/** Survivorship on DuckDB: well-formed values first, then each rule's own order. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeEngine } from '../../engine/native.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { defaultSurvivorship, goldenSql } from './golden.ts';

const textColumns = [
  'name',
  'family_key',
  'given_key',
  'email',
  'email_display',
  'phone',
  'phone_display',
  'mobile',
  'mobile_display',
  'company',
  'postal',
  'postal_display',
  'address',
  'city',
  'region',
  'country',
  'birth_date',
  'recency',
] as const;
type Member = Partial<Record<(typeof textColumns)[number] | 'created', string>>;

/** One cluster (id 1) of these records, newest last unless they say otherwise, beside `others` (cluster 2); returns its golden record. */
async function goldenOf(
  engine: NativeEngine,
  cluster: Member[],
  survivorship = defaultSurvivorship,
  others: Member[] = [],
): Promise<Record<string, unknown>> {
  const members = [...cluster, ...others];
  const literal = (value: string | undefined) => (value === undefined ? 'NULL::VARCHAR' : `'${value.replaceAll("'", "''")}'`);
  const rows = members.map((member, index) => {
    const recency = member.recency ?? `2024-01-0${index + 1} 00:00:00`;
    return `(${index + 1}, 'crm', ${index + 1}, 3, ${textColumns.map((column) => (column === 'recency' ? literal(recency) : literal(member[column]))).join(', ')})`;
  });
  await engine.exec(
    `CREATE OR REPLACE TABLE identity_input AS SELECT * FROM (VALUES ${rows.join(', ')}) t(unique_id, source, row, completeness, ${textColumns.join(', ')})`,
  );
  if (members.some((member) => member.created)) {
    await engine.exec(`ALTER TABLE identity_input ADD COLUMN created TIMESTAMP;
      UPDATE identity_input SET created = CASE unique_id ${members.map((member, index) => `WHEN ${index + 1} THEN ${literal(member.created)}::TIMESTAMP`).join(' ')} END;`);
  }
  await engine.exec(
    `CREATE OR REPLACE TABLE identity_clusters AS SELECT unique_id, source, CASE WHEN unique_id <= ${cluster.length} THEN 1 ELSE 2 END AS cluster_id,
       CASE WHEN unique_id <= ${cluster.length} THEN 1 ELSE 2 END AS customer_id FROM identity_input`,
  );
  await engine.exec(goldenSql('identity_input', 'identity_clusters', survivorship, ['crm']));
  const [golden] = await queryRows(engine, 'SELECT * FROM customers_golden WHERE cluster_id = 1');
  return golden!;
}

describe('the golden record prefers well-formed values', () => {
  let engine: NativeEngine;
  beforeAll(async () => {
    engine = await NativeEngine.create();
  });
  afterAll(async () => engine.close());

  it("says since when the customer is one: the earliest record's creation time, with its source and row, whatever the rule", async () => {
    const golden = await goldenOf(engine, [
      { name: 'Jon Moore', created: '2021-03-04 05:06:07' },
      { name: 'Jon Moore', created: '2019-12-31 23:59:00' },
      { name: 'Jon Moore' },
    ]);
    expect(golden).toMatchObject({ customer_since: '2019-12-31 23:59:00', customer_since_source: 'crm', customer_since_row: 2 });
    // Records without a creation time (or an input table from before it was kept): no "since".
    expect(await goldenOf(engine, [{ name: 'Jon Moore' }])).toMatchObject({ customer_since: null });
  });

  it('a name whose parts are in place over one whose family and given names were swapped, even when that is more frequent', async () => {
    const swapped = { name: '隆 中島', family_key: '隆', given_key: '中島' };
    const golden = await goldenOf(
      engine,
      [{ name: '中島 隆', family_key: '中島', given_key: '隆' }, swapped, swapped],
      defaultSurvivorship,
      [
        { name: '中島 陽子', family_key: '中島', given_key: '陽子' },
        { name: '中島 智子', family_key: '中島', given_key: '智子' },
        { name: '佐藤 隆', family_key: '佐藤', given_key: '隆' },
        { name: '山田 隆', family_key: '山田', given_key: '隆' },
      ],
    );
    expect(golden).toMatchObject({ name: '中島 隆', name_row: 1 });
  });

  it('a name in "Given Family" order over the comma-swapped one, even when that is more frequent and more recent', async () => {
    const golden = await goldenOf(engine, [
      { name: 'Jon Moore', family_key: 'moore', given_key: 'jon' },
      { name: 'Moore, Jon', family_key: 'moore', given_key: 'jon' },
      { name: 'Moore, Jon', family_key: 'moore', given_key: 'jon' },
    ]);
    expect(golden).toMatchObject({ name: 'Jon Moore', name_row: 1 });
  });

  it('a person’s name without a company mark, and with both its parts, over one in capitals', async () => {
    expect(
      await goldenOf(engine, [
        { name: '山田 太郎', family_key: '山田', given_key: '太郎' },
        { name: '㈱山田 太郎', family_key: '㈱山田', given_key: '太郎' },
      ]),
    ).toMatchObject({ name: '山田 太郎' });
    expect(
      await goldenOf(engine, [
        { name: 'Jon Moore', family_key: 'moore', given_key: 'jon' },
        { name: 'JON MOORE', family_key: 'moore', given_key: 'jon' },
        { name: 'Jon', given_key: 'jon' },
      ]),
    ).toMatchObject({ name: 'Jon Moore' });
  });

  it('an e-mail that validates, a phone that parsed, a postal code of a known shape, a company’s full legal form over more recent malformed ones', async () => {
    const golden = await goldenOf(engine, [
      {
        email: 'jon@example.com',
        email_display: 'jon@example.com',
        phone: '+12025550143',
        phone_display: '202-555-0143',
        postal: '1000005',
        postal_display: '100-0005',
        company: '株式会社サクラ',
      },
      { email_display: 'jon@example', phone_display: '555-01', postal_display: 'n/a', company: '㈱サクラ' },
    ]);
    expect(golden).toMatchObject({ email: 'jon@example.com', phone: '+12025550143', postal_code: '100-0005', company: '株式会社サクラ' });
  });

  it('among equally well-formed values the rule decides: the most recent e-mail, the source priority’s order', async () => {
    const members: Member[] = [
      { email: 'old@example.com', email_display: 'old@example.com', recency: '2024-05-01 00:00:00' },
      { email: 'new@example.com', email_display: 'new@example.com', recency: '2025-05-01 00:00:00' },
    ];
    expect(await goldenOf(engine, members)).toMatchObject({ email: 'new@example.com' });
    expect(await goldenOf(engine, [members[1]!, { ...members[0]!, recency: '2026-01-01 00:00:00' }])).toMatchObject({
      email: 'old@example.com',
    });
  });
});
