import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quoteIdent } from '../engine/sql.ts';
import type { SourceCell } from '../document/model.ts';
import { NotebookDocument } from './document.svelte.ts';
import { SourceStore } from './sources.svelte.ts';
import { nativeWarehouse } from './native-warehouse.test-support.ts';

const contacts = readFileSync(join(import.meta.dirname, '../../test/fixtures/migrate/salesforce.contact.csv'));
const contactRows = contacts.toString('utf8').trim().split('\n').length - 1;

const text = `---
kura: 1
title: Sources
---

\`\`\`source contacts
file: contacts.csv
\`\`\`

\`\`\`source demo_contacts
file: demo/contacts.csv
\`\`\`
`;

describe('SourceStore', () => {
  let appFolder: string;
  let warehouse: Awaited<ReturnType<typeof nativeWarehouse>>;
  let document: NotebookDocument;
  let sources: SourceStore;
  /** The cell as a run has it: a copy of the notebook's. */
  const copy = (index: number) => JSON.parse(JSON.stringify(document.cells[index]!)) as SourceCell;
  const ready = (cell: SourceCell, loadMissing = true) => warehouse.call((engine) => sources.readySource(cell, engine, loadMissing));
  const rowsIn = async (table: string) =>
    Number(
      tableFromIPC(await warehouse.call((engine) => engine.query(`select count(*)::INTEGER as n from ${quoteIdent(table)}`)))
        .getChildAt(0)
        ?.get(0),
    );

  beforeEach(async () => {
    appFolder = mkdtempSync(join(tmpdir(), 'kura-sources-'));
    mkdirSync(join(appFolder, 'demo'));
    writeFileSync(join(appFolder, 'demo/contacts.csv'), contacts);
    warehouse = await nativeWarehouse(appFolder);
    document = new NotebookDocument();
    document.open(text);
    sources = new SourceStore(document);
  });
  afterEach(async () => {
    await warehouse.close();
    rmSync(appFolder, { recursive: true, force: true });
  });

  it('loads the file the user chose, and writes its name and recognised preset into the notebook and the run', async () => {
    const cell = copy(0);
    const file = new File([contacts], 'salesforce_export.csv');
    sources.choose(cell.id, file);
    const readiness = await ready(cell);
    expect(readiness).not.toBe('unavailable');
    expect(readiness !== 'unavailable' && readiness.load?.rows).toBe(contactRows);
    expect(await rowsIn('contacts')).toBe(contactRows);
    for (const spec of [cell.spec, (document.cells[0] as SourceCell).spec]) {
      expect(spec.file).toBe('salesforce_export.csv');
      expect(spec.preset).toBe('salesforce.contact');
    }
    expect(sources.lastFile(cell.id)).toBe(file);
  });

  it('reads the table already there, and says when there is none and nothing to load it from', async () => {
    const cell = copy(0);
    expect(await ready(cell)).toBe('unavailable');
    await warehouse.call((engine) => engine.exec('create table contacts as select 1 as id'));
    expect(await ready(cell)).toEqual({});
    expect(cell.spec.preset).toBeUndefined();
  });

  it("loads the app's own file (the demo) only when missing sources are to be loaded", async () => {
    const cell = copy(1);
    expect(await ready(cell, false)).toBe('unavailable');
    const readiness = await ready(cell);
    expect(readiness !== 'unavailable' && readiness.load?.rows).toBe(contactRows);
    expect(await rowsIn('demo_contacts')).toBe(contactRows);
  });

  it('keeps a file chosen while the run of an earlier one was ending (another sheet picked at once)', async () => {
    const id = document.cells[0]!.id;
    const first = sources.choose(id, new File([contacts], 'contacts.csv'));
    const second = sources.choose(id, new File([contacts], 'other.csv'));
    sources.forgetChosen(id, first);
    const readiness = await ready(copy(0));
    expect(readiness !== 'unavailable' && readiness.load?.fileName).toBe('other.csv');
    sources.forgetChosen(id, second);
  });

  it('loads the last file again when the table went missing, once the chosen file is forgotten', async () => {
    const file = new File([contacts], 'contacts.csv');
    const chosen = sources.choose(document.cells[0]!.id, file);
    await ready(copy(0));
    sources.forgetChosen(document.cells[0]!.id, chosen);
    await warehouse.call((engine) => engine.exec('drop table contacts'));
    expect(await ready(copy(0), false)).toBe('unavailable');
    const readiness = await ready(copy(0));
    expect(readiness !== 'unavailable' && readiness.load?.rows).toBe(contactRows);
  });

  it('catches up a rename the page missed: the table it was last in takes the new name', async () => {
    const cell = copy(0);
    await warehouse.call((engine) => engine.exec('create table contacts as select 1 as id'));
    sources.ran(cell);
    (document.cells[0] as SourceCell).name = 'people';
    expect(await ready(copy(0), false)).toEqual({});
    expect(await rowsIn('people')).toBe(1);
    sources.clear();
    (document.cells[0] as SourceCell).name = 'others';
    expect(await ready(copy(0), false)).toBe('unavailable');
  });
});
