/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import * as duckdb from '@duckdb/duckdb-wasm';
import { tableFromIPC } from 'apache-arrow';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import coiWasm from '@duckdb/duckdb-wasm/dist/duckdb-coi.wasm?url';
import coiWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.worker.js?url';
import coiPthreadWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.pthread.worker.js?url';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import {
  KuraError,
  type ExportFormat,
  type InsertOptions,
  type Progress,
  type ProgressListener,
  type QueryParam,
} from '../src/engine/engine.ts';
import { installKuraErrorTransfer } from '../src/engine/comlink-errors.ts';
import { WasmEngine, type WasmBindings } from '../src/engine/wasm.ts';
import { sealNetwork, sealRefusal } from '../src/engine/network-seal.ts';
import type { LoadFileOptions, MoveToThreads, SaveState, Warehouse, WarehouseInfo } from '../src/warehouse/warehouse.ts';
import { readChosenFile } from '../src/ingest/browser-file.ts';
import { loadFile } from '../src/ingest/load.ts';
import { checkServedFile } from '../src/ingest/served-file.ts';
import { exportParquet } from '../src/ingest/parquet.ts';
import { useParquetWasm } from '../src/ingest/parquet-arrow.ts';
import type { LoadReport } from '../src/ingest/types.ts';
import { jobs } from '../src/warehouse/jobs.ts';
import type { JobName, JobResult, JobSpec } from '../src/jobs/job.ts';
import type { Job } from '../src/jobs/job.ts';
import {
  holdsNothing,
  inspectStoredWarehouse,
  isHeldElsewhere,
  readStoredDatabase,
  registerWriteAheadLog,
  removeStoredWarehouse,
  warehousePath,
} from './stored-warehouse.ts';
import { MirroredStore, type RestoreMethod, type StoredFile } from './mirrored-store.ts';
import { CallGate } from './call-gate.ts';
import { copySession, leaveSession } from '../src/engine/session-copy.ts';

/** The app's own files that loadUrl may fetch (the demo notebooks' data). */
const appFiles = new URL('/demo/', self.location.origin).href;
const absolute = (url: string) => new URL(url, self.location.href).href;

sealNetwork({
  allow: [mvpWasm, mvpWorker, ehWasm, ehWorker, coiWasm, coiWorker, coiPthreadWorker, parquetWasm].map(absolute),
  allowPrefixes: [appFiles],
  base: self.location.href,
  refusal: sealRefusal,
});

useParquetWasm(async () => absolute(parquetWasm));

const bundles: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
  coi: { mainModule: coiWasm, mainWorker: coiWorker, pthreadWorker: coiPthreadWorker },
};

/** DuckDB-WASM hosted in this worker; the page talks to it through comlink. */
class WorkerWarehouse implements Warehouse {
  private engine: WasmEngine | null = null;
  private database: duckdb.AsyncDuckDB | null = null;
  private progressListener: ProgressListener | null = null;
  /** Set once the running load or job is past the point a Cancel could undo (the table replaced, saving): Cancel is no longer offered nor heard. */
  private pastNoReturn = false;
  /**
   * What the engine and the work report, passed on to the page. Past the point of no return, without a Cancel, and
   * the engine's "running the query" is not passed on: the work's own last word ("Saving…") stays on the screen.
   */
  private readonly forwardProgress: ProgressListener = (progress) => {
    if (progress.cancellable === false) this.pastNoReturn = true;
    else if (this.pastNoReturn && progress.phase === queryPhase) return;
    this.progressListener?.(this.pastNoReturn ? { ...progress, cancellable: false } : progress);
  };
  /** The running load or job, so cancel() can stop it. */
  private currentWork: AbortController | null = null;
  private death: Death = watchForDeath(null);
  private bundleName = '';
  private persistent = false;
  /** The OPFS database, when the working database is a threaded in-memory copy saved into it in the background. */
  private store: MirroredStore | null = null;
  private storeDatabase: duckdb.AsyncDuckDB | null = null;
  private saveListener: ((state: SaveState) => void) | null = null;
  private opening: StoredOpening = { persistent: false };
  private restoreMs: number | undefined;
  private restoreMethod: RestoreMethod | undefined;
  private restoreProblem: string | undefined;
  /** Why the opt-in threaded working copy was given up, when it was. */
  private threadedProblem: string | undefined;
  /** When the OPFS database moves to the threaded build (sizes of the stored or loaded file), or never. */
  private moveToThreads: MoveToThreads | null = defaultMoveToThreads;
  /** The move to the threaded build once begun (at most once a page), ending when it is done or given up. */
  private moving: Promise<void> | null = null;
  /** The OPFS database, while it is the working one or the mirror. */
  private opfs: StartedDuckDB | null = null;
  private movePending = false;
  /** The page's calls: the move waits for a moment none is under way, and calls made during it wait for it. */
  private readonly calls = new CallGate();

  /**
   * The OPFS warehouse needs the single-threaded build: DuckDB-WASM's threaded (coi) build cannot hand OPFS access
   * handles to its pthreads. So the page starts on the OPFS database (queryable at once), and when the warehouse is
   * big enough for threads to matter (the stored file, or a file just loaded, of the sizes in `moveToThreads`) and
   * the page is cross-origin isolated, the threaded build starts beside it and takes over at a quiet moment: the
   * stored tables and the session (temporary tables, variables, the schema in use) are copied into its memory, it
   * becomes the working database and the OPFS database its mirror, saved in the background (workers/mirrored-store.ts).
   * With `workingCopyInMemory` (opt-in) the move happens before the first call. When the tables do not fit in memory
   * the OPFS database stays the working one. Without persistence (not asked for, another tab holds the warehouse, or
   * it cannot be written) the threaded build is used in memory when the page is isolated.
   */
  async open({
    persistent,
    workingCopyInMemory = false,
    moveToThreads,
  }: {
    persistent: boolean;
    workingCopyInMemory?: boolean;
    moveToThreads?: Partial<MoveToThreads> | null;
  }): Promise<WarehouseInfo> {
    const threaded = self.crossOriginIsolated;
    const inMemory = threaded ? bundles : { mvp: bundles.mvp, eh: bundles.eh };
    if (moveToThreads !== undefined) this.moveToThreads = moveToThreads && { ...defaultMoveToThreads, ...moveToThreads };
    // The threaded build starts while the OPFS database opens.
    const starting = persistent && threaded && workingCopyInMemory ? startDuckDB(bundles, {}) : null;
    starting?.catch(() => undefined);
    this.opening = persistent ? await this.openStored() : { persistent: false, problem: 'not requested' };
    const stored = this.opening.persistent ? this.opening.started : undefined;
    if (stored) {
      this.use(stored);
      this.opfs = stored;
      if (starting) await this.moveToThreaded(stored, starting);
    } else {
      this.use(await (starting ?? startDuckDB(inMemory, {})));
    }
    this.persistent = this.opening.persistent;
    await this.ready().exec(noExtensionDownloads);
    if (this.movesFor((await inspectStoredWarehouse()).databaseBytes, 'stored')) void this.moveWhenQuiet();
    return this.describeNow();
  }

  /** Whether a stored or loaded file of this size moves the working database to the threaded build (once). */
  private movesFor(bytes: number, file: 'stored' | 'loaded' = 'loaded'): boolean {
    const move = this.moveToThreads;
    return (
      move !== null && this.canMove() && bytes >= (file === 'stored' ? move.storedFromBytes : move.fromBytes) && bytes <= move.upToBytes
    );
  }

  /** On the OPFS database, in an isolated page, with no move begun. */
  private canMove(): boolean {
    return self.crossOriginIsolated && this.opfs !== null && this.database === this.opfs.database && !this.moving;
  }

  /**
   * Starts the threaded build beside the OPFS database, which keeps answering meanwhile; once it has started and no
   * call is under way, moves the working database to it, calls made meanwhile waiting. Resolves when that is done or
   * given up (the OPFS database then stays the working one, and `threadedProblem` says why).
   */
  private moveWhenQuiet(): Promise<void> {
    const stored = this.opfs!;
    this.moving ??= (async () => {
      this.movePending = true;
      try {
        const starting = startDuckDB(bundles, {});
        const settled = await Promise.race([
          starting.then(
            () => true,
            () => true,
          ),
          sleep(threadedStartLimitMs).then(() => false),
        ]);
        if (!settled) {
          // A start that hangs is given up before the page's calls are ever held for it.
          this.threadedProblem = 'The threaded build did not start in time.';
          void starting.then((late) => late.database.terminate()).catch(() => undefined);
          return;
        }
        await this.calls.whenQuiet(() => this.moveToThreaded(stored, starting, { carrySession: true }));
      } finally {
        this.movePending = false;
      }
    })();
    return this.moving;
  }

  /** What the warehouse runs on now (a move to the threaded build changes it). */
  describe(): Promise<WarehouseInfo> {
    return this.calls.pass(() => this.describeNow());
  }

  private async describeNow(): Promise<WarehouseInfo> {
    const opening = this.opening;
    return {
      duckdbVersion: await this.database!.getVersion(),
      bundle: this.bundleName,
      threads: Number(await this.scalar("select current_setting('threads')")),
      persistent: opening.persistent,
      savedInBackground: this.store !== null,
      movingToThreads: this.movePending,
      restoreMs: this.restoreMs,
      restoreMethod: this.restoreMethod,
      restoreProblem: this.restoreProblem,
      threadedProblem: this.threadedProblem,
      persistenceProblem: opening.problem,
      persistenceFailure: opening.failure,
      rebuilt: opening.rebuilt,
    };
  }

  /**
   * Copies the stored tables into the threaded build and makes it the working database: before the page's first call,
   * or, with `carrySession`, at a quiet moment later, bringing the session along (its temporary tables, variables and
   * schema in use: src/engine/session-copy.ts). On any failure (the tables do not fit in memory) the OPFS database
   * stays the working one, its session untouched.
   */
  private async moveToThreaded(
    stored: StartedDuckDB,
    starting: Promise<StartedDuckDB>,
    { carrySession = false }: { carrySession?: boolean } = {},
  ): Promise<void> {
    let threaded: StartedDuckDB | undefined;
    // A threaded build that hangs (seen once under load) must not keep the page from starting: its pending calls
    // fail, the copy's transaction on the OPFS database ends, and the OPFS database stays the working one.
    const giveUp = setTimeout(() => {
      if (threaded) threaded.death.declare('The threaded build did not take the tables over in time.');
      else void starting.then((late) => late.database.terminate()).catch(() => undefined);
    }, threadedStartLimitMs);
    try {
      threaded = await Promise.race([
        starting,
        sleep(threadedStartLimitMs).then(() => Promise.reject(new Error('The threaded build did not start in time.'))),
      ]);
      const started = performance.now();
      const mirror = new WasmEngine(
        guardBindings(threaded.database, threaded.death),
        await threaded.database.connectInternal(),
        undefined,
        undefined,
        true,
      );
      const store = new MirroredStore(stored.engine, mirror);
      this.restoreMethod = await store.restore(storedFileOf(stored));
      this.restoreProblem = store.restoreProblem;
      await threaded.engine.exec(`SET threads = ${Math.max(1, navigator.hardwareConcurrency || 1)}`);
      if (carrySession) {
        await threaded.engine.exec(noExtensionDownloads);
        await copySession(stored.engine, threaded.engine);
      }
      this.restoreMs = Math.round(performance.now() - started);
      if (carrySession) await leaveSession(stored.engine);
      this.store = store;
      this.storeDatabase = stored.database;
      this.use(threaded);
      store.setListener(this.saveListener);
    } catch (error) {
      this.threadedProblem = messageOf(error);
      await threaded?.database.terminate().catch(() => undefined);
    } finally {
      clearTimeout(giveUp);
    }
  }

  async setSaveListener(listener: ((state: SaveState) => void) | null): Promise<void> {
    this.saveListener = listener;
    this.store?.setListener(listener);
  }

  /**
   * Opens the OPFS warehouse and proves it takes a write. Files that cannot hold a table (a first visit
   * closed early) are started afresh when they do not; files that may hold tables are never touched.
   */
  private async openStored(): Promise<StoredOpening> {
    if (await isHeldElsewhere()) return { persistent: false, failure: 'in-use', problem: 'Another tab holds the warehouse.' };
    const before = await inspectStoredWarehouse();
    const opened = await openWritable();
    if (typeof opened !== 'string') return { persistent: true, started: opened };
    if (!holdsNothing(before)) return { persistent: false, failure: 'unwritable', problem: opened };
    try {
      await removeStoredWarehouse();
    } catch (error) {
      return { persistent: false, failure: 'unwritable', problem: messageOf(error) };
    }
    const reopened = await openWritable();
    if (typeof reopened !== 'string') return { persistent: true, rebuilt: true, started: reopened };
    return { persistent: false, failure: 'unwritable', problem: reopened };
  }

  private use(started: StartedDuckDB): void {
    this.database = started.database;
    this.engine = started.engine;
    this.death = started.death;
    this.bundleName = started.bundleName;
    void this.engine.setProgressListener(this.forwardProgress);
  }

  query(sql: string, params?: readonly QueryParam[]): Promise<Uint8Array> {
    return this.calls.pass(() => this.ready().query(sql, params)).then((ipc) => Comlink.transfer(ipc, [ipc.buffer as ArrayBuffer]));
  }

  exec(sql: string): Promise<void> {
    return this.calls.pass(() => this.ready().exec(sql));
  }

  insertArrow(table: string, ipc: Uint8Array, options?: InsertOptions): Promise<void> {
    return this.calls.pass(() => this.ready().insertArrow(table, ipc, options));
  }

  registerFile(name: string, bytes: Uint8Array): Promise<string> {
    return this.calls.pass(() => this.ready().registerFile(name, bytes));
  }

  dropFile(name: string): Promise<void> {
    return this.calls.pass(() => this.ready().dropFile(name));
  }

  async exportQuery(sql: string, format: ExportFormat): Promise<Uint8Array> {
    const bytes = await this.calls.pass(() => this.ready().exportQuery(sql, format));
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  }

  async setProgressListener(listener: ProgressListener | null): Promise<void> {
    this.progressListener = listener;
    await this.engine?.setProgressListener(this.forwardProgress);
  }

  async cancel(): Promise<boolean> {
    if (this.pastNoReturn) return false;
    const work = this.currentWork;
    work?.abort();
    const query = (await this.engine?.cancel()) ?? false;
    return Boolean(work) || query;
  }

  async close(): Promise<void> {
    await this.moving;
    await this.store?.whenSaved();
    await this.engine?.close();
    await this.database?.terminate();
    await this.storeDatabase?.terminate();
    this.engine = null;
    this.database = null;
    this.store = null;
    this.storeDatabase = null;
  }

  async loadFile(file: Blob, options: LoadFileOptions): Promise<LoadReport> {
    this.progressListener?.({ phase: 'progress.reading', done: 0, total: file.size });
    const report = await this.calls.pass(() => this.load(() => readChosenFile(file), options));
    await this.moveIfBig(file.size);
    return report;
  }

  /**
   * After a load, once the file is loaded and stored (starting the threaded build during the load slowed it by half on
   * two cores): a big file, or a warehouse grown big with files each under the size (three exports of 100k people).
   */
  private async moveIfBig(loadedBytes: number): Promise<void> {
    if (!this.canMove() || this.moveToThreads === null) return;
    if (this.movesFor(loadedBytes) || this.movesFor((await inspectStoredWarehouse()).databaseBytes, 'stored')) void this.moveWhenQuiet();
  }

  async loadUrl(path: string, options: LoadFileOptions): Promise<LoadReport> {
    const url = new URL(path, self.location.origin);
    if (!url.href.startsWith(appFiles)) {
      throw new KuraError('Kura only loads files from your computer or from the app itself.', 'network-blocked');
    }
    const report = await this.calls.pass(() =>
      this.load(async () => {
        const response = await fetch(url);
        checkServedFile(path, response);
        return new Uint8Array(await response.arrayBuffer());
      }, options),
    );
    await this.moveIfBig(0);
    return report;
  }

  checkpoint(): Promise<void> {
    return this.calls.pass(() => this.checkpointNow());
  }

  private async checkpointNow(): Promise<void> {
    if (this.store) void this.store.save();
    else if (this.persistent) await this.ready().exec('CHECKPOINT');
  }

  /** The checkpoint after work that is done: a Cancel can no longer undo it, so none is offered meanwhile. */
  private async checkpointDone(): Promise<void> {
    if (this.persistent && !this.store) this.forwardProgress({ phase: 'progress.saving', done: 0, total: 0, cancellable: false });
    await this.checkpointNow();
  }

  /** Ends the DuckDB worker abruptly, as a crash would; for testing the page's recovery. */
  async crashForTesting(): Promise<void> {
    await this.database?.terminate();
    this.death.declare('The DuckDB worker was terminated.');
  }

  async runJob<Name extends JobName>(name: Name, spec: JobSpec<Name>): Promise<JobResult<Name>> {
    const job = jobs[name] as unknown as Job<JobSpec<Name>, JobResult<Name>> | undefined;
    if (!job) throw new KuraError(`This version of Kura cannot run "${String(name)}".`, 'unknown-job');
    return this.calls.pass(() =>
      this.cancellable(async (signal) => {
        const result = await job(this.ready(), spec, { signal, progress: this.forwardProgress });
        await this.checkpointDone();
        return result;
      }),
    );
  }

  /** Reads the file and loads it, cancellable from the start: a Cancel pressed while the file is read is not lost. */
  private load(read: () => Promise<Uint8Array>, options: LoadFileOptions): Promise<LoadReport> {
    return this.cancellable(async (signal) => {
      const bytes = await read();
      const report = await loadFile(this.ready(), {
        ...options,
        bytes,
        signal,
        onProgress: this.forwardProgress,
      });
      await this.checkpointDone();
      return report;
    });
  }

  private async cancellable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.currentWork = controller;
    this.pastNoReturn = false;
    try {
      return await work(controller.signal);
    } finally {
      if (this.currentWork === controller) {
        this.currentWork = null;
        this.pastNoReturn = false;
      }
    }
  }

  private async scalar(sql: string): Promise<unknown> {
    return tableFromIPC(await this.ready().query(sql))
      .getChildAt(0)
      ?.get(0);
  }

  private ready(): WasmEngine {
    if (!this.engine) throw new KuraError('The engine is not running; reload the page.', 'engine-dead');
    return this.engine;
  }
}

interface StoredOpening {
  persistent: boolean;
  /** The OPFS database, open for writing. */
  started?: StartedDuckDB;
  problem?: string;
  failure?: WarehouseInfo['persistenceFailure'];
  rebuilt?: boolean;
}

const queryPhase: Progress['phase'] = 'progress.query';

/** The largest stored file restored by attaching it: it is held twice in memory meanwhile (in each build's heap). */
const attachedRestoreLimitBytes = 512 * 1024 * 1024;

function storedFileOf(stored: StartedDuckDB): StoredFile {
  return {
    async read() {
      const { databaseBytes } = await inspectStoredWarehouse();
      if (databaseBytes > attachedRestoreLimitBytes) return null;
      return readStoredDatabase().catch(() => stored.database.copyFileToBuffer(warehousePath));
    },
  };
}

/**
 * From about a quarter of a million contact rows (a 1M-row, 12-column CSV is 127 MB, stored 30 MB) queries gain from
 * threads more than the threaded build's start costs (~2.5 s on two cores). Up to what the restore by attaching holds
 * twice in memory: past it the OPFS database, which spills to browser storage, stays the working one.
 */
const defaultMoveToThreads: MoveToThreads = {
  fromBytes: 32 * 1024 * 1024,
  storedFromBytes: 8 * 1024 * 1024,
  upToBytes: attachedRestoreLimitBytes,
};

/** How long the opt-in threaded working copy may take to start and take the stored tables over. */
const threadedStartLimitMs = 30_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const noExtensionDownloads =
  "SET autoinstall_known_extensions=false; SET autoload_known_extensions=false; SET allow_community_extensions=false; SET custom_extension_repository='http://extensions.invalid'";

interface StartedDuckDB {
  database: duckdb.AsyncDuckDB;
  engine: WasmEngine;
  death: Death;
  bundleName: string;
}

async function startDuckDB(choices: duckdb.DuckDBBundles, config: duckdb.DuckDBConfig): Promise<StartedDuckDB> {
  const bundle = await duckdb.selectBundle(choices);
  const bundleName = bundle.mainModule === coiWasm ? 'coi' : bundle.mainModule === ehWasm ? 'eh' : 'mvp';
  // The sealed Worker constructor (src/engine/network-seal.ts) starts it inside a blob worker, where only absolute URLs resolve.
  const duckdbWorker = new Worker(absolute(bundle.mainWorker!));
  const database = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), duckdbWorker);
  const death = watchForDeath(duckdbWorker);
  try {
    await database.instantiate(absolute(bundle.mainModule), bundle.pthreadWorker && absolute(bundle.pthreadWorker));
    if (config.path === warehousePath) await registerWriteAheadLog(database);
    await database.open({ ...config, query: { castBigIntToDouble: false } });
    const connection = await database.connectInternal();
    const engine = new WasmEngine(guardBindings(database, death), connection, exportParquet, undefined, bundleName === 'coi');
    return { database, death, bundleName, engine };
  } catch (error) {
    await database.terminate().catch(() => undefined);
    throw error;
  }
}

/** The OPFS database open for writing, once a commit went through; otherwise why not, with nothing left running. */
async function openWritable(): Promise<StartedDuckDB | string> {
  try {
    const started = await startDuckDB(
      { mvp: bundles.mvp, eh: bundles.eh },
      { path: warehousePath, accessMode: duckdb.DuckDBAccessMode.READ_WRITE },
    );
    try {
      await started.engine.exec('CREATE OR REPLACE TABLE __kura_write_probe AS SELECT 1 AS ok; DROP TABLE __kura_write_probe');
    } catch (error) {
      await started.database.terminate().catch(() => undefined);
      throw error;
    }
    return started;
  } catch (error) {
    return messageOf(error);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Death {
  promise: Promise<never>;
  declared: boolean;
  declare(reason: string): void;
}

/** DuckDB-WASM drops pending requests when its worker fails; this turns that into an error instead of a hang. */
function watchForDeath(duckdbWorker: Worker | null): Death {
  let reject: (error: KuraError) => void = () => {};
  const death: Death = {
    promise: new Promise<never>((_, rejectDeath) => (reject = rejectDeath)),
    declared: false,
    declare(reason: string) {
      death.declared = true;
      reject(new KuraError('The engine stopped unexpectedly.', 'engine-dead', reason));
    },
  };
  death.promise.catch(() => {});
  duckdbWorker?.addEventListener('error', (event) => death.declare(event.message || 'DuckDB worker error'));
  return death;
}

function guardBindings(database: duckdb.AsyncDuckDB, death: Death): WasmBindings {
  return new Proxy(database, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (death.declared) return death.promise;
        return Promise.race([(value as (...a: unknown[]) => unknown).apply(target, args), death.promise]);
      };
    },
  }) as unknown as WasmBindings;
}

installKuraErrorTransfer();
Comlink.expose(new WorkerWarehouse());
