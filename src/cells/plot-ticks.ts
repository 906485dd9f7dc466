const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });

/** A tick label short enough for a plot's left margin: 1.2M, 350K, 12 (a full 12,000,000 is cut off by the margin). */
export function compactNumber(value: number): string {
  return compact.format(value);
}
