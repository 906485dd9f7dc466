/** Writes CSV the way spreadsheet exports do: fields quoted only when they need it (or always, like Salesforce). */
export function toCsv(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: { eol?: '\n' | '\r\n'; quoteAll?: boolean } = {},
): string {
  const eol = options.eol ?? '\n';
  const field = (value: string) =>
    options.quoteAll || /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
  return [headers, ...rows].map((row) => row.map(field).join(',')).join(eol) + eol;
}
