/**
 * The notebook document model: plain data, the same in the browser and on the command line.
 * The text file format (src/notebook/format.ts) maps to and from it.
 */
export interface NotebookHeader {
  kura: 1;
  title: string;
  lang?: 'ja' | 'en';
  /** The notebook's own id, which names its schema in the warehouse (src/notebook/namespace.ts); written by the app. */
  id?: string;
  /** Header keys Kura does not know are kept as they are. */
  [key: string]: unknown;
}

export interface Notebook {
  header: NotebookHeader;
  cells: Cell[];
  /** The file's own text around the cells, kept so an unchanged notebook is written back byte for byte. Absent for notebooks made in memory. */
  raw?: NotebookRaw;
}

export interface NotebookRaw {
  /** The front matter with its `---` lines, or '' when the file had none. */
  header: string;
  /** Blank lines after the last cell. */
  trailing: string;
  /** The file's line ending, used for pieces written anew. */
  lineEnding: '\n' | '\r\n';
}

export type Cell = MarkdownCell | SourceCell | SqlCell | SpecCell | OtherCell;

interface CellBase {
  /** In-memory identity for the UI; not stored in the file. */
  id: string;
  /** The cell's text as parsed; written back as is while the cell's value is unchanged. */
  raw?: CellRaw;
}

export interface CellRaw {
  /** Blank lines between the previous piece and this cell. */
  before: string;
  /** The cell's own lines, line endings included. */
  text: string;
}

export interface MarkdownCell extends CellBase {
  kind: 'markdown';
  text: string;
}

export interface SqlCell extends CellBase {
  kind: 'sql';
  /** The result's name: later cells can query it as a view. */
  name: string;
  sql: string;
}

export interface SourceCell extends CellBase {
  kind: 'source';
  /** The table the file is loaded into. */
  name: string;
  spec: SourceSpec;
}

export interface SourceSpec {
  /** The file's name as loaded; the data itself lives in the warehouse (OPFS) or a share bundle. */
  file: string;
  format?: string;
  encoding?: string;
  sheet?: string;
  /** Column-mapping preset id, e.g. "salesforce.contact". */
  preset?: string;
  /** Common-model field → original column, after the user's corrections. */
  mapping?: Record<string, string>;
  /** Spec keys Kura does not know (e.g. from a newer Kura) are kept as they are. */
  [key: string]: unknown;
}

/**
 * The cell kinds whose body is a YAML spec, by word, each with the type of what its run leaves for its view.
 * Each kind's folder adds its own entry (`declare module` in src/cells/<kind>/kind.ts), so the model needs no
 * edit for a new kind.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface SpecCellWords {}

export type SpecCellWord = keyof SpecCellWords;

export interface SpecCell extends CellBase {
  kind: SpecCellWord;
  /** The result's name ('' when the cell has none, e.g. a chart). */
  name: string;
  /** The YAML body as plain data; its meaning belongs to the cell kind's module. */
  spec: Record<string, unknown>;
}

/** A fenced cell of a kind this version does not know (e.g. from a newer Kura): kept verbatim. */
export interface OtherCell extends CellBase {
  kind: 'other';
  info: string;
  body: string;
}
