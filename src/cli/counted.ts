/** "1 row", "2 rows": a count and its noun in English, for the command line's lines. */
export function counted(count: number, one: string, other = `${one}s`): string {
  return `${count} ${count === 1 ? one : other}`;
}
