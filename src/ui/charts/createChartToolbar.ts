import { downloadBlob } from './exportImage.ts';
import type { MetricCharts } from './MetricCharts.ts';
import { showAllDefinitions } from './showDefinition.ts';

/**
 * Appends the charts' title bar to `box`: the heading, and buttons for all the figures'
 * definitions and to download `charts` as `fileName`.svg or `fileName`.png.
 */
export function createChartToolbar(box: HTMLElement, charts: Pick<MetricCharts, 'toSvg' | 'toPng'>, fileName: string): void {
  const bar = document.createElement('div');
  bar.className = 'mc-bar';
  const h = document.createElement('h2');
  h.className = 'mc-heading';
  h.textContent = 'C, S, T and R over time';
  const defs = button('Definitions', 'All figure definitions', () => showAllDefinitions(defs));
  const svgB = button('SVG', 'Download the charts as SVG', () => downloadBlob(new Blob([charts.toSvg()], { type: 'image/svg+xml' }), `${fileName}.svg`));
  const pngB = button('PNG', 'Download the charts as PNG', () => { void charts.toPng().then((b) => downloadBlob(b, `${fileName}.png`)); });
  const tools = document.createElement('div');
  tools.className = 'mc-tools';
  tools.append(defs, svgB, pngB);
  bar.append(h, tools);
  box.append(bar);
}

function button(text: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}
