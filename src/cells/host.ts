import type { QueryParam, Sentence } from '../engine/engine.ts';
import type { RowSource } from '../engine/row-source.ts';
import type { LoadReport } from '../ingest/types.ts';
import type { JobName, JobResult, JobSpec } from '../jobs/job.ts';
import type { Cell } from '../document/model.ts';
import type { RecordRef } from '../identity/model/spec.ts';

/** What a cell's view may ask of the notebook it is in; the session implements it (src/session/store.svelte.ts). */
export interface CellHost {
  /** The notebook's cells, to read (e.g. a segment offers the other segments to compare with). */
  readonly cells: readonly Cell[];
  /** How many runs of the notebook are under way: a cell without a result may be about to get one. */
  readonly runsUnderway: number;
  /** A small query for the view itself (an option list, a live count); results come back as Arrow IPC bytes. */
  query(sql: string, params?: readonly QueryParam[]): Promise<Uint8Array>;
  /** Runs a job in the warehouse worker (an export, a cluster page). */
  runJob<Name extends JobName>(name: Name, spec: JobSpec<Name>): Promise<JobResult<Name>>;
  /** Runs the cell, then the cells that read it (or marks them out of date when auto-run is off). */
  runCellAndDependents(id: string): Promise<void>;
  /**
   * The cell's tables changed outside a run (a new threshold, a taught model): `changed` replaces those fields of its
   * shown value, and the cells that read it run again (or are marked out of date).
   */
  tablesChanged(id: string, changed?: Record<string, unknown>): Promise<void>;
  /** An input's value changed: writes it, then re-runs the cells that read it. */
  inputChanged(id: string): Promise<void>;
  /** Call after editing a cell's text, name or spec, so the notebook is saved. */
  edited(): void;
  /** Opens the customer view on a customer (a golden record's cluster id). */
  openCustomer(clusterId: number): void;
  /** Opens the customer view on the customer a source record belongs to: by its id in any source (e.g. a CRM contact id), or exactly by source and id or row. */
  openCustomerOfRecord(record: string | RecordRef): Promise<void>;
  /** Says what went wrong in the notice bar. */
  showError(error: unknown): void;
}

/** A source cell's view also loads files and edits its column mapping. */
export interface SourceCellHost extends CellHost {
  loadFile(id: string, file: File, options?: { sheet?: string }): Promise<void>;
  /** Loads another sheet of the workbook loaded last; false when the file must be chosen again. */
  chooseSheet(id: string, sheet: string): Promise<boolean>;
  setMapping(id: string, preset: string | null, mapping?: Record<string, string>): Promise<void>;
  /** A table's columns in the warehouse (undefined when there is none): the mapping panel of a source loaded before this page. */
  columnsOf(table: string): string[] | undefined;
}

/** What a cell shows under it: its run state and what its last run left. */
export interface CellOutput {
  status: 'idle' | 'running' | 'done' | 'error';
  error?: { message: string; kind: string; sentence?: Sentence };
  result?: RowSource;
  /** An analytic cell's plain result for its view (charts, badges, lists). */
  value?: unknown;
  /** A cell this one reads has run since; shown until this cell runs again (auto-run off). */
  stale?: boolean;
  load?: LoadReport;
  elapsedMs?: number;
}
