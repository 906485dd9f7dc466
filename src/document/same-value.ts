/** Structural equality of plain data (JSON-like values); object key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  const left = definedEntries(a as Record<string, unknown>);
  const right = definedEntries(b as Record<string, unknown>);
  if (left.size !== right.size) return false;
  for (const [key, value] of left) {
    if (!right.has(key) || !sameValue(value, right.get(key))) return false;
  }
  return true;
}

/** `{a: undefined}` and `{}` are the same notebook. */
function definedEntries(record: Record<string, unknown>): Map<string, unknown> {
  return new Map(Object.entries(record).filter(([, value]) => value !== undefined));
}
