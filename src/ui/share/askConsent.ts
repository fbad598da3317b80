import type { PolicyCode } from '../runs/PolicyCode.ts';

/**
 * Asks the user whether to run policy code that came with a link: shows the code (as text)
 * and resolves true only on an explicit "Run this code". Esc, the close button or "Don't run"
 * resolve false.
 */
export function askConsent(modules: readonly PolicyCode[]): Promise<boolean> {
  const dialog = document.createElement('dialog');
  dialog.className = 'consent';
  dialog.dataset.testid = 'consent-dialog';
  const h = document.createElement('h2');
  h.textContent = 'This link carries policy code';
  const p = document.createElement('p');
  p.textContent = `It includes ${modules.length === 1 ? 'a policy module' : `${modules.length} policy modules`} written by whoever made the link. The code would run in this page's simulation workers. Read it first; run it only if you trust it. Without it, the comparison opens with the policies it does not need.`;
  dialog.append(h, p);
  for (const m of modules) {
    const title = document.createElement('h3');
    title.textContent = m.name;
    const pre = document.createElement('pre');
    pre.textContent = m.code;
    dialog.append(title, pre);
  }
  const actions = document.createElement('div');
  actions.className = 'dialog-actions';
  const no = document.createElement('button');
  no.type = 'button';
  no.textContent = "Don't run it";
  no.dataset.testid = 'consent-refuse';
  const yes = document.createElement('button');
  yes.type = 'button';
  yes.className = 'primary';
  yes.textContent = 'Run this code';
  yes.dataset.testid = 'consent-accept';
  actions.append(no, yes);
  dialog.append(actions);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let answer = false;
    yes.addEventListener('click', () => { answer = true; dialog.close(); });
    no.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    dialog.showModal();
    no.focus();
  });
}
