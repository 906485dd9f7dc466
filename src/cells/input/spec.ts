import { DateDay, Float64, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { quoteIdent } from '../../engine/sql.ts';
import { specError } from '../../document/spec-error.ts';

/**
 * An input cell's YAML body. The cell's name is the table its value becomes, so SQL reads the value as data
 * (`where region in (select value from region)`); the value is inserted as Arrow, never written into SQL text.
 *
 *     control: select | multiselect | daterange | slider | text
 *     label: Region                      # shown next to the control
 *     options: {table: crm_contacts, column: MailingState}   # select and multiselect
 *     min: 0, max: 100000, step: 1000    # slider
 *     value: 東京都                       # the current value (a list for multiselect, {start, end} for daterange)
 */
export type InputControl = 'select' | 'multiselect' | 'daterange' | 'slider' | 'text';

export interface InputSpec {
  control: InputControl;
  label?: string;
  options?: { table: string; column: string };
  min?: number;
  max?: number;
  step?: number;
  value: InputValue;
}

export type InputValue = string | number | string[] | { start: string; end: string } | null;

const controls: readonly InputControl[] = ['select', 'multiselect', 'daterange', 'slider', 'text'];
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function readInputSpec(spec: Record<string, unknown>): InputSpec {
  const control = (spec.control ?? 'text') as InputControl;
  if (!controls.includes(control)) throw specError('spec.inputControl', { controls: controls.join(', '), control: String(control) });
  const options = spec.options as { table?: unknown; column?: unknown } | undefined;
  if ((control === 'select' || control === 'multiselect') && (typeof options?.table !== 'string' || typeof options.column !== 'string')) {
    throw specError('spec.inputOptions');
  }
  const number = (key: string) => (typeof spec[key] === 'number' ? (spec[key] as number) : undefined);
  return {
    control,
    label: typeof spec.label === 'string' ? spec.label : undefined,
    options: options as InputSpec['options'],
    min: number('min'),
    max: number('max'),
    step: number('step'),
    value: readValue(control, spec.value, number('min')),
  };
}

function readValue(control: InputControl, value: unknown, min: number | undefined): InputValue {
  switch (control) {
    case 'multiselect':
      return Array.isArray(value) ? value.map(String) : value === undefined || value === null ? [] : [String(value)];
    case 'daterange': {
      const range = value as { start?: unknown; end?: unknown } | null | undefined;
      const start = String(range?.start ?? '');
      const end = String(range?.end ?? '');
      if (!isoDate.test(start) || !isoDate.test(end)) return null;
      return { start, end };
    }
    case 'slider':
      return typeof value === 'number' ? value : (min ?? 0);
    default:
      return value === undefined || value === null ? null : String(value);
  }
}

/** The value as an Arrow table: `value` (one row, or one per selected item), or `start`/`end` for a date range. */
export function inputValueTable(input: InputSpec): Uint8Array {
  let columns: Record<string, Vector>;
  if (input.control === 'daterange') {
    const range = input.value as { start: string; end: string } | null;
    const day = (text: string | undefined) => (text === undefined ? null : new Date(`${text}T00:00:00Z`));
    columns = { start: vectorFromArray([day(range?.start)], new DateDay()), end: vectorFromArray([day(range?.end)], new DateDay()) };
  } else if (input.control === 'slider') {
    columns = { value: vectorFromArray([input.value as number], new Float64()) };
  } else {
    const values = input.control === 'multiselect' ? (input.value as string[]) : [input.value as string | null];
    columns = { value: vectorFromArray(values, new Utf8()) };
  }
  return tableToIPC(new Table(columns), 'stream');
}

/** The choices of a select: the column's distinct values, most frequent first (at most 1,000). */
export function inputOptionsSql(options: { table: string; column: string }): string {
  const column = quoteIdent(options.column);
  return `select ${column}::VARCHAR as value, count(*) as n from ${quoteIdent(options.table)} where ${column} is not null group by all order by n desc, value limit 1000`;
}
