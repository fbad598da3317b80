import { describe, expect, it } from 'vitest';
import { figureDiff } from '../../../src/ui/charts/figureDiff.ts';

describe('figureDiff', () => {
  it('says higher C is better and higher T is worse', () => {
    expect(figureDiff('fraction', 'higher', 0.9612, 0.9825)).toEqual({ delta: 0.9825 - 0.9612, arrow: '▲', text: '+0.021', verdict: 'better' });
    expect(figureDiff('fraction', 'higher', 0.9825, 0.9612)).toMatchObject({ arrow: '▼', text: '−0.021', verdict: 'worse' });
    expect(figureDiff('durationS', 'lower', 900, 600)).toMatchObject({ arrow: '▼', text: '−5 min', verdict: 'better' });
    expect(figureDiff('durationS', 'lower', 600, 900)).toMatchObject({ arrow: '▲', text: '+5 min', verdict: 'worse' });
  });

  it('gives a direction but no verdict for neutral figures', () => {
    expect(figureDiff('fraction', 'neutral', 0.8, 0.7)).toMatchObject({ arrow: '▼', verdict: 'neutral' });
  });

  it('treats float noise, and fraction changes that show as 0.000, as equal', () => {
    expect(figureDiff('fraction', 'higher', 0.3, 0.1 + 0.2)).toMatchObject({ delta: 0, arrow: '=', text: '±0', verdict: 'same' });
    expect(figureDiff('fraction', 'higher', 0.5, 0.50004)).toMatchObject({ verdict: 'same' });
    expect(figureDiff('count', 'lower', 3, 3)).toMatchObject({ verdict: 'same' });
    expect(figureDiff('count', 'lower', 3, 4)).toMatchObject({ verdict: 'worse', text: '+1' });
  });

  it('compares nothing when either value is missing', () => {
    for (const [a, b] of [[null, 1], [1, null], [undefined, 1], [1, NaN]] as const) {
      expect(figureDiff('durationS', 'lower', a, b)).toMatchObject({ arrow: '', text: '', verdict: 'none' });
    }
  });
});
