import type { PolicyCode } from './PolicyCode.ts';

/** The "own policies" dialog: policy modules from a file or pasted code, checked by a worker. */
export interface PolicyModulesDialog {
  readonly modules: readonly PolicyCode[];
  open(): void;
  /** Replaces the modules (from local storage or a consented link), without checking them. */
  setModules(modules: readonly PolicyCode[]): void;
  /**
   * Called with the modules the user wants; resolves to an error text to show (the modules
   * are then not taken) or null when they loaded.
   */
  onChange(cb: (modules: readonly PolicyCode[]) => Promise<string | null>): void;
}

export function createPolicyModules(): PolicyModulesDialog {
  let modules: PolicyCode[] = [];
  let check: (m: readonly PolicyCode[]) => Promise<string | null> = async () => null;
  const dialog = document.createElement('dialog');
  dialog.className = 'policy-modules';
  dialog.dataset.testid = 'policy-modules';
  dialog.innerHTML = `
    <h2>Your own policies</h2>
    <p class="muted">A policy module is JavaScript exporting <code>{ family, name, description, params, create(params) }</code>
    (see <code>docs/writing-policies.md</code>). It runs only in the simulation workers, never in this page.</p>
    <ul class="pm-list"></ul>
    <label class="pm-file">Load a file <input type="file" accept=".js,.mjs,text/javascript"></label>
    <label>Or paste a module <input class="pm-name" placeholder="name, e.g. my-policy.js" aria-label="Module name"></label>
    <textarea class="pm-code" rows="10" spellcheck="false" aria-label="Module code" placeholder="export default { family: 'scheduling', name: 'my-fifo', create: () => ({ schedule(queue, cluster) { … } }) }"></textarea>
    <p class="pm-error" role="alert"></p>
    <div class="dialog-actions"><button type="button" class="pm-close">Close</button><button type="button" class="primary pm-add">Load pasted code</button></div>`;
  document.body.append(dialog);
  const list = dialog.querySelector<HTMLUListElement>('.pm-list')!;
  const error = dialog.querySelector<HTMLElement>('.pm-error')!;
  const name = dialog.querySelector<HTMLInputElement>('.pm-name')!;
  const code = dialog.querySelector<HTMLTextAreaElement>('.pm-code')!;

  function render(): void {
    list.replaceChildren(...modules.map((m, i) => {
      const li = document.createElement('li');
      li.textContent = m.name;
      const rm = document.createElement('button');
      rm.type = 'button';
      rm.textContent = 'Remove';
      rm.addEventListener('click', () => void propose(modules.filter((_, k) => k !== i)));
      li.append(' ', rm);
      return li;
    }));
    if (modules.length === 0) list.innerHTML = '<li class="muted">No modules loaded: the runs use the built-in policies.</li>';
  }

  async function propose(next: PolicyCode[]): Promise<boolean> {
    error.textContent = 'Checking…';
    const problem = await check(next);
    error.textContent = problem ?? '';
    if (problem === null) { modules = next; render(); }
    return problem === null;
  }

  dialog.querySelector<HTMLInputElement>('input[type=file]')!.addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const f = input.files?.[0];
    if (!f) return;
    await propose([...modules.filter((m) => m.name !== f.name), { name: f.name, code: await f.text() }]);
    input.value = '';
  });
  dialog.querySelector('.pm-add')!.addEventListener('click', async () => {
    const n = name.value.trim() || `pasted-${modules.length + 1}.js`;
    if (code.value.trim() === '') { error.textContent = 'Paste the module\'s code first.'; return; }
    if (await propose([...modules.filter((m) => m.name !== n), { name: n, code: code.value }])) { code.value = ''; name.value = ''; }
  });
  dialog.querySelector('.pm-close')!.addEventListener('click', () => dialog.close());
  render();

  return {
    get modules() { return modules; },
    open() { render(); dialog.showModal(); },
    setModules(m) { modules = [...m]; render(); },
    onChange(cb) { check = cb; },
  };
}
