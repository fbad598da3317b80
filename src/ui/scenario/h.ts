/** Properties `h` sets: `class`, `text` (textContent, never HTML), attributes, and `on…` listeners. */
export type HProps = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

/**
 * Creates an element: `h('button', { class: 'x', text: 'Load', onclick: f }, child...)`.
 * Text goes in as text (textContent), never as HTML; `false`/`null`/`undefined`
 * attributes are left out, `true` ones set empty.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: HProps = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}
