import type { RecordSummary } from './explain.ts';

const summaryColumns: Record<keyof Omit<RecordSummary, 'source' | 'row'>, (alias: string) => string> = {
  name: (a) => `${a}.name`,
  email: (a) => `${a}.email_display`,
  phone: (a) => `coalesce(${a}.phone_display, ${a}.mobile_display)`,
  company: (a) => `${a}.company`,
  address: (a) => `${a}.address`,
  postal_code: (a) => `${a}.postal_display`,
  birth_date: (a) => `${a}.birth_date`,
};

/** The shown fields of an `identity_input` row aliased `alias`, as columns `<alias>_<field>`. */
export function recordSummarySql(alias: string): string {
  return Object.entries(summaryColumns)
    .map(([key, expression]) => `${expression(alias)} AS ${alias}_${key}`)
    .join(', ');
}

/** A record's summary from a row with `source_<alias>`, `row_<alias>` and recordSummarySql(alias)'s columns. */
export function recordSummary(row: Record<string, unknown>, alias: string): RecordSummary {
  const text = (key: string) => (row[`${alias}_${key}`] == null ? null : String(row[`${alias}_${key}`]));
  return {
    source: String(row[`source_${alias}`]),
    row: Number(row[`row_${alias}`]),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    company: text('company'),
    address: text('address'),
    postal_code: text('postal_code'),
    birth_date: text('birth_date'),
  };
}
