const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });

/** A tick label short enough for a plot's left margin: 1.2M, 350K, 12 (a full 12,000,000 is cut off by the margin). */
export function compactNumber(value: number): string {
  return compact.format(value);
}

/** A left margin wide enough for the longest of `labels` at Plot's 10px font (CJK characters are about twice as wide). */
export function marginForLabels(labels: readonly string[], least = 40): number {
  const widest = Math.max(
    0,
    ...labels.map((label) => [...label].reduce((sum, character) => sum + (character.codePointAt(0)! >= 0x2e80 ? 10.5 : 6), 0)),
  );
  return Math.max(least, Math.ceil(widest) + 12);
}
