import type { LoadReport } from '../ingest/types.ts';
import { proposeMapping } from '../ingest/mapping/propose.ts';
import type { Cell, SourceCell } from '../document/model.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import type { SourceReadiness } from '../notebook/run.ts';
import { renameSourceTable, sourceTableExists } from '../cells/source/table.ts';
import type { NotebookDocument } from './document.svelte.ts';

/** A file the user chose for a source cell, waiting for the cell's run to load it. */
export interface ChosenFile {
  file: File;
  sheet?: string;
}

/**
 * Where each source cell's data comes from in this page: the file the user just chose, the file it last loaded,
 * the table it was last in (so a rename the page missed is caught up), or the app's own files (the demo).
 */
export class SourceStore {
  /** The file each source cell last loaded in this page, so it can be reloaded (e.g. another sheet) without asking again. */
  private readonly lastFiles = new Map<string, File>();
  /** Files the user has just dropped or chosen, by source cell, until the run that loads them. */
  private readonly chosenFiles = new Map<string, ChosenFile>();
  /** The table each source cell's data was last in this page, by cell id. */
  private readonly tables = new Map<string, string>();

  constructor(private readonly document: NotebookDocument) {}

  /** Another notebook is open: what this page knew of the old one's tables no longer applies. */
  clear(): void {
    this.tables.clear();
  }

  /** A file the user dropped or chose for a source cell; the next run of the cell loads it. */
  choose(id: string, file: File, sheet?: string): ChosenFile {
    const chosen = { file, sheet };
    this.chosenFiles.set(id, chosen);
    return chosen;
  }

  /** The chosen file was loaded (or failed to); the cell's next run reads its table again, unless another file was chosen since. */
  forgetChosen(id: string, chosen: ChosenFile): void {
    if (this.chosenFiles.get(id) === chosen) this.chosenFiles.delete(id);
  }

  /** The file a source cell last loaded in this page, if any. */
  lastFile(id: string): File | undefined {
    return this.lastFiles.get(id);
  }

  /** A cell's run is done: a source cell's data is now in the table of its name. */
  ran(cell: Cell): void {
    if (cell.kind === 'source') this.tables.set(cell.id, cell.name);
  }

  /** A source cell's table was renamed to `name`. */
  renamed(id: string, name: string): void {
    this.tables.set(id, name);
  }

  /**
   * A source cell's table: a file the user just chose, or the table already there (restored from OPFS); else
   * loaded again from the file this page last loaded for the cell (e.g. after the table was renamed) or from
   * the app's own files (the demo); else not available until the user drops the file again.
   */
  async readySource(cell: SourceCell, warehouse: Warehouse, loadMissing: boolean): Promise<SourceReadiness> {
    const chosen = this.chosenFiles.get(cell.id);
    if (chosen) return this.loadChosenFile(warehouse, cell, chosen.file, chosen.sheet);
    const previous = this.tables.get(cell.id);
    const renamed =
      previous !== undefined &&
      previous !== cell.name &&
      !this.document.nameUsedByAnotherCell(cell.id, previous) &&
      (await renameSourceTable(warehouse, previous, cell));
    if (renamed) await warehouse.checkpoint();
    if (renamed || (await sourceTableExists(warehouse, cell))) return {};
    if (!loadMissing) return 'unavailable';
    const last = this.lastFiles.get(cell.id);
    if (last && last.name === cell.spec.file) return this.loadChosenFile(warehouse, cell, last, cell.spec.sheet);
    if (!isAppFile(cell.spec.file)) return 'unavailable';
    const load = await warehouse.loadUrl(cell.spec.file, { fileName: baseName(cell.spec.file), table: cell.name, sheet: cell.spec.sheet });
    this.proposePreset(cell, load);
    return { load };
  }

  private async loadChosenFile(warehouse: Warehouse, cell: SourceCell, file: File, sheet: string | undefined): Promise<SourceReadiness> {
    const load = await warehouse.loadFile(file, { fileName: file.name, table: cell.name, sheet });
    const sameFile = cell.spec.file === file.name;
    this.updateSpec(cell, {
      file: file.name,
      sheet: load.sheets && load.sheets.length > 1 ? load.sheet : undefined,
      ...(sameFile ? {} : { preset: undefined, mapping: undefined }),
    });
    this.lastFiles.set(cell.id, file);
    this.proposePreset(cell, load);
    return { load };
  }

  /** Changes a source cell's spec in the notebook and in the copy a run is using. */
  private updateSpec(cell: SourceCell, patch: Partial<SourceCell['spec']>): void {
    const live = this.document.cell(cell.id);
    for (const target of live?.kind === 'source' ? [cell.spec, live.spec] : [cell.spec]) Object.assign(target, patch);
  }

  /** A file loaded without a preset or mapping gets the preset Kura recognises from its headers, in the notebook and in `cell`. */
  private proposePreset(cell: SourceCell, load: LoadReport): void {
    if (cell.spec.preset || cell.spec.mapping) return;
    this.updateSpec(cell, { preset: proposeMapping(load.columns.map((column) => column.name)).preset ?? undefined });
  }
}

function isAppFile(path: string): boolean {
  return /^(\.\/)?demo\//.test(path);
}

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}
