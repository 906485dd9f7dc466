import { tableFromIPC } from 'apache-arrow';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine } from '../engine/engine.ts';
import { loadFile } from '../ingest/load.ts';
import { withLocalJobs } from '../warehouse/local-jobs.ts';
import { bundleTablesPresent, openBundle, readBundle, sha256Hex, writeBundle, type BundleManifest } from './bundle.ts';
import { customerIdsTable } from '../identity/cluster/customer-ids.ts';
import { rawZip, type RawEntry, type RawRecord } from '../../test/unit/raw-zip.ts';

const notebookText = `---
kura: 1
title: Shared
---

\`\`\`source contacts
file: contacts.csv
preset: salesforce.contact
\`\`\`

\`\`\`source orders
file: orders.csv
\`\`\`

\`\`\`sql totals
select c.Email, sum(o.amount) as total from contacts c join orders o on o.email = c.Email group by all order by all
\`\`\`
`;

const contactsCsv = `Id,LastName,FirstName,Email,Phone,MailingCity,CreatedDate
1,山田,太郎,taro@example.jp,090-1234-5678,新宿区,2024-01-02T03:04:05.000Z
2,Smith,Ann,ann@example.com,03-1111-2222,London,2024-02-03T04:05:06.000Z
3,鈴木,,,,"大阪市",
`;
const ordersCsv = `order_id,email,amount,ordered_on
10,taro@example.jp,1200.5,2024-03-01
11,taro@example.jp,300,2024-03-05
12,ann@example.com,99.99,2024-04-01
`;

const options = { createdAt: '2026-01-02T03:04:05.000Z', kuraVersion: '0.1.0' };

async function loadSources(engine: Engine): Promise<void> {
  await loadFile(engine, { fileName: 'contacts.csv', bytes: strToU8(contactsCsv), table: 'contacts' });
  await loadFile(engine, { fileName: 'orders.csv', bytes: strToU8(ordersCsv), table: 'orders' });
}

async function rows(engine: Engine, sql: string): Promise<unknown[]> {
  return tableFromIPC(await engine.query(sql))
    .toArray()
    .map((row) => JSON.parse(JSON.stringify(row.toJSON(), (_, value: unknown) => (typeof value === 'bigint' ? Number(value) : value))));
}

function rezip(bytes: Uint8Array, change: (entries: Record<string, Uint8Array>) => void): Uint8Array {
  const entries = unzipSync(bytes);
  change(entries);
  return zipSync(entries);
}

/** Changes a bundle the way a forger would: the manifest's sizes and checksums rewritten to match. */
async function forge(
  bytes: Uint8Array,
  change: (entries: Record<string, Uint8Array>, manifest: BundleManifest) => void,
): Promise<Uint8Array> {
  const entries = unzipSync(bytes);
  const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as BundleManifest;
  change(entries, manifest);
  for (const file of manifest.files) {
    const content = entries[file.path];
    if (content) Object.assign(file, { bytes: content.length, sha256: await sha256Hex(content) });
  }
  entries['manifest.json'] = strToU8(JSON.stringify(manifest));
  return zipSync(entries);
}

/** A bundle's files as records of a hand-made zip, manifest first. */
function recordsOf(bytes: Uint8Array): RawRecord[] {
  return Object.entries(unzipSync(bytes)).map(([name, content]) => ({ name, content }));
}

describe.each(engineFactories)('share bundle written on $name', ({ create }) => {
  let engine: Engine;
  let bundle: Uint8Array;
  beforeAll(async () => {
    engine = await create();
    await loadSources(engine);
    bundle = await writeBundle(engine, notebookText, options);
  });
  afterAll(() => engine.close());

  it('holds the notebook as written, each source table as Parquet, and a manifest with checksums and row counts', async () => {
    const entries = unzipSync(bundle);
    expect(Object.keys(entries).sort()).toEqual(['manifest.json', 'notebook.kura.md', 'tables/contacts.parquet', 'tables/orders.parquet']);
    expect(strFromU8(entries['notebook.kura.md']!)).toBe(notebookText);
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as BundleManifest;
    expect(manifest).toMatchObject({
      kind: 'kura-bundle',
      formatVersion: 1,
      createdAt: options.createdAt,
      kura: '0.1.0',
      notebook: 'notebook.kura.md',
    });
    expect(manifest.tables.map(({ name, rows: count, columns }) => ({ name, count, columns: columns.length }))).toEqual([
      { name: 'contacts', count: 3, columns: 7 },
      { name: 'orders', count: 3, columns: 4 },
    ]);
    for (const file of manifest.files) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', entries[file.path]! as Uint8Array<ArrayBuffer>));
      expect(file.sha256).toBe(Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join(''));
    }
  });

  it.each(engineFactories.map((factory) => factory.name))('opens on %s with the same tables and the same query result', async (target) => {
    const other = await engineFactories.find((factory) => factory.name === target)!.create();
    try {
      const opened = await openBundle(other, bundle);
      expect(opened.notebookText).toBe(notebookText);
      for (const table of ['contacts', 'orders']) {
        expect(await rows(other, `select * from ${table} order by all`)).toEqual(await rows(engine, `select * from ${table} order by all`));
      }
      const totals = 'select c.Email, sum(o.amount) as total from contacts c join orders o on o.email = c.Email group by all order by all';
      expect(await rows(other, totals)).toEqual([
        { Email: 'ann@example.com', total: 99.99 },
        { Email: 'taro@example.jp', total: 1500.5 },
      ]);
      expect(await rows(other, 'select typeof(CreatedDate) as t, typeof(ordered_on) as d from contacts, orders limit 1')).toEqual(
        await rows(engine, 'select typeof(CreatedDate) as t, typeof(ordered_on) as d from contacts, orders limit 1'),
      );
    } finally {
      await other.close();
    }
  });

  it('masks the mapped personal columns before they are written, keeping joins when hashed', async () => {
    const masked = await readBundle(await writeBundle(engine, notebookText, { ...options, masking: { mode: 'mask' } }));
    expect(masked.manifest.tables[0]!.masked!.map((column) => column.column)).toEqual(['LastName', 'FirstName', 'Email', 'Phone']);
    const other = await create();
    try {
      await openBundle(other, await writeBundle(engine, notebookText, { ...options, masking: { mode: 'mask' } }));
      expect(await rows(other, 'select LastName, FirstName, Email, Phone, MailingCity from contacts order by Id')).toEqual([
        { LastName: '山***', FirstName: '太***', Email: 't***@example.jp', Phone: '090-****-5678', MailingCity: '新宿区' },
        { LastName: 'S***', FirstName: 'A***', Email: 'a***@example.com', Phone: '03-****-2222', MailingCity: 'London' },
        { LastName: '鈴***', FirstName: null, Email: null, Phone: null, MailingCity: '大阪市' },
      ]);
      await openBundle(
        other,
        await writeBundle(engine, notebookText, { ...options, masking: { mode: 'hash', columns: { orders: { email: 'email' } } } }),
      );
      const joined = await rows(
        other,
        'select sum(o.amount) as total, min(length(c.Email)) as len from contacts c join orders o on o.email = c.Email',
      );
      expect(joined).toEqual([{ total: 1600.49, len: 32 }]);
      expect(await rows(other, "select count(*) as n from contacts where Email like '%@%'")).toEqual([{ n: 0 }]);
    } finally {
      await other.close();
    }
  });

  it('refuses a bundle that was changed, is incomplete or is not a bundle, in one sentence', async () => {
    const flipped = rezip(bundle, (entries) => {
      const bytes = entries['tables/orders.parquet']!.slice();
      bytes[bytes.length >> 1]! ^= 0xff;
      entries['tables/orders.parquet'] = bytes;
    });
    await expect(readBundle(flipped)).rejects.toThrow(
      'The bundle was changed after it was made: tables/orders.parquet does not match its checksum; ask for the bundle again.',
    );
    const edited = rezip(bundle, (entries) => (entries['notebook.kura.md'] = strToU8(notebookText.replace('sum(', 'max('))));
    await expect(readBundle(edited)).rejects.toThrow('notebook.kura.md does not match its checksum');
    const missing = rezip(bundle, (entries) => delete entries['tables/contacts.parquet']);
    await expect(readBundle(missing)).rejects.toThrow(
      'The bundle is incomplete: tables/contacts.parquet is missing; ask for the bundle again.',
    );
    const extra = rezip(bundle, (entries) => (entries['tables/extra.parquet'] = strToU8('x')));
    await expect(readBundle(extra)).rejects.toThrow('The bundle holds a file its manifest does not list (tables/extra.parquet)');
    const noManifest = rezip(bundle, (entries) => delete entries['manifest.json']);
    await expect(readBundle(noManifest)).rejects.toThrow('This file is not a Kura bundle: it has no manifest.json.');
    await expect(readBundle(strToU8(notebookText))).rejects.toThrow('This file is not a Kura bundle: it is not a zip file.');
    const bomb = zipSync({ ...unzipSync(bundle), 'tables/zeros.parquet': [new Uint8Array(20_000_000), { level: 9 }] });
    expect(bomb.length).toBeLessThan(bundle.length + 100_000);
    await expect(readBundle(bomb)).rejects.toThrow(
      'This bundle would unpack to far more than it holds (tables/zeros.parquet), so Kura does not open it; ask for the bundle again.',
    );
    await expect(readBundle(bundle.slice(0, bundle.length - 200))).rejects.toThrow(/not a zip file|incomplete|checksum/);
    const newer = rezip(bundle, (entries) => {
      const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as BundleManifest;
      entries['manifest.json'] = strToU8(JSON.stringify({ ...manifest, formatVersion: 2 }));
    });
    await expect(readBundle(newer)).rejects.toThrow('This bundle was made by a newer Kura (format 2); update Kura to open it.');
    const fresh = await create();
    try {
      await expect(openBundle(fresh, flipped)).rejects.toMatchObject({ kind: 'bundle' });
      expect(await rows(fresh, "select count(*) as n from information_schema.tables where table_name in ('contacts', 'orders')")).toEqual([
        { n: 0 },
      ]);
    } finally {
      await fresh.close();
    }
  });

  it('refuses to bundle a notebook whose source is not loaded', async () => {
    await expect(writeBundle(engine, notebookText.replace('source orders', 'source returns'), options)).rejects.toThrow(
      'The table of source cell "returns" is not loaded; run the notebook (or load its file) before sharing it.',
    );
  });

  it('runs as the worker jobs writeShareBundle and openShareBundle, and stops when cancelled', async () => {
    const jobs = withLocalJobs(engine);
    const bytes = await jobs.runJob('writeShareBundle', { notebookText, ...options });
    const other = await create();
    try {
      // A notebook made before ids is given the one the page chose, and its tables go into that notebook's schema.
      const notebookId = 'shared1';
      const opened = await withLocalJobs(other).runJob('openShareBundle', { bytes, replaceTables: false, notebookId });
      if (!('manifest' in opened)) throw new Error('an engine without these tables was asked to replace them');
      expect(opened.notebookText).toBe(notebookText.replace('title: Shared\n', 'title: Shared\nid: shared1\n'));
      expect(opened.manifest.tables.map((table) => table.name)).toEqual(['contacts', 'orders']);
      expect(await rows(other, 'select count(*) as n from notebook_shared1.orders')).toEqual([{ n: 3 }]);
      expect(await rows(other, 'select current_schema() as s')).toEqual([{ s: 'main' }]);
      // Opened again where the tables now exist: named, nothing replaced, until the caller says so.
      await other.exec('DELETE FROM notebook_shared1.orders WHERE true');
      expect(await withLocalJobs(other).runJob('openShareBundle', { bytes, replaceTables: false, notebookId })).toEqual({
        tablesPresent: ['contacts', 'orders'],
      });
      expect(await rows(other, 'select count(*) as n from notebook_shared1.orders')).toEqual([{ n: 0 }]);
      expect(await withLocalJobs(other).runJob('openShareBundle', { bytes, replaceTables: true, notebookId })).toHaveProperty('manifest');
      expect(await rows(other, 'select count(*) as n from notebook_shared1.orders')).toEqual([{ n: 3 }]);
    } finally {
      await other.close();
    }
    const controller = new AbortController();
    controller.abort();
    await expect(writeBundle(engine, notebookText, { ...options, signal: controller.signal })).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('verifies every table before touching any: a wrong row count or an unreadable table changes nothing here', async () => {
    const wrongRows = rezip(bundle, (entries) => {
      const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as BundleManifest;
      manifest.tables[1]!.rows = 4;
      entries['manifest.json'] = strToU8(JSON.stringify(manifest));
    });
    const unreadable = await forge(bundle, (entries) => (entries['tables/orders.parquet'] = strToU8('not parquet at all')));
    const other = await create();
    try {
      await other.exec(`CREATE TABLE contacts AS SELECT 'mine' AS v; CREATE TABLE orders AS SELECT 42 AS n`);
      const unchanged = async () => {
        expect(await rows(other, 'select * from contacts')).toEqual([{ v: 'mine' }]);
        expect(await rows(other, 'select * from orders')).toEqual([{ n: 42 }]);
        expect(await rows(other, 'select table_name from information_schema.tables order by all')).toEqual([
          { table_name: 'contacts' },
          { table_name: 'orders' },
        ]);
      };
      const rowCount = 'The table orders in the bundle has 3 rows, not the 4 its manifest says; ask for the bundle again.';
      await expect(openBundle(other, wrongRows)).rejects.toThrow(rowCount);
      await unchanged();
      await expect(
        withLocalJobs(other).runJob('openShareBundle', { bytes: wrongRows, replaceTables: true, notebookId: 'main' }),
      ).rejects.toThrow(rowCount);
      await unchanged();
      await expect(readBundle(wrongRows)).rejects.toThrow(rowCount);
      const cannotRead = 'The table orders in the bundle cannot be read (tables/orders.parquet); ask for the bundle again.';
      await expect(openBundle(other, unreadable)).rejects.toThrow(cannotRead);
      await unchanged();
      // Cancelled once the first table is in: that table does not replace ours either.
      let checks = 0;
      const cancelledLater = {
        get aborted() {
          return ++checks > 1;
        },
      } as AbortSignal;
      await expect(openBundle(other, bundle, cancelledLater)).rejects.toMatchObject({ kind: 'cancelled' });
      await unchanged();
    } finally {
      await other.close();
    }
  });

  it('carries the customer ids a match gave, so the notebook run from the bundle gives its customers the same ids', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE ${customerIdsTable} AS SELECT * FROM (VALUES ('contacts' || chr(31) || 'row:1', 7)) t(record_key, customer_id);
      CREATE OR REPLACE TABLE identity_customer_next_id AS SELECT 9 AS next_id;`);
    const withIds = await writeBundle(engine, notebookText, options);
    await engine.exec(`DROP TABLE ${customerIdsTable}; DROP TABLE identity_customer_next_id`);
    const other = await engineFactories[0]!.create();
    try {
      await other.exec(`CREATE TABLE ${customerIdsTable} AS SELECT 'elsewhere' AS record_key, 1 AS customer_id`);
      const bundle = await readBundle(withIds);
      expect(bundle.manifest.tables.map((table) => table.name)).toEqual([
        'contacts',
        'orders',
        customerIdsTable,
        'identity_customer_next_id',
      ]);
      // The ids are not the user's tables: opening does not ask to replace them.
      expect(await bundleTablesPresent(other, bundle)).toEqual([]);
      await openBundle(other, withIds);
      expect(await rows(other, `select customer_id from ${customerIdsTable}`)).toEqual([{ customer_id: 7 }]);
      expect(await rows(other, 'select next_id from identity_customer_next_id')).toEqual([{ next_id: 9 }]);
    } finally {
      await other.close();
    }
  });

  it('replaces a view of a table’s name, as it would a table', async () => {
    const other = await create();
    try {
      await other.exec(`CREATE TABLE contacts AS SELECT 'mine' AS v; CREATE VIEW Orders AS SELECT 42 AS n`);
      await openBundle(other, bundle);
      expect(await rows(other, 'select count(*) as n from orders')).toEqual([{ n: 3 }]);
      expect(await rows(other, 'select table_name, table_type from information_schema.tables order by all')).toEqual([
        { table_name: 'contacts', table_type: 'BASE TABLE' },
        { table_name: 'orders', table_type: 'BASE TABLE' },
      ]);
    } finally {
      await other.close();
    }
  });

  it('keeps a hostile table name a name, in SQL and in the zip', async () => {
    const name = 'a"b;--drop';
    const text = `\`\`\`source ${name}\nfile: x.csv\n\`\`\`\n`;
    await loadFile(engine, { fileName: 'x.csv', bytes: strToU8('v\n1\n2\n'), table: name });
    const bytes = await writeBundle(engine, text, options);
    expect(Object.keys(unzipSync(bytes)).sort()).toEqual(['manifest.json', 'notebook.kura.md', 'tables/a_b_--drop.parquet']);
    const other = await create();
    try {
      await openBundle(other, bytes);
      expect(await rows(other, `select sum(v)::INTEGER as s from "a""b;--drop"`)).toEqual([{ s: 3 }]);
    } finally {
      await other.close();
    }
  });
});

describe('a hostile bundle is refused from its zip directory, before anything is inflated', () => {
  let bundle: Uint8Array;
  beforeAll(async () => {
    const engine = await engineFactories[0]!.create();
    try {
      await loadSources(engine);
      bundle = await writeBundle(engine, notebookText, options);
    } finally {
      await engine.close();
    }
  });

  /** The bundle plus `count` directory entries of just under 1 MB each, all pointing at one broken deflate stream. */
  function padded(count: number, manifest?: (manifest: BundleManifest, pads: string[]) => void): Uint8Array {
    const records = recordsOf(bundle);
    const pads = Array.from({ length: count }, (_, index) => `tables/pad${index}.parquet`);
    if (manifest) {
      const index = records.findIndex((record) => record.name === 'manifest.json');
      const parsed = JSON.parse(strFromU8(records[index]!.content)) as BundleManifest;
      manifest(parsed, pads);
      records[index] = { name: 'manifest.json', content: strToU8(JSON.stringify(parsed)) };
    }
    // Inflating this record would fail ("not a zip"), so a refusal that names sizes proves nothing was inflated.
    records.push({ name: 'pad', content: new Uint8Array(999_999), raw: new Uint8Array([0xff, 0xff, 0xff, 0xff]) });
    const entries: RawEntry[] = records.slice(0, -1).map((record, index) => ({ name: record.name, record: index }));
    for (const name of pads) entries.push({ name, record: records.length - 1 });
    return rawZip(records, entries);
  }

  it('refuses entries that would unpack to more than a browser tab holds, listed in the manifest or not', async () => {
    const tooLarge = 'This bundle would unpack to more than 2 GB, more than Kura can hold, so it was not opened; ask for a smaller bundle.';
    await expect(readBundle(padded(2_200))).rejects.toThrow(tooLarge);
    await expect(readBundle(padded(4_200))).rejects.toThrow(tooLarge);
    const listed = padded(2_200, (manifest, pads) =>
      manifest.files.push(...pads.map((path) => ({ path, sha256: '0'.repeat(64), bytes: 999_999 }))),
    );
    await expect(readBundle(listed)).rejects.toThrow(tooLarge);
  });

  it('refuses entries its manifest does not list, and more entries than any bundle has, without inflating them', async () => {
    await expect(readBundle(padded(10))).rejects.toThrow(
      'The bundle holds a file its manifest does not list (tables/pad0.parquet), so it was changed after it was made; ask for the bundle again.',
    );
    const many = rawZip(
      [{ name: 'x', content: new Uint8Array(0), stored: true }],
      Array.from({ length: 20_000 }, (_, index) => ({ name: `f${index}`, record: 0 })),
    );
    await expect(readBundle(many)).rejects.toThrow(
      'This bundle holds more than 10000 files, far more than a Kura bundle has, so it was not opened; ask for the bundle again.',
    );
  });

  it('refuses a name that appears twice, whichever copy is the true one', async () => {
    const records = recordsOf(bundle);
    const hostile = { name: 'notebook.kura.md', content: strToU8('# not what was sent\n') };
    const directory = (list: RawRecord[]) => list.map((record, index) => ({ name: record.name, record: index }));
    const duplicate = 'The bundle holds notebook.kura.md twice, so it was changed after it was made; ask for the bundle again.';
    await expect(readBundle(rawZip([hostile, ...records], directory([hostile, ...records])))).rejects.toThrow(duplicate);
    await expect(readBundle(rawZip([...records, hostile], directory([...records, hostile])))).rejects.toThrow(duplicate);
    const twice = rawZip(records, [
      ...directory(records),
      { name: 'notebook.kura.md', record: records.findIndex((record) => record.name === 'notebook.kura.md') },
    ]);
    await expect(readBundle(twice)).rejects.toThrow(duplicate);
  });

  it('inflates no entry past the size it declares', async () => {
    const records = recordsOf(bundle);
    const index = records.findIndex((record) => record.name === 'notebook.kura.md');
    const entries = records.map((record, at) => ({ name: record.name, record: at, ...(at === index ? { originalSize: 10 } : {}) }));
    await expect(readBundle(rawZip(records, entries))).rejects.toThrow('notebook.kura.md does not match its checksum');
  });

  it('still opens the bundle as written', async () => {
    expect((await readBundle(rawZip(recordsOf(bundle)))).notebookText).toBe(notebookText);
  });
});
