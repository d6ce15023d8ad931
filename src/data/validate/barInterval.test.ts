import { describe, expect, it } from 'vitest';
import { BarFrame } from '../../core/barFrame.js';
import { SymbolTable } from '../../core/symbols.js';
import { inferBarInterval } from './barInterval.js';

function frame(symbol: number[], ts: number[]): BarFrame {
  const f = BarFrame.allocate(new SymbolTable(['A', 'B']), ts.length);
  f.symbol.set(symbol);
  f.ts.set(ts);
  return f;
}

describe('inferBarInterval', () => {
  it('takes the most common spacing within symbols, not the smallest', () => {
    // Spacings 5, 60, 60, 180 (A) and 60 (B); the A→B boundary is not a spacing.
    expect(inferBarInterval(frame([0, 0, 0, 0, 0, 1, 1], [0, 5, 65, 125, 305, 0, 60]))).toBe(60);
  });

  it('is NaN when no symbol has two bars', () => {
    expect(inferBarInterval(frame([0, 1], [0, 10]))).toBeNaN();
  });
});
