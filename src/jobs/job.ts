import type { Engine, Progress } from '../engine/engine.ts';

/**
 * A data-sized piece of work that must not run on the page's main thread (matching, model fitting,
 * profiling): a function of an Engine and a plain spec. The browser runs it inside the warehouse
 * worker next to DuckDB-WASM (`Warehouse.runJob`); the command line calls it with the native engine.
 * Specs and results must be structured-cloneable (plain objects, arrays, typed arrays).
 */
export type Job<Spec, Result> = (engine: Engine, spec: Spec, context: JobContext) => Promise<Result>;

export interface JobContext {
  /** Reports progress; `phase` is an i18n key. */
  progress(progress: Progress): void;
  /** Aborted when the user cancels; long loops should check it between steps. */
  signal: AbortSignal;
}

/** A context for callers that need neither progress nor cancellation (tests, the command line). */
export function quietJobContext(signal: AbortSignal = new AbortController().signal): JobContext {
  return { progress: () => {}, signal };
}

/**
 * Every job by name, as types: each job's module adds its entry (`declare module` beside the job), and
 * src/warehouse/jobs.ts registers the functions under the same names for the worker and the command line (a cell
 * kind's jobs through its descriptor's `jobs`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface JobCatalogue {}

export type JobName = keyof JobCatalogue;
export type JobSpec<Name extends JobName> = Parameters<JobCatalogue[Name]>[1];
export type JobResult<Name extends JobName> = Awaited<ReturnType<JobCatalogue[Name]>>;

export interface JobRunner {
  runJob<Name extends JobName>(name: Name, spec: JobSpec<Name>): Promise<JobResult<Name>>;
}

/** An Engine that can also run jobs: the browser's Warehouse, or `withLocalJobs(nativeEngine)` (src/warehouse/local-jobs.ts). */
export type JobEngine = Engine & JobRunner;
