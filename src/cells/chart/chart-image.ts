import * as Plot from '@observablehq/plot';

const svgNamespace = 'http://www.w3.org/2000/svg';
const swatchRow = 18;

/**
 * A drawn chart as one standalone SVG document: its colour legend above the chart's own svg. Plot returns a bare
 * <svg> without a legend, but a <figure> holding the legend (a small svg ramp, or HTML swatches) and then the chart
 * when there is one; the chart is the figure's last svg, never the first.
 */
export function standaloneChartSvg(plot: Element): { text: string; width: number; height: number } | null {
  const chart = plot instanceof SVGSVGElement ? plot : [...plot.children].filter((child) => child instanceof SVGSVGElement).at(-1);
  if (!(chart instanceof SVGSVGElement)) return null;
  const width = Number(chart.getAttribute('width'));
  const chartHeight = Number(chart.getAttribute('height'));
  const root = document.createElementNS(svgNamespace, 'svg');
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('font-size', '10');
  let top = 0;
  if (plot !== chart) {
    const legend = [...plot.children].find((child) => child !== chart && child instanceof SVGSVGElement);
    const colour = (plot as Element & { scale?: (name: string) => Plot.ScaleOptions | undefined }).scale?.('color');
    if (legend instanceof SVGSVGElement) {
      const ramp = legend.cloneNode(true) as SVGSVGElement;
      root.append(ramp);
      top = Number(legend.getAttribute('height')) + 8;
    } else if (colour && Array.isArray(colour.domain)) {
      top = appendSwatches(root, colour, width) + 8;
    }
  }
  const copy = chart.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('y', String(top));
  root.append(copy);
  const height = top + chartHeight;
  for (const [name, value] of [
    ['xmlns', svgNamespace],
    ['width', String(width)],
    ['height', String(height)],
    ['viewBox', `0 0 ${width} ${height}`],
  ])
    root.setAttribute(name!, value!);
  return { text: new XMLSerializer().serializeToString(root), width, height };
}

/** Plot's HTML swatches as SVG: a square in each category's colour and its name, in rows as wide as the chart. */
function appendSwatches(root: SVGSVGElement, colour: Plot.ScaleOptions, width: number): number {
  const scale = Plot.scale({ color: colour });
  let x = 0;
  let y = 0;
  for (const category of colour.domain as unknown[]) {
    const name = String(category);
    const advance = 24 + [...name].reduce((sum, character) => sum + (character.codePointAt(0)! >= 0x2e80 ? 11 : 7), 0);
    if (x > 0 && x + advance > width) [x, y] = [0, y + swatchRow];
    const swatch = document.createElementNS(svgNamespace, 'rect');
    for (const [attribute, value] of [
      ['x', x],
      ['y', y + 2],
      ['width', 12],
      ['height', 12],
      ['fill', String(scale.apply(category))],
    ])
      swatch.setAttribute(String(attribute), String(value));
    const label = document.createElementNS(svgNamespace, 'text');
    label.setAttribute('x', String(x + 16));
    label.setAttribute('y', String(y + 12));
    label.textContent = name;
    root.append(swatch, label);
    x += advance;
  }
  return y + swatchRow;
}
