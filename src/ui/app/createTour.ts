import { familyNames } from '../../worker/catalog.ts';

/** One stop of the tour: the element it points at and what it says. */
export interface TourStep {
  readonly selector: string;
  readonly title: string;
  readonly text: string;
}

/** The tour of the screen for a first visit. */
export const TOUR_STEPS: readonly TourStep[] = [
  { selector: '.app-scenario', title: '1 · Pick a scenario', text: 'Start from a preset: each one tells a story of a cluster on a bad day. Tune the common knobs in the Form, or edit the whole scenario in the Editor — mistakes are shown at the field.' },
  { selector: '.app-runs', title: '2 · Choose policy sets', text: `Two to four sets of policies — ${familyNames.join(', ')} — run side by side, each in its own worker, on the same random failures and arrivals.` },
  { selector: '[data-testid="run-button"]', title: '3 · Run', text: 'Runs take seconds. You can keep working, or cancel a run, while they go.' },
  { selector: '.app-figures', title: '4 · Read C, S, T, R', text: 'Business continuity, stability, response time and utilisation for each set, with the difference to the first. Click a figure\'s name for its exact definition.' },
  { selector: '.app-timeline', title: '5 · Replay what happened', text: 'Every node over time: work coloured by workload, failures in red. Play, scrub, zoom with the wheel, hover for what ran and why it stopped. The charts follow the cursor.' },
  { selector: '.app-header .share', title: '6 · Share', text: 'Copy a link that reproduces this comparison, or export the results as JSON and CSV and the charts as SVG and PNG.' },
];

/**
 * Shows the tour, step by step, pointing at each part of the screen; Esc or "Skip" ends it.
 * Resolves when it ends.
 */
export function startTour(steps: readonly TourStep[] = TOUR_STEPS): Promise<void> {
  const box = document.createElement('div');
  box.className = 'tour';
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-modal', 'false');
  box.setAttribute('aria-label', 'Tour of the screen');
  box.dataset.testid = 'tour';
  document.body.append(box);
  let i = 0;
  let target: HTMLElement | null = null;
  return new Promise((resolve) => {
    const end = () => {
      target?.classList.remove('tour-target');
      box.remove();
      document.removeEventListener('keydown', onKey, true);
      resolve();
    };
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') { e.preventDefault(); end(); } };
    document.addEventListener('keydown', onKey, true);
    const show = () => {
      target?.classList.remove('tour-target');
      const step = steps[i];
      target = document.querySelector<HTMLElement>(step.selector);
      target?.classList.add('tour-target');
      target?.scrollIntoView({ block: 'nearest' });
      box.innerHTML = '';
      const h = document.createElement('h2');
      h.textContent = step.title;
      const p = document.createElement('p');
      p.textContent = step.text;
      const actions = document.createElement('div');
      actions.className = 'dialog-actions';
      const skip = document.createElement('button');
      skip.type = 'button';
      skip.textContent = 'Skip tour';
      skip.dataset.testid = 'tour-skip';
      skip.addEventListener('click', end);
      const next = document.createElement('button');
      next.type = 'button';
      next.className = 'primary';
      next.textContent = i === steps.length - 1 ? 'Done' : `Next (${i + 1}/${steps.length})`;
      next.addEventListener('click', () => { i++; if (i >= steps.length) end(); else show(); });
      actions.append(skip, next);
      box.append(h, p, actions);
      const r = target?.getBoundingClientRect();
      const w = 340;
      const left = r ? Math.min(window.innerWidth - w - 12, Math.max(12, r.left + 12)) : 12;
      const below = r ? r.top + Math.min(r.height, 160) + 8 : 80;
      box.style.left = `${left}px`;
      box.style.top = `${Math.min(window.innerHeight - 200, Math.max(12, below))}px`;
      next.focus();
    };
    show();
  });
}
