import { familyLabel, familyNames, type FamilyName, type PolicyInfo } from '../../worker/catalog.ts';
import { runColors } from '../theme/palette.ts';
import type { UiPolicySet } from './UiPolicySet.ts';
import './runs.css';

/** The runs panel: two to four policy sets, a run button, a progress bar and cancel per run. */
export interface RunsPanel {
  readonly sets: readonly UiPolicySet[];
  setSets(sets: readonly UiPolicySet[]): void;
  /** The policies to offer per family (built-ins and those of loaded modules). */
  setPolicies(policies: Record<FamilyName, PolicyInfo[]>): void;
  /** Enables the run button, or disables it saying why. */
  setCanRun(ok: boolean, why?: string): void;
  /** Shows run `i`'s state: a fraction done, or a final text (done, failed: …). */
  setProgress(i: number, fraction: number | null, status: string, kind?: 'ok' | 'error' | ''): void;
  setRunning(running: boolean): void;
  onRun(cb: () => void): void;
  onCancel(cb: (i: number) => void): void;
  onChange(cb: (sets: readonly UiPolicySet[]) => void): void;
}

export function createRunsPanel(root: HTMLElement): RunsPanel {
  let sets: UiPolicySet[] = [];
  let policies: Partial<Record<FamilyName, PolicyInfo[]>> = {};
  let running = false;
  const runCbs: (() => void)[] = [], cancelCbs: ((i: number) => void)[] = [], changeCbs: ((s: readonly UiPolicySet[]) => void)[] = [];
  root.classList.add('runs');
  root.innerHTML = `
    <div class="runs-head">
      <h2>Policy sets <span class="muted">— each runs in its own worker, on the same seed</span></h2>
      <div class="runs-actions">
        <button type="button" class="runs-add">+ Add set</button>
        <button type="button" class="primary runs-run" data-testid="run-button">Run side by side</button>
      </div>
    </div>
    <p class="runs-why muted" role="status"></p>
    <div class="runs-list"></div>`;
  const list = root.querySelector<HTMLElement>('.runs-list')!;
  const runButton = root.querySelector<HTMLButtonElement>('.runs-run')!;
  const addButton = root.querySelector<HTMLButtonElement>('.runs-add')!;
  const why = root.querySelector<HTMLElement>('.runs-why')!;
  let canRun = true;

  const changed = () => { for (const cb of changeCbs) cb(sets); };
  const update = (i: number, next: Partial<UiPolicySet>) => { sets[i] = { ...sets[i], ...next }; changed(); };

  function familySelect(i: number, family: FamilyName): HTMLLabelElement {
    const label = document.createElement('label');
    label.className = 'runs-family';
    label.append(familyLabel(family));
    const sel = document.createElement('select');
    sel.setAttribute('aria-label', `${familyLabel(family)} policy of set ${i + 1}`);
    const keep = new Option('as in scenario', '');
    sel.append(keep);
    const chosen = sets[i].choices[family] ?? '';
    const names = (policies[family] ?? []).map((p) => p.name);
    if (chosen && !names.includes(chosen)) names.push(chosen);
    for (const name of names) {
      const info = policies[family]?.find((p) => p.name === name);
      const o = new Option(name, name);
      if (info) o.title = info.description;
      sel.append(o);
    }
    sel.value = chosen;
    sel.addEventListener('change', () => {
      const choices = { ...sets[i].choices };
      if (sel.value) choices[family] = sel.value; else delete choices[family];
      update(i, { choices });
    });
    label.append(sel);
    return label;
  }

  function row(i: number): HTMLElement {
    const set = sets[i];
    const el = document.createElement('div');
    el.className = 'runs-set';
    el.dataset.testid = `run-set-${i}`;
    el.style.setProperty('--run-color', runColors[i]);
    const name = document.createElement('input');
    name.className = 'runs-name';
    name.value = set.name;
    name.setAttribute('aria-label', `Name of set ${i + 1}`);
    name.addEventListener('input', () => update(i, { name: name.value }));
    const params = document.createElement('input');
    params.className = 'runs-params';
    params.placeholder = 'parameters, e.g. backup.interval=2h';
    params.value = set.params;
    params.setAttribute('aria-label', `Parameters of set ${i + 1}`);
    params.addEventListener('input', () => update(i, { params: params.value }));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'runs-remove';
    remove.textContent = '×';
    remove.title = 'Remove this set';
    remove.setAttribute('aria-label', `Remove set ${i + 1}`);
    remove.disabled = sets.length <= 2 || running;
    remove.addEventListener('click', () => { sets.splice(i, 1); render(); changed(); });
    const progress = document.createElement('div');
    progress.className = 'runs-progress';
    progress.innerHTML = `<progress max="1" value="0" aria-label="Progress of set ${i + 1}"></progress><span class="runs-status" data-testid="run-status-${i}"></span><button type="button" class="runs-cancel" hidden>Cancel</button>`;
    progress.querySelector('button')!.addEventListener('click', () => { for (const cb of cancelCbs) cb(i); });
    const head = document.createElement('div');
    head.className = 'runs-set-head';
    const swatch = document.createElement('span');
    swatch.className = 'runs-swatch';
    swatch.setAttribute('aria-hidden', 'true');
    head.append(swatch, name, remove);
    const fams = document.createElement('div');
    fams.className = 'runs-families';
    for (const f of familyNames) fams.append(familySelect(i, f));
    el.append(head, fams, params, progress);
    return el;
  }

  function render(): void {
    list.replaceChildren(...sets.map((_, i) => row(i)));
    addButton.disabled = sets.length >= 4 || running;
    runButton.disabled = !canRun || running;
  }

  runButton.addEventListener('click', () => { if (!running && canRun) for (const cb of runCbs) cb(); });
  addButton.addEventListener('click', () => {
    if (sets.length >= 4) return;
    sets.push({ name: `set ${sets.length + 1}`, choices: {}, params: '' });
    render();
    changed();
    list.querySelector<HTMLInputElement>('.runs-set:last-child .runs-name')?.focus();
  });

  return {
    get sets() { return sets; },
    setSets(next) { sets = next.map((s) => ({ ...s })); render(); },
    setPolicies(p) { policies = p; render(); },
    setCanRun(ok, text = '') { canRun = ok; why.textContent = ok ? '' : text; render(); },
    setProgress(i, fraction, status, kind = '') {
      const el = list.children[i] as HTMLElement | undefined;
      if (!el) return;
      const bar = el.querySelector('progress')!;
      if (fraction === null) bar.removeAttribute('value'); else bar.value = fraction;
      const s = el.querySelector<HTMLElement>('.runs-status')!;
      s.textContent = status;
      s.dataset.kind = kind;
      el.querySelector<HTMLButtonElement>('.runs-cancel')!.hidden = !(running && kind === '');
    },
    setRunning(r) {
      running = r;
      render();
    },
    onRun: (cb) => { runCbs.push(cb); },
    onCancel: (cb) => { cancelCbs.push(cb); },
    onChange: (cb) => { changeCbs.push(cb); },
  };
}
