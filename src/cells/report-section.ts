/**
 * How a kind appears in the notebook report (src/report/notebook-report.ts). A kind's folder keeps its section in
 * its own module (`report.ts`), which the descriptor loads on demand, so neither Observable Plot nor the section
 * reaches the warehouse worker, which bundles the descriptors for their jobs. The report implements ReportWriter.
 */
import type { PlotOptions } from '@observablehq/plot';
import type { SpecCell } from '../document/model.ts';

export type ReportLang = 'ja' | 'en';

/** What the report offers a section: text escaped and masked as in the rest of the report, tables and figures. */
export interface ReportWriter {
  readonly lang: ReportLang;
  /** Rows shown per table. */
  readonly rowLimit: number;
  /** Whether figures can be drawn (the report has a document for Observable Plot). */
  readonly canDraw: boolean;
  /** Text escaped for element content or a quoted attribute. */
  escape(text: string): string;
  /** A message escaped, its `{name}` placeholders filled: numbers in the report's language, text escaped. */
  fill(template: string, values?: Record<string, string | number>): string;
  /** A number in the report's language with at most `digits` fraction digits (default 0). */
  number(value: number, digits?: number): string;
  /** A share as a percentage with at most one fraction digit. */
  percent(share: number): string;
  /** Any value as plain text (dates as ISO, arrays joined, ranges as start – end). */
  plain(value: unknown): string;
  /** Text with personal data masked by shape (e-mail addresses, phone numbers), unless the report shows it. */
  maskText(text: string): string;
  /** A value of a column, masked when the column holds personal data, unless the report shows it. */
  maskValue(column: string, text: string): string;
  /** A small table of plain rows, each value through the mask. Labels and caption are plain text. */
  table(columns: readonly ReportColumn[], rows: readonly Record<string, unknown>[], caption?: string): string;
  /** The first rows of the cell's result table, or nothing when it left none. */
  resultTable(): string;
  /** A figure drawn by Observable Plot, or a note that Kura draws it. The label is plain text. */
  figure(plot: PlotOptions, label: string): string;
  /** The note that Kura shows this cell and the report only its result table. */
  kindNote(): string;
}

export interface ReportColumn {
  key: string;
  label: string;
  numeric?: boolean;
}

/** What a cell that ran left for the report. */
export interface ReportDone {
  /** What the kind's execute left (unchecked: sections check its shape). */
  value?: unknown;
  /** A chart cell's spec and rows, as its executor returns them. */
  chart?: unknown;
}

export interface ReportSection {
  /** The section's heading as HTML; without it the cell's name. */
  heading?(cell: SpecCell, writer: ReportWriter): string;
  /** The section's body as HTML, or null for the generic one (the note and the result table). */
  render(cell: SpecCell, done: ReportDone, writer: ReportWriter): string | null;
}

/** A kind's report messages in both languages; a key missing in either is a type error. */
export function reportMessages<Messages extends Record<string, string>>(messages: {
  en: Messages;
  ja: Record<keyof Messages, string>;
}): Record<ReportLang, Record<keyof Messages, string>> {
  return messages;
}
