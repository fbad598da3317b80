/**
 * Export of an SVG chart: as a standalone SVG document, and rasterised to PNG through an
 * `Image` and a canvas (the image is loaded from a `blob:` URL, which the page's CSP allows
 * for images: `img-src 'self' data: blob:`).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * A standalone SVG document of `svg`: a copy without the elements matching `dropSelector`
 * (live-only parts such as hover marks), with the SVG namespace, explicit size and an XML
 * declaration. Styles must already be presentation attributes on the elements.
 */
export function standaloneSvg(svg: SVGSVGElement, widthPx: number, heightPx: number, dropSelector = '.mc-live'): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  for (const e of Array.from(clone.querySelectorAll(dropSelector))) e.remove();
  for (const e of Array.from(clone.querySelectorAll('[tabindex],[role]'))) { e.removeAttribute('tabindex'); e.removeAttribute('role'); }
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('version', '1.1');
  clone.setAttribute('width', String(widthPx));
  clone.setAttribute('height', String(heightPx));
  clone.setAttribute('viewBox', `0 0 ${widthPx} ${heightPx}`);
  clone.removeAttribute('class');
  clone.removeAttribute('aria-hidden');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** Rasterises an SVG document of `widthPx` × `heightPx` to a PNG at `scale` device pixels per px. */
export async function svgToPng(svgText: string, widthPx: number, heightPx: number, scale = 2): Promise<Blob> {
  if (!(scale > 0)) throw new RangeError(`scale must be positive, got ${scale}`);
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image(widthPx, heightPx);
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(widthPx * scale);
    canvas.height = Math.round(heightPx * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas context to draw the chart on');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves `blob` as a download named `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
