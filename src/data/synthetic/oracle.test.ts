import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { rocAuc } from './oracle.js';

/** The definition, pair by pair: P(score_pos > score_neg) + ½ P(tie). */
function naiveAuc(scores: number[], outcomes: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!(outcomes[i]! > 0) || Number.isNaN(scores[i]!)) continue;
    for (let j = 0; j < scores.length; j++) {
      if (!(outcomes[j]! < 0) || Number.isNaN(scores[j]!)) continue;
      pairs++;
      if (scores[i]! > scores[j]!) wins++;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, ½ for a constant score', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [-1, -1, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [-1, -1, 1, 1])).toBe(0);
    expect(rocAuc([3, 3, 3, 3], [-1, 1, -1, 1])).toBe(0.5);
  });

  it('matches the pairwise definition with ties, NaNs and zero outcomes', () => {
    const rng = new Rng(11);
    const scores: number[] = [];
    const outcomes: number[] = [];
    for (let i = 0; i < 400; i++) {
      scores.push(i % 37 === 0 ? Number.NaN : Math.round(rng.normal() * 4) / 4);
      outcomes.push(i % 53 === 0 ? 0 : i % 41 === 0 ? Number.NaN : rng.normal() + 0.3 * scores[i]!);
    }
    expect(rocAuc(scores, outcomes)).toBeCloseTo(naiveAuc(scores, outcomes), 12);
  });

  it('is NaN when one class is empty and rejects misaligned inputs', () => {
    expect(rocAuc([1, 2], [1, 1])).toBeNaN();
    expect(() => rocAuc([1, 2], [1])).toThrow(RangeError);
  });
});
