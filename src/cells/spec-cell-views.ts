import type { Component } from 'svelte';
import type { SpecCell, SpecCellKind } from '../notebook/model.ts';
import type { CellOutput, NotebookSession } from '../notebook/store.svelte.ts';
import AuditCellView from './audit/AuditCellView.svelte';
import ChartCellView from './chart/ChartCellView.svelte';
import ChurnCellView from './churn/ChurnCellView.svelte';
import CohortCellView from './cohort/CohortCellView.svelte';
import ForecastCellView from './forecast/ForecastCellView.svelte';
import RfmCellView from './rfm/RfmCellView.svelte';
import SegmentCellView from './segment/SegmentCellView.svelte';
import InputCellView from './input/InputCellView.svelte';
import MatchCellView from './match/MatchCellView.svelte';

/** What every kind's view receives inside the shared frame (src/cells/spec/SpecCellView.svelte). */
export interface SpecCellViewProps {
  session: NotebookSession;
  cell: SpecCell;
  output?: CellOutput;
  schema: Record<string, string[]>;
  /** Replaces the cell's spec (the view never edits the notebook otherwise). */
  onspec: (spec: Record<string, unknown>) => void;
  onrun: () => void;
}

/** One line per kind, added with the kind's view. */
export const specCellViews: Partial<Record<SpecCellKind, Component<SpecCellViewProps>>> = {
  audit: AuditCellView,
  chart: ChartCellView,
  churn: ChurnCellView,
  cohort: CohortCellView,
  forecast: ForecastCellView,
  rfm: RfmCellView,
  segment: SegmentCellView,
  input: InputCellView,
  match: MatchCellView,
};
