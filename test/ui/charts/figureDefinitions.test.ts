import { describe, expect, it } from 'vitest';
import { FAILURE_TARGETS } from '../../../src/sim/scenario/failureTargets.ts';
import { FIGURE_DEFINITIONS } from '../../../src/ui/charts/figureDefinitions.ts';

describe('figure definitions', () => {
  it('list the failure targets of the table, in table order', () => {
    const list = FAILURE_TARGETS.join(', ');
    expect(FIGURE_DEFINITIONS.failures.text).toBe(`Component failures in [0, E], by target: ${list}.`);
    expect(FIGURE_DEFINITIONS.interruptions.text).toContain(`(${list}), plus planned (maintenance)`);
  });
});
