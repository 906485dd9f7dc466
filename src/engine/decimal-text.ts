/** A DuckDB DECIMAL (and HUGEINT, which DuckDB-WASM sends as DECIMAL(38,0)) arrives as its unscaled integer; put the point back without going through a float. */
export function formatDecimal(unscaled: string, scale: number, grouped: Intl.NumberFormat): string {
  const negative = unscaled.startsWith('-');
  const digits = (negative ? unscaled.slice(1) : unscaled).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? digits.slice(digits.length - scale) : '';
  const wholeText = /^\d+$/.test(whole) ? grouped.format(BigInt(whole)) : whole;
  return `${negative ? '-' : ''}${wholeText}${fraction ? `.${fraction}` : ''}`;
}
