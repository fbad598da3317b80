/** The header's actions, each a button (keyboard operable). */
export interface Header {
  on(action: HeaderAction, cb: () => void): void;
  /** Shows a short message beside the actions (e.g. "Link copied"). */
  say(text: string, kind?: 'ok' | 'error'): void;
}

export type HeaderAction = 'share' | 'export-json' | 'export-csv' | 'export-svg' | 'export-png' | 'modules' | 'definitions' | 'tour';

export function createHeader(root: HTMLElement): Header {
  root.innerHTML = `
    <div class="brand"><h1>dcsim</h1><span class="tagline">Does this cluster keep the business running when things break?</span></div>
    <nav class="header-actions" aria-label="Actions">
      <span class="header-say" role="status" aria-live="polite"></span>
      <button type="button" data-action="modules" title="Load policy modules of your own">Own policies</button>
      <button type="button" data-action="definitions" title="What every figure means">Figures</button>
      <span class="header-group" role="group" aria-label="Export">
        <span class="muted">Export</span>
        <button type="button" data-action="export-json" data-testid="export-json">JSON</button>
        <button type="button" data-action="export-csv" data-testid="export-csv">CSV</button>
        <button type="button" data-action="export-svg">SVG</button>
        <button type="button" data-action="export-png">PNG</button>
      </span>
      <button type="button" class="share" data-action="share" data-testid="share-button">Copy link</button>
      <button type="button" data-action="tour" aria-label="Tour of the screen" title="Tour of the screen">?</button>
    </nav>`;
  const cbs = new Map<HeaderAction, (() => void)[]>();
  root.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (b) for (const cb of cbs.get(b.dataset.action as HeaderAction) ?? []) cb();
  });
  const say = root.querySelector<HTMLElement>('.header-say')!;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    on(action, cb) { cbs.set(action, [...(cbs.get(action) ?? []), cb]); },
    say(text, kind = 'ok') {
      say.textContent = text;
      say.dataset.kind = kind;
      clearTimeout(timer);
      timer = setTimeout(() => { say.textContent = ''; }, 6000);
    },
  };
}
