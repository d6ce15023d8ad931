import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { frameFromLogCloses } from './fixtures.js';
import { ewmVolatility } from './volatility.js';

describe('ewmVolatility', () => {
  // Log closes x = [0, 0.01, 0, 0.02, 0.02] → 1-bar returns r1..r4 = [0.01, −0.01, 0.02, 0].
  // span 3 → α = 2/4 = 0.5, β = 0.5; lookback 3 → weights (newest first) 1, 0.5, 0.25;
  // V1 = 1.75, V2 = 1 + 0.25 + 0.0625 = 1.3125, unbiasing factor V1²/(V1² − V2) = 3.0625/1.75 = 1.75.
  // Row 3 (r3, r2, r1 = 0.02, −0.01, 0.01):
  //   m = (0.02 − 0.005 + 0.0025)/1.75 = 0.01; Σw(r−m)² = 1·0.0001 + 0.5·0.0004 + 0.25·0 = 0.0003;
  //   var = 0.0003/1.75 · 1.75 = 0.0003 → σ = √0.0003.
  // Row 4 (r4, r3, r2 = 0, 0.02, −0.01; r1 has left the window):
  //   m = (0 + 0.01 − 0.0025)/1.75 = 3/700; deviations −3/700, 11/700, −10/700;
  //   Σw(r−m)² = (9 + 0.5·121 + 0.25·100)/490000 = 94.5/490000 → σ = √(94.5/490000).
  const x = [0, 0.01, 0, 0.02, 0.02];

  it('matches the hand-computed weighted, bias-corrected σ over a finite window', () => {
    const vol = ewmVolatility(frameFromLogCloses([x]), { span: 3, lookback: 3 });
    expect(Array.from(vol.subarray(0, 3)).every(Number.isNaN)).toBe(true);
    expect(vol[3]).toBeCloseTo(Math.sqrt(0.0003), 12);
    expect(vol[4]).toBeCloseTo(Math.sqrt(94.5 / 490000), 12);
  });

  it('restarts the warm-up at each symbol and never mixes symbols', () => {
    const vol = ewmVolatility(frameFromLogCloses([[0, 0.5, -0.3, 0.2, 0.1], x]), { span: 3, lookback: 3 });
    expect(Array.from(vol.subarray(5, 8)).every(Number.isNaN)).toBe(true);
    expect(vol[8]).toBeCloseTo(Math.sqrt(0.0003), 12);
    expect(vol[9]).toBeCloseTo(Math.sqrt(94.5 / 490000), 12);
  });

  it('defaults the lookback to 3 × span', () => {
    const path = Array.from({ length: 70 }, (_, i) => 0.01 * Math.sin(i));
    const vol = ewmVolatility(frameFromLogCloses([path]), { span: 20 });
    expect(Number.isNaN(vol[59])).toBe(true);
    expect(vol[60]).toBeGreaterThan(0);
  });

  it('rejects a span that gives no decay', () => {
    expect(() => ewmVolatility(frameFromLogCloses([x]), { span: 1 })).toThrow(ConfigError);
  });
});
