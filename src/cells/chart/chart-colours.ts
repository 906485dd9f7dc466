/**
 * Colours a chart takes from its data.
 *
 * Threat model: a notebook's data is untrusted. Observable Plot draws a colour column's values as the colours
 * themselves when every value looks like a CSS colour to it, and to Plot `url(…)`, `var(…)` and `color-mix(…)` do:
 * a value `url(https://tracker.example/x)` would become `fill="url(https://tracker.example/x)"`, which the live page
 * tries to fetch (only CSP stops it) and a report carries to whoever opens it. So a colour column may hold plain
 * colours — a CSS colour name, #hex, rgb()/rgba()/hsl()/hsla() of numbers — or values that are no colour at all
 * (categories, drawn with a scheme), but nothing in CSS's functional notation beyond those.
 */

const plainFunction = /^(rgba?|hsla?)\(\s*[-+0-9.%\s,/a-z]*\)$/;

/** Whether `value` is written like a CSS function (`name(…)`), which Plot may take for a colour. */
function isCssFunction(value: string): boolean {
  return /^[a-z-]+\(/.test(value);
}

/** A value a chart may draw as a colour or as a category; false for functional notation other than rgb()/hsl() of numbers. */
export function isSafeColourValue(value: unknown): boolean {
  if (typeof value !== 'string') return true;
  const text = value.trim().toLowerCase();
  if (!isCssFunction(text)) return true;
  // Units and keywords (deg, turn, none) are letters; a nested function or a URL needs "(" or ":" or quotes.
  return plainFunction.test(text) && !/[():'"\\]/.test(text.slice(text.indexOf('(') + 1, -1));
}

/** The first value of a colour column that a chart must not draw, or null. */
export function unsafeColourValue(values: Iterable<unknown>): string | null {
  for (const value of values) if (!isSafeColourValue(value)) return String(value);
  return null;
}
