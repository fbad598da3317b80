/**
 * Fills a timeline's tooltip (a title with an optional colour swatch, then a line each;
 * lines about outages marked) and places it beside the pointer at (`clientX`, `clientY`),
 * inside `stage`, flipped to the other side near the right or bottom edge.
 */
export function showTooltip(tooltip: HTMLElement, stage: HTMLElement, clientX: number, clientY: number, title: string, lines: readonly string[], swatch: string | null): void {
  tooltip.replaceChildren();
  const h = document.createElement('div');
  h.className = 'tl-tip-title';
  if (swatch) { const s = document.createElement('span'); s.className = 'tl-swatch'; s.style.background = swatch; h.append(s); }
  h.append(title);
  tooltip.append(h);
  for (const l of lines) { const p = document.createElement('div'); p.textContent = l; if (/^down/.test(l)) p.className = 'tl-tip-down'; tooltip.append(p); }
  tooltip.hidden = false;
  const sr = stage.getBoundingClientRect();
  const tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
  let left = clientX - sr.left + 14, top = clientY - sr.top + 16;
  if (left + tw > sr.width - 4) left = Math.max(4, clientX - sr.left - tw - 14);
  if (top + th > sr.height - 4) top = Math.max(4, clientY - sr.top - th - 12);
  tooltip.style.left = `${left}px`;
  tooltip.style.top = `${top}px`;
}
