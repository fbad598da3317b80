/**
 * Wires replay controls to a timeline view both ways: playing or moving the slider moves
 * the view's cursor; scrubbing on the view's time axis moves the controls.
 */
import type { ReplayControls } from './createReplay.ts';
import type { TimelineView } from './createTimeline.ts';

/** Connects `replay` and `view` (see the module comment). Call `replay.setDuration(t.endS)` when the data changes. */
export function connectReplay(view: TimelineView, replay: ReplayControls): void {
  replay.onTime((t) => view.setCursor(t));
  view.onScrub((t) => {
    replay.setTime(t);
    view.setCursor(t);
  });
}
