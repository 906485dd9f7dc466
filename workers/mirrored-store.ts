import type { Engine } from '../src/engine/engine.ts';
import { mirrorTables, tableVersions, type MirrorEngine } from '../src/engine/table-mirror.ts';
import type { SaveState } from '../src/warehouse/warehouse.ts';
import { queryRows } from '../src/engine/plain-rows.ts';
import { quoteIdent, quoteLiteral } from '../src/engine/sql.ts';

/** The OPFS database's file as bytes, or null when it cannot be read whole (too large to hold twice in memory). */
export interface StoredFile {
  read(): Promise<Uint8Array | null>;
}

/** How the stored tables came into the working database: the stored file attached and copied whole, or table by table through Arrow. */
export type RestoreMethod = 'attached' | 'table by table';

type WorkingEngine = MirrorEngine & Pick<Engine, 'registerFile' | 'dropFile'>;

const restoreFileName = 'kura-restore.db';

/**
 * The OPFS warehouse kept as a mirror of the working database, which lives in memory on DuckDB-WASM's threaded build
 * (the OPFS database needs the single-threaded one). A save copies the tables that changed (src/engine/table-mirror.ts)
 * in the background; saves asked for while one runs are folded into one more. Until a save ends, a closed or crashed
 * tab loses what changed since the last one, and the page says so (SaveState).
 */
export class MirroredStore {
  /** The working tables' versions as last saved. */
  private saved = new Map<string, string>();
  private saving: Promise<void> | null = null;
  private asked = false;
  private state: SaveState = { state: 'saved' };
  private listener: ((state: SaveState) => void) | null = null;
  /** Why the restore by attaching gave way to the table-by-table copy, when it did (for diagnosis). */
  restoreProblem: string | undefined;

  constructor(
    /** The OPFS database (single-threaded build); its connection is the mirror's own, with main in use. */
    readonly store: MirrorEngine,
    /** A connection of its own on the working database, so saving never waits for the page's queries, nor they for it. */
    private readonly working: WorkingEngine,
  ) {}

  /**
   * Copies every stored table into the (empty) working database and notes their versions there. Nothing may write
   * to the working database meanwhile: a change made before the versions are read would never be saved.
   */
  async restore(storedFile?: StoredFile): Promise<RestoreMethod> {
    const attached = storedFile !== undefined && (await this.restoreByAttaching(storedFile));
    if (!attached) await mirrorTables(this.store, this.working, new Map(), { compare: false });
    this.saved = await tableVersions(this.working);
    return attached ? 'attached' : 'table by table';
  }

  /**
   * The fast restore: the OPFS database's file, checkpointed, is handed to the working database as a buffer, attached
   * read-only and copied in by DuckDB itself on every thread (`COPY FROM DATABASE`: schemas, tables with their keys
   * and defaults, views, types, sequences, macros). False when that cannot be done; the table-by-table copy then
   * takes over.
   */
  private async restoreByAttaching(storedFile: StoredFile): Promise<boolean> {
    const attached = 'kura_restore';
    let registered = false;
    try {
      await this.store.exec('CHECKPOINT');
      const bytes = await storedFile.read();
      if (!bytes) return false;
      const path = await this.working.registerFile(restoreFileName, bytes);
      registered = true;
      const [current] = await queryRows(this.working, 'SELECT current_database() AS name');
      await this.working.exec(`ATTACH ${quoteLiteral(path)} AS ${attached} (READ_ONLY)`);
      try {
        await this.working.exec(`COPY FROM DATABASE ${attached} TO ${quoteIdent(String(current!.name))}`);
      } finally {
        await this.working.exec(`DETACH ${attached}`);
      }
      return true;
    } catch (error) {
      // Whatever the attempt left, the table-by-table copy replaces: it makes the working database equal to the store.
      this.restoreProblem = error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      if (registered) await this.working.dropFile(restoreFileName).catch(() => undefined);
    }
  }

  /** Saves what changed, after any save under way; resolves when no save is under way or asked for. */
  save(): Promise<void> {
    this.asked = true;
    if (this.state.state !== 'saving') this.say({ state: 'saving' });
    if (!this.saving) this.drain();
    return this.whenSaved();
  }

  async whenSaved(): Promise<void> {
    while (this.saving) await this.saving;
  }

  setListener(listener: ((state: SaveState) => void) | null): void {
    this.listener = listener;
    this.say(this.state);
  }

  /** Saves until no save is asked for; a save asked for as the last one ended starts another. */
  private drain(): void {
    this.saving = this.saveWhileAsked().finally(() => {
      this.saving = null;
      if (this.asked) this.drain();
    });
  }

  private async saveWhileAsked(): Promise<void> {
    while (this.asked) {
      this.asked = false;
      try {
        const result = await mirrorTables(this.working, this.store, this.saved);
        await this.store.exec('CHECKPOINT');
        this.saved = result.versions;
        if (!this.asked) this.say({ state: 'saved' });
      } catch (error) {
        this.asked = false;
        this.say({ state: 'failed', problem: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  private say(state: SaveState): void {
    this.state = state;
    // The listener is the page's, behind comlink: a page gone away must not stop the saves.
    // Called at once, so the page hears 'saving' before the reply to the call that asked for the save.
    try {
      void Promise.resolve(this.listener?.(state)).catch(() => (this.listener = null));
    } catch {
      this.listener = null;
    }
  }
}
