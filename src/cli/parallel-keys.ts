/**
 * The prepare step's normalisers on several cores, for the command line only: batches go to `worker_threads`
 * (key-worker.ts), each with its own memoised KeyMaker, while the main thread reads the next batches from DuckDB.
 * The library code stays free of `node:` imports: this module plugs into `prepareIdentityInput` through its
 * context (`PrepareContext.keyer`); the browser keys inline in the warehouse worker.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BatchKeyer, KeyBatch } from '../identity/prepare/batch.ts';
import type { PrepareContext } from '../identity/prepare/prepare.ts';

/**
 * Below this much input (~50k CRM records) the workers' start-up (loading the normalisers, ~1 s) costs more than
 * they save; the command line then keys inline.
 */
export const parallelKeysFromBytes = 8 * 1024 * 1024;

/**
 * The worker runs key-worker.ts; when the command line itself runs as TypeScript (`tsx src/cli/main.ts`), the
 * worker thread registers tsx's loader first (loaders registered in the main thread do not reach workers).
 */
function startWorker(): Worker {
  const script = new URL(import.meta.url.endsWith('.ts') ? './key-worker.ts' : './key-worker.js', import.meta.url);
  if (!script.pathname.endsWith('.ts')) return new Worker(script);
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(script.href)}); });`, {
    eval: true,
  });
}

interface Waiting {
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

export class KeyWorkers {
  private readonly workers: { worker: Worker; busy: number }[];
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  private failure: Error | null = null;
  private closing = false;

  constructor(count = Math.max(1, Math.min(4, availableParallelism()))) {
    this.workers = Array.from({ length: count }, () => {
      const worker = startWorker();
      const entry = { worker, busy: 0 };
      worker.on('message', (message: { id: number; bytes?: Uint8Array; error?: string }) => {
        entry.busy--;
        const waiting = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if (!waiting) return;
        if (message.error !== undefined) waiting.reject(new Error(message.error));
        else waiting.resolve(message.bytes!);
      });
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', (code) => {
        if (!this.closing) this.failAll(new Error(`A worker thread of the prepare step stopped (exit code ${code}).`));
      });
      return entry;
    });
  }

  /** Batches in flight at once: one being keyed and one waiting per worker. */
  get inFlight(): number {
    return this.workers.length * 2;
  }

  readonly keyBatch: BatchKeyer = (batch: KeyBatch) =>
    new Promise<Uint8Array>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const id = this.next++;
      const entry = this.workers.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best));
      entry.busy++;
      this.waiting.set(id, { resolve, reject });
      entry.worker.postMessage({ id, batch });
    });

  /** Stops the workers (again: no effect). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.failure ??= new Error("The prepare step's worker threads were stopped.");
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private failAll(error: Error): void {
    this.failure = error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

/**
 * The prepare step's keyer for `bytes` of input, as `kura match` chooses it: worker threads (started now, so they load
 * while the files do) from `parallelKeysFromBytes`, else inline (`keyer` undefined). `close` stops the workers.
 */
export function keyerFor(bytes: number): { keyer?: PrepareContext['keyer']; close(): Promise<void> } {
  if (bytes < parallelKeysFromBytes) return { close: async () => {} };
  const workers = new KeyWorkers();
  return {
    keyer: { keyBatch: workers.keyBatch, inFlight: workers.inFlight, release: () => workers.close() },
    close: () => workers.close(),
  };
}
