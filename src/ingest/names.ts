/** The default table name for a file: base name, lower case, anything but [a-z0-9_] as `_`. */
export function tableNameFor(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || fileName;
  const name = base.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (name === '') return 'table_1';
  return /^[0-9]/.test(name) ? `t_${name}` : name;
}

/** Column names as the file has them, trimmed and BOM-free; blanks become column_N, repeats get _2, _3 (DuckDB compares names without case). */
export function cleanColumnNames(raw: readonly unknown[]): string[] {
  const taken = new Set<string>();
  return raw.map((value, index) => {
    const trimmed = String(value ?? '')
      .replace(/[\uFEFF\u200B]/g, '')
      .trim();
    const base = trimmed === '' ? `column_${index + 1}` : trimmed;
    let name = base;
    for (let suffix = 2; taken.has(name.toLowerCase()); suffix++) name = `${base}_${suffix}`;
    taken.add(name.toLowerCase());
    return name;
  });
}
