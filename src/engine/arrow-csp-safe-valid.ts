/**
 * apache-arrow builds its builders' null checks with `new Function`, which the app's
 * Content-Security-Policy forbids (no 'unsafe-eval'). Vite swaps arrow's
 * `builder/valid.mjs` for this closure-based equivalent (see vite.config.ts).
 */
export function createIsValidFunction(nullValues?: readonly unknown[]): (value: unknown) => boolean {
  if (!nullValues || nullValues.length === 0) return () => true;
  const nulls = new Set(nullValues.filter((value) => value === value));
  const nanIsNull = nullValues.some((value) => value !== value);
  return (value) => !(nulls.has(value) || (nanIsNull && value !== value));
}
