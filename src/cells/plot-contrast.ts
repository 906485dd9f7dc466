/** Relative luminance (WCAG) of a colour written as rgb(r, g, b) or #rrggbb, as Plot's colour schemes give them. */
function luminance(colour: string): number {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour.trim());
  const parts = hex
    ? [0, 2, 4].map((at) => parseInt(hex[1]!.slice(at, at + 2), 16))
    : (colour.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number);
  const [r, g, b] = parts.map((part) => {
    const channel = part / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** White or black, whichever contrasts more with `background` (at least 4.5:1 for any background). */
export function textColourOn(background: string): 'white' | 'black' {
  // White wins below luminance 0.179, where (1 + 0.05) / (L + 0.05) = (L + 0.05) / 0.05.
  return luminance(background) < 0.179 ? 'white' : 'black';
}
