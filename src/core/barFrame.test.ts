import { describe, expect, it } from 'vitest';
import { BarFrame } from './barFrame.js';
import { SymbolTable } from './symbols.js';

function build(rows: Array<[string, number, number]>): BarFrame {
  const symbols = new SymbolTable();
  const cols = BarFrame.allocate(symbols, rows.length);
  rows.forEach(([s, ts, close], i) => {
    cols.symbol[i] = symbols.intern(s);
    cols.ts[i] = ts;
    cols.open[i] = cols.high[i] = cols.low[i] = cols.close[i] = close;
    cols.volume[i] = 1;
    cols.vwap[i] = Number.NaN;
    cols.knownAt[i] = ts;
  });
  return BarFrame.sorted(symbols, cols);
}

describe('BarFrame', () => {
  it('sorts by symbol id then time, stably', () => {
    const f = build([
      ['B', 30, 1],
      ['A', 20, 2],
      ['B', 10, 3],
      ['A', 10, 4],
      ['B', 20, 5],
    ]);
    // B interned first (id 0), A second (id 1).
    expect(Array.from(f.symbol)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(f.ts)).toEqual([10, 20, 30, 10, 20]);
    expect(Array.from(f.close)).toEqual([3, 5, 1, 4, 2]);
  });

  it('slices per symbol and per time range without copying', () => {
    const f = build([
      ['A', 1, 1],
      ['A', 2, 2],
      ['A', 3, 3],
      ['B', 1, 4],
      ['B', 5, 5],
    ]);
    const a = f.forSymbol(0);
    expect(a.length).toBe(3);
    expect(a.close.buffer).toBe(f.close.buffer);
    const mid = a.between(2, 3);
    expect(Array.from(mid.close)).toEqual([2]);
    expect(mid.close.buffer).toBe(f.close.buffer);
    a.close[0] = 42;
    expect(f.close[0]).toBe(42);
    expect(f.forSymbol(7).length).toBe(0);
    expect(f.symbolRange(1)).toEqual([3, 5]);
  });

  it('copies when a time range spans several symbols', () => {
    const f = build([
      ['A', 1, 1],
      ['A', 2, 2],
      ['B', 1, 3],
      ['B', 2, 4],
    ]);
    const r = f.between(2, 10);
    expect(Array.from(r.close)).toEqual([2, 4]);
    expect(Array.from(r.symbol)).toEqual([0, 1]);
    expect(r.close.buffer).not.toBe(f.close.buffer);
  });

  it('lists symbol ids and rebuilds a Bar object at the edge', () => {
    const f = build([
      ['X', 5, 9],
      ['Y', 6, 8],
    ]);
    expect(Array.from(f.symbolIds())).toEqual([0, 1]);
    expect(f.bar(1)).toMatchObject({ symbol: 'Y', ts: 6, close: 8, trades: 0 });
  });

  it('concatenates frames and restores order', () => {
    const symbols = new SymbolTable(['A', 'B']);
    const one = BarFrame.allocate(symbols, 1);
    one.symbol[0] = 1;
    one.ts[0] = 5;
    const two = BarFrame.allocate(symbols, 1);
    two.symbol[0] = 0;
    two.ts[0] = 9;
    const c = BarFrame.concat(symbols, [one, two]);
    expect(Array.from(c.symbol)).toEqual([0, 1]);
    expect(Array.from(c.ts)).toEqual([9, 5]);
  });

  it('rejects columns of different lengths', () => {
    const symbols = new SymbolTable();
    const f = BarFrame.allocate(symbols, 2);
    expect(() => new BarFrame(symbols, { ...f, close: new Float64Array(3) })).toThrow(RangeError);
  });
});
