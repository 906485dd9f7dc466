import type { WasmEngine } from '../src/engine/wasm.ts';
import { mirrorTables, tableVersions } from '../src/engine/table-mirror.ts';
import type { SaveState } from '../src/warehouse/warehouse.ts';

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

  constructor(
    /** The OPFS database (single-threaded build); its connection is the mirror's own, with main in use. */
    readonly store: WasmEngine,
    /** A connection of its own on the working database, so saving never waits for the page's queries, nor they for it. */
    private readonly working: WasmEngine,
  ) {}

  /**
   * Copies every stored table into the (empty) working database and notes their versions there. Nothing may write
   * to the working database meanwhile: a change made before the versions are read would never be saved.
   */
  async restore(): Promise<void> {
    await mirrorTables(this.store, this.working, new Map(), { compare: false });
    this.saved = await tableVersions(this.working);
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
