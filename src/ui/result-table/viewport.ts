/**
 * Virtual-scroll geometry. Browsers cap an element's height (~33M px in Chromium, less elsewhere),
 * so past `maxCanvasPx` the scrollable canvas is shorter than the rows and one scrolled pixel moves
 * `scrollRatio` pixels through the rows. `virtualTop` is the position in row pixels.
 */
export const maxCanvasPx = 10_000_000;

export interface Geometry {
  rowCount: number;
  rowHeight: number;
  /** Height of the visible row area (the scroll container minus its sticky header). */
  viewHeight: number;
}

export function rowsHeight(g: Geometry): number {
  return g.rowCount * g.rowHeight;
}

export function canvasHeight(g: Geometry): number {
  return Math.min(rowsHeight(g), maxCanvasPx);
}

/** Row pixels per scrolled pixel: 1 unless the rows are taller than the canvas. */
export function scrollRatio(g: Geometry): number {
  const rows = rowsHeight(g);
  const canvas = canvasHeight(g);
  if (rows <= canvas || canvas <= g.viewHeight) return 1;
  return (rows - g.viewHeight) / (canvas - g.viewHeight);
}

export function maxVirtualTop(g: Geometry): number {
  return Math.max(0, rowsHeight(g) - g.viewHeight);
}

export function clampVirtualTop(virtualTop: number, g: Geometry): number {
  return Math.min(Math.max(0, virtualTop), maxVirtualTop(g));
}

export interface RenderRange {
  /** First and last (exclusive) row indexes to put in the DOM, overscan included. */
  start: number;
  end: number;
  /** Top of row `start` inside the canvas, in px. */
  top: number;
}

/** Which rows to render for a scroll position; `scrollTop` is the container's real scroll offset. */
export function renderRange(virtualTop: number, scrollTop: number, g: Geometry, overscan: number): RenderRange {
  if (g.rowCount <= 0 || g.rowHeight <= 0) return { start: 0, end: 0, top: 0 };
  const first = Math.floor(virtualTop / g.rowHeight);
  const last = Math.ceil((virtualTop + g.viewHeight) / g.rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(g.rowCount, last + overscan);
  // Row i sits at scrollTop + i*rowHeight - virtualTop, which is i*rowHeight when unscaled.
  return { start, end, top: scrollTop - virtualTop + start * g.rowHeight };
}
