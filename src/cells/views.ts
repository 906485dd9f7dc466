import type { Component } from 'svelte';
import type { SpecCell, SpecCellWord, SpecCellWords } from '../document/model.ts';
import type { CellOutput, CellHost } from './host.ts';
import AuditCellView from './audit/AuditCellView.svelte';
import ChartCellView from './chart/ChartCellView.svelte';
import ChurnCellView from './churn/ChurnCellView.svelte';
import CohortCellView from './cohort/CohortCellView.svelte';
import ForecastCellView from './forecast/ForecastCellView.svelte';
import RfmCellView from './rfm/RfmCellView.svelte';
import SegmentCellView from './segment/SegmentCellView.svelte';
import InputCellView from './input/InputCellView.svelte';
import MatchCellView from './match/MatchCellView.svelte';
import MigrateCellView from './migrate/MigrateCellView.svelte';

/** What every analytic kind's view receives inside the shared frame (src/cells/spec/SpecCellView.svelte). */
export interface SpecCellViewProps<Value> {
  host: CellHost;
  cell: SpecCell;
  output?: CellOutput;
  /** What the kind's execute left for the view, once the cell has run. */
  value: Value | undefined;
  schema: Record<string, string[]>;
  /** Replaces the cell's spec (the view never edits the notebook otherwise). */
  onspec: (spec: Record<string, unknown>) => void;
  onrun: () => void;
}

/** One line per kind, added with the kind's view; each view is typed by what its kind's execute leaves. */
export const specCellViews: { [Word in SpecCellWord]: Component<SpecCellViewProps<SpecCellWords[Word]>> } = {
  audit: AuditCellView,
  chart: ChartCellView,
  churn: ChurnCellView,
  cohort: CohortCellView,
  forecast: ForecastCellView,
  rfm: RfmCellView,
  segment: SegmentCellView,
  input: InputCellView,
  match: MatchCellView,
  migrate: MigrateCellView,
};
